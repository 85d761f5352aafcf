// Package b sizes through the helpers of another package.
package b

import "helpers"

func size(n int) {}

func cases() {
	size(helpers.Workers())     // want `cpu factor 1 offset 0 from runtime.NumCPU\(\) cpusized=true`
	size(helpers.Workers() * 2) // want `cpu factor 2 offset 0 from runtime.NumCPU\(\)×2 cpusized=true`
	size(helpers.Many())        // want `cpu factor 4 offset 0 from runtime.GOMAXPROCS\(0\)×4 cpusized=false`
	n, _ := helpers.Fixed()
	size(n)                            // want `constant 64`
	size(helpers.FromEnv())            // want `unknown`
	size(helpers.Scale(8))             // want `unknown`
	size(int(uint(helpers.Workers()))) // want `cpu factor 1 offset 0`
}
