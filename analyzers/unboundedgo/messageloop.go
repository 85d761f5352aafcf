package unboundedgo

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// An AMQP channel with a prefetch count (Qos) hands a consumer at most that
// many deliveries it has not acknowledged: a goroutine per delivery that
// acknowledges its delivery as it ends is bounded by the prefetch count, as
// by a semaphore it releases.

// prefetchCalls, in types.Func.FullName form, set an AMQP channel's
// prefetch count.
var prefetchCalls = map[string]bool{
	"(*github.com/rabbitmq/amqp091-go.Channel).Qos": true,
	"(*github.com/streadway/amqp.Channel).Qos":      true,
}

// acks, in types.Func.FullName form, acknowledge an AMQP delivery.
var acks = map[string]bool{
	"(github.com/rabbitmq/amqp091-go.Delivery).Ack":    true,
	"(github.com/rabbitmq/amqp091-go.Delivery).Nack":   true,
	"(github.com/rabbitmq/amqp091-go.Delivery).Reject": true,
	"(github.com/streadway/amqp.Delivery).Ack":         true,
	"(github.com/streadway/amqp.Delivery).Nack":        true,
	"(github.com/streadway/amqp.Delivery).Reject":      true,
}

// prefetchVerdict decides whether the prefetch count bounds the goroutine
// started at cur in a loop over AMQP deliveries: the goroutine acknowledges
// a delivery (itself or in a function of the package it calls) and the
// package sets a prefetch count. A goroutine that acknowledges with no
// prefetch count set is not bounded: the note says why.
func (c *checker) prefetchVerdict(cur inspector.Cursor) streamVerdict {
	if !c.acknowledges(c.goroutineCode(cur)) {
		return streamVerdict{}
	}
	if c.setsPrefetch() {
		return streamVerdict{bounded: true}
	}
	return streamVerdict{note: "; the goroutine acknowledges its delivery, which bounds nothing while no Qos sets the channel's prefetch count"}
}

// findPrefetch reports whether the package sets an AMQP channel's prefetch
// count (run keeps the answer in setsPrefetch).
func (c *checker) findPrefetch() bool {
	for _, f := range c.pass.Files {
		if c.callsAny(f, prefetchCalls) {
			return true
		}
	}
	return false
}

// acknowledges reports whether code, or a function of the package that it
// calls, acknowledges an AMQP delivery.
func (c *checker) acknowledges(code []*ast.BlockStmt) bool {
	for _, body := range code {
		if c.callsAny(body, acks) {
			return true
		}
		found := false
		ast.Inspect(body, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if fn := typeutil.StaticCallee(c.pass.TypesInfo, call); fn != nil && c.decls[fn.Origin()] != nil {
					found = c.callsAny(c.decls[fn.Origin()].Body, acks)
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// callsAny reports whether n calls a function of names (types.Func.FullName form).
func (c *checker) callsAny(n ast.Node, names map[string]bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if fn, ok := typeutil.Callee(c.pass.TypesInfo, call).(*types.Func); ok && names[fn.Origin().FullName()] {
				found = true
			}
		}
		return !found
	})
	return found
}
