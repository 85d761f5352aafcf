// Package waitsfor has CPU-sized pools whose jobs wait for goroutines of
// their own: reported when those goroutines block (default flags), not
// when they compute.
package waitsfor

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func fetch(u string) { http.Get(u) }

// fetchAll fetches the URLs at once and waits for them.
func fetchAll(urls []string) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

func waitGroupJobs(batches chan []string) {
	for range runtime.NumCPU() {
		go func() { // want `blocks on HTTP requests: func literal in waitGroupJobs → fetchAll → \(\*sync.WaitGroup\).Wait for func literal in fetchAll → fetch → http.Get`
			for urls := range batches {
				fetchAll(urls)
			}
		}()
	}
}

func errgroupJobs(ctx context.Context, batches [][]string) error {
	g := new(errgroup.Group)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, urls := range batches {
		g.Go(func() error { // want `blocks on HTTP requests: func literal in errgroupJobs → \(\*errgroup.Group\).Wait for func literal in errgroupJobs → fetch → http.Get`
			inner, _ := errgroup.WithContext(ctx)
			for _, u := range urls {
				inner.Go(func() error { fetch(u); return nil })
			}
			return inner.Wait()
		})
	}
	return g.Wait()
}

func doneChannelJobs(jobs chan time.Duration) {
	for range runtime.NumCPU() {
		go func() { // want `blocks on time.Sleep: func literal in doneChannelJobs → receive from func literal in doneChannelJobs → time.Sleep`
			for d := range jobs {
				done := make(chan struct{})
				go func() {
					time.Sleep(d)
					close(done)
				}()
				<-done
			}
		}()
	}
}

// Near misses.

// hashAll fans its computation out and waits: the cores stay busy.
func hashAll(xs []int) {
	var wg sync.WaitGroup
	for i := range xs {
		wg.Go(func() { xs[i] *= xs[i] })
	}
	wg.Wait()
}

func computeJobs(batches chan []int) {
	for range runtime.NumCPU() {
		go func() {
			for xs := range batches {
				hashAll(xs)
			}
		}()
	}
}

// The job starts the fetch and does not wait for it.
func detachedJobs(urls chan string) {
	for range runtime.NumCPU() {
		go func() {
			for u := range urls {
				go fetch(u)
			}
		}()
	}
}

// The job waits on its context while its fetch runs: a wait for the
// caller, not for the goroutine.
func contextJobs(ctx context.Context, urls chan string) {
	for range runtime.NumCPU() {
		go func() {
			for u := range urls {
				go fetch(u)
				<-ctx.Done()
			}
		}()
	}
}

// The job waits for a group whose goroutines were started elsewhere.
type loops struct{ wg sync.WaitGroup }

func (l *loops) stop() { l.wg.Wait() }

func stopJobs(all chan *loops) {
	for range runtime.NumCPU() {
		go func() {
			for l := range all {
				l.stop()
			}
		}()
	}
}
