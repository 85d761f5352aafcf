// Package flags is analysed with -poolsize.max=8 -poolsize.factor=1.
package flags

import "runtime"

func square(x int) int { return x * x }

func pools(jobs chan int) {
	for range 16 {
		go func() { // want `sized by the constant 16 \(above 8\)`
			for j := range jobs {
				square(j)
			}
		}()
	}
	for range 8 {
		go func() {
			for j := range jobs {
				square(j)
			}
		}()
	}
	for range 2 * runtime.NumCPU() {
		go func() { // want `2× the CPU count \(above 1×\)`
			for j := range jobs {
				square(j)
			}
		}()
	}
	for range runtime.NumCPU() {
		go func() {
			for j := range jobs {
				square(j)
			}
		}()
	}
}
