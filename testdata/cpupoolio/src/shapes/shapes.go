// Package shapes has one CPU-sized pool of each shape, each running
// workers that make HTTP requests.
package shapes

import (
	"context"
	"net/http"
	"runtime"
	"sync"

	"github.com/Jeffail/tunny"
	"github.com/alitto/pond"
	"github.com/gammazero/workerpool"
	minioerrgroup "github.com/minio/pkg/v3/sync/errgroup"
	"github.com/panjf2000/ants/v2"
	"github.com/sourcegraph/conc/pool"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

func fetch(u string) { http.Get(u) }

func countedLoop(urls chan string) {
	for i := 0; i < runtime.NumCPU(); i++ {
		go func() { // want `a loop that starts runtime.NumCPU\(\) goroutines, sized to the CPU count \(runtime.NumCPU\(\)\), blocks on HTTP requests: func literal in countedLoop → fetch → http.Get`
			for u := range urls {
				fetch(u)
			}
		}()
	}
}

func rangeOverInt(urls chan string) {
	for range runtime.GOMAXPROCS(0) {
		go func() { // want `sized to the CPU count \(runtime.GOMAXPROCS\(0\)\), blocks on HTTP requests`
			for u := range urls {
				fetch(u)
			}
		}()
	}
}

func countDown(urls chan string) {
	for i := runtime.NumCPU(); i > 0; i-- {
		go func() { // want `blocks on HTTP requests`
			for u := range urls {
				fetch(u)
			}
		}()
	}
}

func waitGroupGo(urls chan string) {
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() { // want `a loop that starts runtime.NumCPU\(\) goroutines.*blocks on HTTP requests`
			for u := range urls {
				fetch(u)
			}
		})
	}
	wg.Wait()
}

func errgroupLimit(urls []string) error {
	g, _ := errgroup.WithContext(context.Background())
	g.SetLimit(runtime.NumCPU())
	for _, u := range urls {
		g.Go(func() error { // want `an errgroup limited to runtime.NumCPU\(\) goroutines`
			fetch(u)
			return nil
		})
	}
	for _, u := range urls {
		g.Go(func() error { // one diagnostic per pool: the group was reported above
			fetch(u)
			return nil
		})
	}
	return g.Wait()
}

func chanSemaphore(urls []string) {
	sem := make(chan struct{}, runtime.NumCPU())
	for _, u := range urls {
		sem <- struct{}{}
		go func() { // want `a channel semaphore of runtime.NumCPU\(\) slots`
			defer func() { <-sem }()
			fetch(u)
		}()
	}
}

func weightedSemaphore(ctx context.Context, urls []string) {
	sem := semaphore.NewWeighted(int64(runtime.NumCPU()))
	for _, u := range urls {
		if err := sem.Acquire(ctx, 1); err != nil {
			return
		}
		go func() { // want `a semaphore.Weighted of int64\(runtime.NumCPU\(\)\)`
			defer sem.Release(1)
			fetch(u)
		}()
	}
}

func antsPool(urls []string) {
	p, _ := ants.NewPool(runtime.NumCPU())
	for _, u := range urls {
		p.Submit(func() { fetch(u) }) // want `a pool of runtime.NumCPU\(\) workers`
	}
}

func antsPoolWithFunc(urls []string) {
	p, _ := ants.NewPoolWithFunc(runtime.NumCPU(), func(u any) { fetch(u.(string)) }) // want `a pool of runtime.NumCPU\(\) workers`
	for _, u := range urls {
		p.Invoke(u)
	}
}

func pondPool(urls []string) {
	p := pond.New(runtime.NumCPU(), 100)
	for _, u := range urls {
		p.Submit(func() { fetch(u) }) // want `a pool of runtime.NumCPU\(\) workers`
	}
	p.StopAndWait()
}

func gammazeroPool(urls []string) {
	wp := workerpool.New(2 * runtime.NumCPU())
	for _, u := range urls {
		wp.Submit(func() { fetch(u) }) // want `a pool of 2 \* runtime.NumCPU\(\) workers, sized to the CPU count \(runtime.NumCPU\(\)×2\)`
	}
	wp.StopWait()
}

func concPool(urls []string) {
	p := pool.New().WithMaxGoroutines(runtime.NumCPU())
	for _, u := range urls {
		p.Go(func() { fetch(u) }) // want `a pool of runtime.NumCPU\(\) workers`
	}
	p.Wait()
}

func minioGroup(urls []string) {
	g := minioerrgroup.WithNErrs(len(urls)).WithConcurrency(runtime.GOMAXPROCS(0))
	for i, u := range urls {
		g.Go(func() error { fetch(u); return nil }, i) // want `a pool of runtime.GOMAXPROCS\(0\) workers, sized to the CPU count`
	}
	g.Wait()
}

// Sized for IO: not the CPU count.
func minioGroupForIO(urls []string) {
	g := minioerrgroup.WithNErrs(len(urls)).WithConcurrency(64)
	for i, u := range urls {
		g.Go(func() error { fetch(u); return nil }, i)
	}
	g.Wait()
}

func tunnyPool(urls []string) {
	p := tunny.NewFunc(runtime.NumCPU(), func(u any) any { fetch(u.(string)); return nil }) // want `a pool of runtime.NumCPU\(\) workers`
	for _, u := range urls {
		p.Process(u)
	}
}

// Batches of CPU-count goroutines, each awaited before the next: the pool
// is the inner loop.
func batches(rounds [][]string) {
	for _, urls := range rounds {
		var wg sync.WaitGroup
		for i := range runtime.NumCPU() {
			wg.Add(1)
			go func() { // want `sized to the CPU count \(runtime.NumCPU\(\)\), blocks on HTTP requests`
				defer wg.Done()
				fetch(urls[i])
			}()
		}
		wg.Wait()
	}
}
