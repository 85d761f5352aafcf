package a

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"

	"waitee"
)

// A function that waits for goroutines it started blocks as they do.

func waitGroup(urls []string) { // want waitGroup:`blocks http:\(\*sync.WaitGroup\).Wait for func literal in a.waitGroup→a.Get→http.Get wait:\(\*sync.WaitGroup\).Wait`
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			Get(u)
		}()
	}
	wg.Wait()
}

func waitGroupGo(urls []string) { // want waitGroupGo:`blocks http:\(\*sync.WaitGroup\).Wait for func literal in a.waitGroupGo→a.Get→http.Get wait:`
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() { Get(u) })
	}
	wg.Wait()
}

func errGroup(urls []string) error { // want errGroup:`blocks http:\(\*errgroup.Group\).Wait for func literal in a.errGroup→a.Get→http.Get wait:`
	g, _ := errgroup.WithContext(context.Background())
	for _, u := range urls {
		g.Go(func() error { Get(u); return nil })
	}
	return g.Wait()
}

// A named function given the group.
func getDone(u string, wg *sync.WaitGroup) { // want getDone:"blocks http:a.Get→http.Get"
	defer wg.Done()
	Get(u)
}

func namedWorker(urls []string) { // want namedWorker:`blocks http:\(\*sync.WaitGroup\).Wait for a.getDone→a.Get→http.Get wait:`
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go getDone(u, &wg)
	}
	wg.Wait()
}

func doneChannel(u string) { // want doneChannel:`blocks http:receive from func literal in a.doneChannel→a.Get→http.Get`
	done := make(chan struct{})
	go func() {
		defer close(done)
		Get(u)
	}()
	<-done
}

func rangeResults(urls []string) (n int) { // want rangeResults:`blocks http:receive from func literal in a.rangeResults→a.Get→http.Get wait:`
	results := make(chan int)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Go(func() { Get(u); results <- 1 })
	}
	go func() { wg.Wait(); close(results) }()
	for r := range results {
		n += r
	}
	return n
}

func selected(ctx context.Context, u string) error { // want selected:`blocks http:receive from func literal in a.selected→a.Get→http.Get`
	errc := make(chan error, 1)
	go func() { Get(u); errc <- nil }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// A group in a field, waited in the method that starts its goroutines.
type fetcher struct{ wg sync.WaitGroup }

func (f *fetcher) FetchAll(urls []string) {
	for _, u := range urls {
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			Get(u)
		}()
	}
	f.wg.Wait()
}

// Near misses: the wait is for goroutines that compute, or for something
// the blocking goroutine does not hold.

func computeGroup(xs []int) { // want computeGroup:`blocks wait:\(\*sync.WaitGroup\).Wait$`
	var wg sync.WaitGroup
	for i := range xs {
		wg.Go(func() { xs[i] *= 2 })
	}
	wg.Wait()
}

// The blocking goroutine is not in the group waited for.
func otherGroup(u string, xs []int) { // want otherGroup:`blocks wait:\(\*sync.WaitGroup\).Wait$`
	go Get(u)
	var wg sync.WaitGroup
	for i := range xs {
		wg.Go(func() { xs[i] *= 2 })
	}
	wg.Wait()
}

// A receive on the context's Done channel waits for the caller, not for
// the goroutine.
func contextDone(ctx context.Context, u string) {
	go func() { Get(u) }()
	<-ctx.Done()
}

// A receive from a channel that the blocking goroutine does not hold.
func otherChannel(u string, jobs chan int) {
	go func() { Get(u) }()
	<-jobs
}

// The goroutines were started elsewhere: the wait alone is no evidence.
func (f *fetcher) Stop() { f.wg.Wait() }

// A goroutine that runs a function of another package blocks by its fact.
func imported(urls []string) { // want imported:`blocks http:\(\*sync.WaitGroup\).Wait for waitee.Fetch→http.Get wait:`
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go waitee.Fetch(u, &wg)
	}
	wg.Wait()
}

// A spawn helper starts a goroutine as a go statement does.
func goSafe(f func()) {
	go func() {
		defer func() { recover() }()
		f()
	}()
}

func spawnHelper(u string) { // want spawnHelper:`blocks http:receive from func literal in a.spawnHelper→a.Get→http.Get`
	done := make(chan struct{})
	goSafe(func() {
		defer close(done)
		Get(u)
	})
	<-done
}

// A method of another package's type blocks by its type's fact.
func importedMethod(c *waitee.Client, wg *sync.WaitGroup) { // want importedMethod:`^blocks http:\(\*waitee.Client\).Poll→waitee.Fetch→http.Get$`
	c.Poll(wg)
	c.Len()
}
