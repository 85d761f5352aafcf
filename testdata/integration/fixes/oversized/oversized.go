// Package oversized has CPU-bound pools sized far above the cores, and
// GOMAXPROCS set by hand: poolsize's suggested fixes size the pool with
// runtime.GOMAXPROCS(0) (adding the import) and delete the call.
package oversized

import "sync"

func square(x int) int { return x * x }

// Squares runs 64 CPU-bound workers.
func Squares(jobs chan int, results chan int) {
	var wg sync.WaitGroup
	for range 64 {
		wg.Go(func() {
			for j := range jobs {
				results <- square(j)
			}
		})
	}
	wg.Wait()
}
