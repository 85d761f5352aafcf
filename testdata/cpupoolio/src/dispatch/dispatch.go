// Package dispatch sizes the pools of package notify to the cores. It
// sees the implementations of notify's interfaces, which notify does not.
package dispatch

import (
	"runtime"

	"example.com/notify"
	"example.com/notify/journal"
	"example.com/notify/queue"
	"example.com/notify/webhook"
)

var (
	_ = []notify.Sink{&webhook.Hook{}, queue.Queue{}}
	_ = []notify.Mirror{&queue.Memory{}, queue.Queue{}}
	_ = notify.Journal(&journal.Counter{})
)

func start(d *notify.Dispatcher) {
	d.Start(runtime.NumCPU()) // want `a call that starts a pool of runtime.NumCPU\(\) workers, sized to the CPU count \(runtime.NumCPU\(\)\), blocks on network IO: func literal in \(\*notify.Dispatcher\).Start → \(\*notify.Dispatcher\).deliver → \(notify.Sink\).Deliver → queue.Queue.Deliver → \(net.Conn\).Write`
	// Journal.Record and Mirror.Copy each have an implementation that does
	// not block.
	d.StartMirrors(runtime.NumCPU())
	// Deliver is the fifth unresolved method the workers meet: not carried.
	d.StartChecked(runtime.NumCPU())
}
