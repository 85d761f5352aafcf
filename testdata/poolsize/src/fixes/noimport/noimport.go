// Package noimport gets the runtime import with the fix.
package noimport

import "sync"

func square(x int) int { return x * x }

func pool(jobs chan int, results chan int) {
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() { // want `a loop that starts 64 goroutines`
			for j := range jobs {
				results <- square(j)
			}
		})
	}
	wg.Wait()
}
