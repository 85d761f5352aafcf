// Package deep declares types that top reaches through mid only. // want package:`"deep"\) Hidden.Sleep: blocks; Inner.Sleep: blocks}$`
// mid's API does not expose Hidden.
package deep

import "time"

type Outer struct{}

func (Outer) Inner() Inner { return Inner{} }

type Inner struct{}

func (Inner) Sleep() { time.Sleep(time.Second) }

func (Inner) Twice(x int) int { return 2 * x }

type Hidden struct{}

func (Hidden) Sleep() { time.Sleep(time.Second) }
