// Package a calls spawn helpers of its own and of package safe.
package a

import "safe"

type server struct{}

// startGoRoutine runs f in a new goroutine, as nats-server's does.
func (s *server) startGoRoutine(f func()) bool { // want `helper: runs param 0 in a new goroutine`
	go f()
	return true
}

// goAll hands its function to a spawn helper: it is one too.
func goAll(s *server, f func()) { s.startGoRoutine(f) } // want `helper: runs param 1 in a new goroutine` `spawns f`

func work() {}

func calls(s *server) {
	safe.Go(work)                 // want `spawns work`
	safe.GoWithRecover(work, nil) // want `spawns work`
	s.startGoRoutine(func() {})   // want `spawns \(func\(\) literal\)`
	goAll(s, work)                // want `spawns work`
	safe.Call(work)
	safe.Each(nil, func(int) {})
}
