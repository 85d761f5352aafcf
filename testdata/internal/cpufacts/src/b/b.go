// Package b runs the workers of package a: the verdicts travel as facts,
// effects without their chains.
package b

import "a"

func run(fs ...any) {}

func workers() {
	run(a.Crunch) // want `cpu-bound`
	run(a.Relay)  // want `cpu-bound`
	run(a.Print)  // want `^unknown: a.Print$`
	run(a.Emit)   // want `^unknown: a.Emit$`
	run(func() {  // want `^waits: func literal in workers → a.Relay$`
		a.Relay(nil, nil)
	})
	var m a.Meter
	run(m.Flush)  // want `^blocks: \(\*a.Meter\).Flush$`
	run(m.Scaled) // want `cpu-bound`
	run(func() {  // want `^blocks: func literal in workers → \(\*a.Meter\).Flush$`
		m.Flush()
	})
}
