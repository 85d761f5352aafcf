// Package mid exposes deep's types to top. // want package:`"mid"\) Conn.Close: blocks; deep.Inner.Sleep: blocks}$`
// It returns deep.Outer, whose method returns deep.Inner, and embeds
// deep.Inner: its fact carries their entries for packages that do not
// import deep. deep.Hidden is in an unexported field: not exposed.
package mid

import "deep"

func New() deep.Outer { return deep.Outer{} }

type Conn struct {
	deep.Inner
	hidden deep.Hidden
}

func (c *Conn) Close() { c.hidden.Sleep() } // unexported use: mid's own entry
