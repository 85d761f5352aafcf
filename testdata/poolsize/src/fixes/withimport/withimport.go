// Package withimport already imports runtime; sizes of other types are
// converted.
package withimport

import (
	"context"
	"runtime"

	"golang.org/x/sync/semaphore"
)

func square(x int) int { return x * x }

func pools(ctx context.Context, jobs chan int, items []int) {
	for i := 0; i < runtime.NumCPU()*8; i++ {
		go func() { // want `8× the CPU count`
			for j := range jobs {
				square(j)
			}
		}()
	}
	for i := int64(0); i < 100; i++ {
		go func() { // want `the constant 100`
			for j := range jobs {
				square(j)
			}
		}()
	}
	sem := semaphore.NewWeighted(64)
	for _, it := range items {
		if sem.Acquire(ctx, 1) != nil {
			return
		}
		go func() { // want `a semaphore.Weighted of 64`
			defer sem.Release(1)
			square(it)
		}()
	}
	n := 128 // no fix: n may have other uses
	for range n {
		go func() { // want `a loop that starts 128 goroutines`
			for j := range jobs {
				square(j)
			}
		}()
	}
}
