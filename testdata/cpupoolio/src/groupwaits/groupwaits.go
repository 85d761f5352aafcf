// Package groupwaits is analysed with -cpupoolio.waits=true: a job that
// waits for a group of other goroutines counts as blocking.
package groupwaits

import (
	"net/http"
	"runtime"
	"sync"
)

// pool is a scrape pool whose stop waits for its loops to exit, as
// Prometheus's scrapePool.stop does.
type pool struct {
	wg     sync.WaitGroup
	cancel func()
}

func (p *pool) stop() {
	p.cancel()
	p.wg.Wait()
}

func stopAll(pools []*pool) {
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	for _, p := range pools {
		sem <- struct{}{}
		wg.Add(1)
		go func() { // want `blocks on waits for other goroutines: func literal in stopAll → \(\*pool\).stop → \(\*sync.WaitGroup\).Wait`
			defer func() { <-sem; wg.Done() }()
			p.stop()
		}()
	}
	wg.Wait()
}

// The pool's own WaitGroup, waited outside the workers, is not a wait of
// the jobs.
func compute(xs chan int) {
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			for x := range xs {
				_ = x * x
			}
		})
	}
	wg.Wait()
}

// Any wait counts with -cpupoolio.waits, even one for goroutines that
// compute: the static evidence is the same as stopAll's.
func hashJobs(batches chan []int) {
	for range runtime.NumCPU() {
		go func() { // want `blocks on waits for other goroutines: func literal in hashJobs → \(\*sync.WaitGroup\).Wait`
			for xs := range batches {
				var wg sync.WaitGroup
				for i := range xs {
					wg.Go(func() { xs[i] *= xs[i] })
				}
				wg.Wait()
			}
		}()
	}
}

// A wait for goroutines that block is reported by what they block on.
func fetchJobs(batches chan []string) {
	for range runtime.NumCPU() {
		go func() { // want `blocks on HTTP requests: func literal in fetchJobs → \(\*sync.WaitGroup\).Wait for func literal in fetchJobs → http.Get`
			for urls := range batches {
				var wg sync.WaitGroup
				for _, u := range urls {
					wg.Go(func() { http.Get(u) })
				}
				wg.Wait()
			}
		}()
	}
}
