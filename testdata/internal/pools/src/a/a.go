package a

import (
	"runtime"
	"sync"

	"helper"
)

func work(int) {}

type server struct{}

func (s *server) serve() {}

func shapes(items []int, s *server) {
	for i := 0; i < 4; i++ {
		go work(i) // want `counted loop: a loop that starts 4 goroutines; a.work`
	}
	for i := runtime.NumCPU(); i > 0; i-- {
		go s.serve() // want `counted loop: a loop that starts runtime.NumCPU\(\) goroutines; \(\*a.server\).serve`
	}
	var wg sync.WaitGroup
	run := func() {}
	for range 8 {
		wg.Go(run) // want `counted loop: a loop that starts 8 goroutines; func literal`
	}
	sem := make(chan struct{}, 3)
	for _, it := range items {
		sem <- struct{}{}
		go func() { // want `channel semaphore: a channel semaphore of 3 slots; func literal`
			defer func() { <-sem }()
			work(it)
		}()
	}
	for _, it := range items {
		go work(it) // not a pool: one goroutine per item
	}
	go work(0)                                             // not a pool: one goroutine
	helper.ForEach(runtime.NumCPU(), nil, func(string) {}) // want `pool helper: a pool helper running runtime.NumCPU\(\) workers; func literal`
	helper.Start(runtime.NumCPU(), nil)                    // want `pool starter: a call that starts a pool of runtime.NumCPU\(\) workers; workers of helper.Start`
	helper.StartOnce(runtime.NumCPU(), nil)                // want `pool starter: a call that starts a pool of runtime.NumCPU\(\) workers; workers of helper.StartOnce`
}
