// Package top calls the methods of deep's types without importing deep:
// their effects come from mid's fact.
package top

import "mid"

func run(fs ...any) {}

func workers() {
	in := mid.New().Inner()
	run(in.Sleep) // want `^blocks: deep.Inner.Sleep$`
	run(in.Twice) // want `cpu-bound`
	var c mid.Conn
	run(c.Sleep) // want `^blocks: deep.Inner.Sleep$`
	run(c.Close) // want `^blocks: \(\*mid.Conn\).Close$`
}
