// Package starters calls pool starters of another package: functions that
// start a pool of their own workers, sized by an argument.
package starters

import (
	"flag"
	"runtime"

	"example.com/event"
	"example.com/event/target"
)

// The implementations of event.Target and event.Store are in sight here,
// not in package event.
var (
	_ = []event.Target{&target.Webhook{}, &target.Kafka{}, target.MQTT{}}
	_ = []event.Store{&target.MemoryStore{}, &target.FileStore{}}
)

var workers = flag.Int("workers", 64, "event workers")

func start(l *event.TargetList, addrs, in chan string) {
	l.Init(runtime.GOMAXPROCS(0))          // want `a call that starts a pool of runtime.GOMAXPROCS\(0\) workers, sized to the CPU count \(runtime.GOMAXPROCS\(0\)\), blocks on network IO: func literal in \(\*event.TargetList\).startWorkers → \(\*event.TargetList\).sendAll → \(\*sync.WaitGroup\).Wait for func literal in \(\*event.TargetList\).sendAll → \(event.Target\).Send → \(\*target.Kafka\).Send → net.Dial`
	event.Forward(runtime.NumCPU(), addrs) // want `a call that starts a pool of runtime.NumCPU\(\) workers, sized to the CPU count \(runtime.NumCPU\(\)\), blocks on network IO: func literal in event.Forward → net.Dial`
	l.Init(4)
	l.Init(*workers)
	l.InitStores(runtime.NumCPU())
	l.InitIDs(runtime.NumCPU())
	event.Hash(runtime.NumCPU(), in)
}

// The size comes from the caller's parameter: start2 is a starter itself,
// reported where it is called with the CPU count.
func start2(l *event.TargetList, n int) {
	l.Init(n)
}

func main2(l *event.TargetList) {
	start2(l, runtime.NumCPU()) // want `a call that starts a pool of runtime.NumCPU\(\) workers, sized to the CPU count \(runtime.NumCPU\(\)\), blocks on network IO: func literal in \(\*event.TargetList\).startWorkers`
}
