// Rule 6: goroutines ranging over a channel their starter keeps to itself
// and may return without closing.
package ranges

import (
	"context"
	"errors"
	"sync"
)

func check(int) error { return nil }
func process(int)     {}

// The runtime's noCloseRange kernel: the channel is never closed.
func noClose(list []int, workers int) {
	ch := make(chan int)
	for i := 0; i < workers; i++ {
		go func() { // want `goroutine ranges over ch until it is closed, but the end of the function at line 27 is reached without closing it, and nothing else can close it: the goroutine waits forever \(goroutine leak\); close ch on that path too \(defer close\(ch\) after starting it\)`
			for item := range ch {
				process(item)
			}
		}()
	}
	for _, item := range list {
		ch <- item
	}
}

// An early return in the feeding loop skips the close.
func feedReturns(xs []int) error {
	ch := make(chan int)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1) // want `wg.Add starts goroutines on sync.WaitGroup wg, but the return at line 44 skips wg.Wait\(\)`
		go func() { // want `goroutine ranges over ch until it is closed, but the return at line 44 is reached without closing it`
			defer wg.Done()
			for x := range ch {
				process(x)
			}
		}()
	}
	for _, x := range xs {
		if err := check(x); err != nil {
			return err
		}
		ch <- x
	}
	close(ch)
	wg.Wait()
	return nil
}

func worker(ch <-chan int) {
	for {
		x, ok := <-ch
		if !ok {
			return
		}
		process(x)
	}
}

// A worker of the package, started with the channel as its argument.
func feedWorker(xs []int) error {
	ch := make(chan int)
	go worker(ch) // want `goroutine ranges over ch until it is closed, but the return at line 69 is reached without closing it`
	for _, x := range xs {
		if x < 0 {
			return errors.New("negative")
		}
		ch <- x
	}
	close(ch)
	return nil
}

// Not reported: closed on every path.
func closesEverywhere(xs []int) error {
	ch := make(chan int)
	go worker(ch)
	for _, x := range xs {
		if x < 0 {
			close(ch)
			return errors.New("negative")
		}
		ch <- x
	}
	close(ch)
	return nil
}

// Not reported: a deferred close.
func deferredClose(xs []int) error {
	ch := make(chan int)
	defer close(ch)
	go worker(ch)
	for _, x := range xs {
		if x < 0 {
			return errors.New("negative")
		}
		ch <- x
	}
	return nil
}

// Not reported: a producer goroutine closes it.
func producerCloses(xs []int) {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x
		}
	}()
	go worker(ch)
}

// Not reported: the consumer gives up on ctx.Done().
func guardedConsumer(ctx context.Context, xs []int) error {
	ch := make(chan int)
	go func() {
		for {
			select {
			case x, ok := <-ch:
				if !ok {
					return
				}
				process(x)
			case <-ctx.Done():
				return
			}
		}
	}()
	for _, x := range xs {
		if x < 0 {
			return errors.New("negative")
		}
		ch <- x
	}
	close(ch)
	return nil
}

// Not reported: the channel is handed out; another may close it.
func handedOut(xs []int, out chan<- chan int) {
	ch := make(chan int)
	go worker(ch)
	out <- ch
}

// Not reported: the goroutine takes one value, not a range.
func single(x int) {
	ch := make(chan int)
	go func() {
		process(<-ch)
	}()
	ch <- x
}

// A channel per batch, never closed.
func perBatch(batches [][]int) {
	for _, b := range batches {
		ch := make(chan int)
		go worker(ch) // want `goroutine ranges over ch until it is closed, but the (loop makes ch anew|end of the function)`
		for _, x := range b {
			ch <- x
		}
	}
}

// A buffer for every job does not end the workers' range.
func bufferedJobs(xs []int) error {
	jobs := make(chan int, len(xs))
	go worker(jobs) // want `goroutine ranges over jobs until it is closed, but the return at line \d+ is reached without closing it`
	for _, x := range xs {
		if err := check(x); err != nil {
			return err
		}
		jobs <- x
	}
	close(jobs)
	return nil
}

// The jobs are queued and the channel closed before the workers start
// (prometheus' chunk write queue benchmark): the ranges end.
func closedBeforeStart(xs []int) {
	jobs := make(chan int, len(xs))
	for _, x := range xs {
		jobs <- x
	}
	close(jobs)
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for x := range jobs {
				process(x)
			}
		}()
	}
	wg.Wait()
}

// Closed before the start on one branch only: the other path never closes.
func closedOnOneBranch(xs []int, prefill bool) {
	jobs := make(chan int, len(xs))
	if prefill {
		for _, x := range xs {
			jobs <- x
		}
		close(jobs)
	}
	go func() { // want `goroutine ranges over jobs until it is closed, but the end of the function at line \d+ is reached without closing it`
		for x := range jobs {
			process(x)
		}
	}()
}
