// Package starter holds pool starters: each starts a pool of n workers of
// its own, sized by its caller.
package starter

import (
	"sync"
	"time"
)

func fetch() { time.Sleep(time.Millisecond) }

func StartFetch(n int, jobs chan int) {
	for range n {
		go func() {
			for range jobs {
				fetch()
			}
		}()
	}
}

func StartFetchWait(n int, jobs chan int) {
	for range n {
		go func() {
			for range jobs {
				var wg sync.WaitGroup
				for range 2 {
					wg.Go(fetch)
				}
				wg.Wait()
			}
		}()
	}
}

func StartHash(n int, jobs chan int) {
	for range n {
		go func() {
			for range jobs {
				sum := 0
				for i := range 1000 {
					sum ^= i * i
				}
				_ = sum
			}
		}()
	}
}
