// Package b runs the workers of package a: the verdicts travel as facts.
package b

import "a"

func run(fs ...any) {}

func workers() {
	run(a.Crunch) // want `cpu-bound`
	run(a.Relay)  // want `cpu-bound`
	run(a.Print)  // want `unknown: a.Print → fmt.Println → .*Write`
	run(a.Emit)   // want `unknown: a.Emit → \(io.Writer\).Write`
	run(func() {  // want `waits: func literal in workers → a.Relay → a receive from in`
		a.Relay(nil, nil)
	})
}
