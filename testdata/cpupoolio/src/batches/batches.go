// Package batches has counted loops inside other loops: the inner loop is
// a pool only when every outer loop waits for its batch, on every path
// back to its next iteration.
package batches

import (
	"net/http"
	"runtime"
	"sync"
)

func fetch(u string) { http.Get(u) }

// The batch is started under a condition, and awaited on every path.
func startedUnderCondition(rounds [][]string) {
	for _, urls := range rounds {
		var wg sync.WaitGroup
		if len(urls) > 0 {
			for i := range runtime.NumCPU() {
				wg.Add(1)
				go func() { // want `sized to the CPU count \(runtime.NumCPU\(\)\), blocks on HTTP requests`
					defer wg.Done()
					fetch(urls[i%len(urls)])
				}()
			}
		}
		wg.Wait()
	}
}

// The batch is awaited through a receive of each worker's end.
func awaitedByReceives(rounds [][]string) {
	for _, urls := range rounds {
		done := make(chan struct{})
		for i := range runtime.NumCPU() {
			go func() { // want `sized to the CPU count \(runtime.NumCPU\(\)\), blocks on HTTP requests`
				defer close(done)
				fetch(urls[i%len(urls)])
			}()
		}
		<-done
	}
}

// Near miss: the batch is awaited only in some rounds; in the others the
// batches add up.
func awaitedSometimes(rounds [][]string) {
	var wg sync.WaitGroup
	for r, urls := range rounds {
		for i := range runtime.NumCPU() {
			wg.Add(1)
			go func() {
				defer wg.Done()
				fetch(urls[i%len(urls)])
			}()
		}
		if r%4 == 3 {
			wg.Wait()
		}
	}
}

// Near miss: the outer loop receives only the workers' hand-shake, and
// they go on working.
func onlyReady(rounds [][]string) {
	ready := make(chan struct{})
	for _, urls := range rounds {
		for range runtime.NumCPU() {
			go func() {
				ready <- struct{}{}
				for _, u := range urls {
					fetch(u)
				}
			}()
		}
		<-ready
	}
}
