package wait

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func task() error { return nil }

func neverWaited(items []int) {
	var wg sync.WaitGroup
	for range items {
		wg.Add(1) // want `wg.Add starts goroutines on sync.WaitGroup wg, but wg.Wait is never called: nothing waits for them to finish; call wg.Wait\(\) before returning`
		go func() {
			defer wg.Done()
			task()
		}()
	}
	wg.Add(1)
	go func() { defer wg.Done() }()
}

func groupNeverWaited(ctx context.Context) {
	g, ctx := errgroup.WithContext(ctx)
	g.Go(task) // want `g.Go starts goroutines on errgroup.Group g, but g.Wait is never called: nothing waits for them to finish and their errors are lost`
	g.Go(task)
	_ = ctx
}

func skipped(items []int) error {
	var wg sync.WaitGroup
	for range items {
		wg.Go(func() { task() }) // want `wg.Go starts goroutines on sync.WaitGroup wg, but the return at line 38 skips wg.Wait\(\): they are left running unawaited; call wg.Wait\(\) on that path too \(or defer it\)`
	}
	if err := task(); err != nil {
		return err
	}
	wg.Wait()
	return nil
}

func skippedFixed(items []int) error {
	var wg sync.WaitGroup
	for range items {
		wg.Go(func() { task() })
	}
	err := task()
	wg.Wait()
	return err
}

func deferred(items []int) {
	var g errgroup.Group
	defer g.Wait()
	for range items {
		g.Go(task)
	}
}

func waited(items []int) error {
	g := new(errgroup.Group)
	g.SetLimit(4)
	for range items {
		g.Go(task)
	}
	return g.Wait()
}

// A closer goroutine waits: the results are ranged over.
func closer(items []int) []int {
	out := make(chan int)
	var wg sync.WaitGroup
	for i := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out <- i
		}()
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	var res []int
	for v := range out {
		res = append(res, v)
	}
	return res
}

// Escapes to a helper that may wait.
func escapes(wait func(*sync.WaitGroup)) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { wg.Done() }()
	wait(&wg)
}

// Two rounds, each waited for in the same block.
func twoRounds() {
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done() }()
	go func() { defer wg.Done() }()
	wg.Wait()
	wg.Add(1)
	go func() { defer wg.Done() }()
	wg.Wait()
}

// The WaitGroup is never waited for, but the results are received: the
// receives await the goroutines.
func awaitedByResults() int {
	var wg sync.WaitGroup
	c := make(chan int, 4)
	f := func() {
		defer wg.Done()
		c <- 1
		c <- 2
	}
	wg.Add(2)
	go f()
	go f()
	sum := 0
	for range 4 {
		sum += <-c
	}
	return sum
}

// A group made by a composite literal and captured by the goroutines is
// named by its variable (nats-server's leafnode test).
func capturedLiteral(a, b func()) {
	wg := &sync.WaitGroup{}
	wg.Add(2) // want `wg.Add starts goroutines on sync.WaitGroup wg, but wg.Wait is never called`
	go func() {
		a()
		wg.Done()
	}()
	go func() {
		b()
		wg.Done()
	}()
}

// Wait guarded by a flag that every Add sets: the paths that skip Wait
// started nothing.
func flagged(items []int) {
	var wg sync.WaitGroup
	started := false
	for range items {
		wg.Add(1)
		started = true
		go func() {
			defer wg.Done()
			task()
		}()
	}
	if started {
		wg.Wait()
	}
}

// A flag set before the goroutines start decides nothing about them.
func flaggedBefore(items []int, parallel bool) {
	var wg sync.WaitGroup
	wait := false
	if parallel {
		wait = true
	}
	for range items {
		wg.Add(1) // want `wg.Add starts goroutines on sync.WaitGroup wg, but the return at line \d+ skips wg.Wait\(\)`
		go func() {
			defer wg.Done()
			task()
		}()
	}
	if wait {
		wg.Wait()
	}
	return
}

// A break between Add and the flag leaves the loop with the flag unset.
func flaggedAfterBreak(items []int) {
	var wg sync.WaitGroup
	started := false
	for _, it := range items {
		wg.Add(1) // want `the return at line \d+ skips wg.Wait\(\)`
		go func() {
			defer wg.Done()
			task()
		}()
		if it < 0 {
			break
		}
		started = true
	}
	if started {
		wg.Wait()
	}
	return
}

// The goroutines start only when parallel, and Wait runs when parallel:
// the same unchanged condition (go-ethereum's trie committer).
func sameCondition(parallel bool, items []int) {
	var wg sync.WaitGroup
	for range items {
		if !parallel {
			task()
		} else {
			wg.Add(1)
			go func() {
				defer wg.Done()
				task()
			}()
		}
	}
	if parallel {
		wg.Wait()
	}
}

// The condition is computed in the loop, but the test that guards Wait
// comes before the next computation: the same value.
func sameIteration(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		big := it > 10
		if big {
			wg.Add(1)
			go func() {
				defer wg.Done()
				task()
			}()
		}
		if big {
			wg.Wait()
		}
		if it < 0 {
			return
		}
	}
}

// A condition computed again before it is tested may have changed: the
// next iteration returns without Wait.
func recomputedCondition(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		big := it > 10
		if big {
			wg.Add(1) // want `the return at line \d+ skips wg.Wait\(\)`
			go func() {
				defer wg.Done()
				task()
			}()
			continue
		}
		if it < 0 {
			return
		}
	}
	wg.Wait()
}

// The same, with the computation and the test in different blocks.
func recomputedElsewhere(items []int) {
	var wg sync.WaitGroup
	for _, it := range items {
		big := it > 10
		if it == 5 {
			continue
		}
		if big {
			wg.Add(1) // want `the return at line \d+ skips wg.Wait\(\)`
			go func() {
				defer wg.Done()
				task()
			}()
			continue
		}
		if it < 0 {
			return
		}
	}
	wg.Wait()
}

// A different condition decides nothing.
func otherCondition(parallel, wait bool) {
	var wg sync.WaitGroup
	if parallel {
		wg.Add(1) // want `the end of the function at line \d+ skips wg.Wait\(\)`
		go func() {
			defer wg.Done()
			task()
		}()
	}
	if wait {
		wg.Wait()
	}
}

// A package variable set at start-up (a flag) guards both: the same value.
var verbose bool

func globalCondition() {
	var wg sync.WaitGroup
	if verbose {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task()
		}()
	}
	task()
	if verbose {
		wg.Wait()
	}
}

// A package variable the function changes between the tests decides
// nothing.
var once bool

func globalChanged() {
	var wg sync.WaitGroup
	if once {
		wg.Add(1) // want `the end of the function at line \d+ skips wg.Wait\(\)`
		go func() {
			defer wg.Done()
			task()
		}()
		once = false
	}
	if once {
		wg.Wait()
	}
}
