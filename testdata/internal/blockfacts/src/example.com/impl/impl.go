package impl // want package:`"example.com/impl"\) dialer.Dial: blocks net:net.Dial; dialer.Send: blocks net:net.Dial}$` package:`implements example.com/impl.Dialer.Dial=\(\*impl.dialer\).Dial blocks, example.com/impl.Sender.Send=\(\*impl.dialer\).Send blocks, example.com/impl.Sender.Send=impl.nop.Send}`

import "net"

// Sender has an implementation that blocks and one that does not.
type Sender interface{ Send() }

// Dialer has one implementation, which blocks.
type Dialer interface{ Dial() }

type dialer struct{}

func (*dialer) Send() { net.Dial("tcp", "localhost:1") }

func (*dialer) Dial() { net.Dial("tcp", "localhost:1") }

type nop struct{}

func (nop) Send() {}

func viaSender(s Sender) { s.Send() }

func viaDialer(d Dialer) { d.Dial() } // want viaDialer:`blocks net:\(\*impl.dialer\).Dial→net.Dial`
