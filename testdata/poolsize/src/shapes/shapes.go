// Package shapes has one oversized pool of each shape, each running
// workers that only compute.
package shapes

import (
	"context"
	"crypto/sha256"
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

	"parallel"
)

func hash(b []byte) [32]byte { return sha256.Sum256(b) }

func countedLoop(blocks chan []byte, sums chan [32]byte) {
	for i := 0; i < 64; i++ {
		go func() { // want `a loop that starts 64 goroutines runs CPU-bound work \(no blocking call, no wait but its own channels\), sized by the constant 64 \(above 32\): only GOMAXPROCS of them run at once, the rest add scheduling, memory and cache cost; size it with runtime.GOMAXPROCS\(0\)`
			for b := range blocks {
				sums <- hash(b)
			}
		}()
	}
}

const workers = 256

func rangeOverInt(blocks chan []byte, sums chan [32]byte) {
	for range workers {
		go func() { // want `a loop that starts 256 goroutines .*sized by the constant 256`
			for b := range blocks {
				sums <- hash(b)
			}
		}()
	}
}

func cpuTimes(blocks chan []byte, sums chan [32]byte) {
	for range runtime.NumCPU() * 4 {
		go func() { // want `sized by runtime.NumCPU\(\)×4, 4× the CPU count \(above 2×\)`
			for b := range blocks {
				sums <- hash(b)
			}
		}()
	}
}

func throughLocals(blocks chan []byte, sums chan [32]byte) {
	n := runtime.GOMAXPROCS(0)
	n *= 8
	for i := n; i > 0; i-- {
		go worker(blocks, sums) // want `a loop that starts n goroutines .*sized by runtime.GOMAXPROCS\(0\)×8, 8× the CPU count`
	}
}

func worker(blocks <-chan []byte, sums chan<- [32]byte) {
	for b := range blocks {
		sums <- hash(b)
	}
}

func poolSize() int { return 4 * runtime.NumCPU() }

func waitGroupGo(blocks chan []byte, sums chan [32]byte) {
	var wg sync.WaitGroup
	for range poolSize() {
		wg.Go(func() { // want `a loop that starts poolSize\(\) goroutines .*4× the CPU count`
			for b := range blocks {
				sums <- hash(b)
			}
		})
	}
	wg.Wait()
}

// Short mutex sections do not make a worker wait.
var (
	mu    sync.Mutex
	total [32]byte
)

func mutex(blocks [][]byte) {
	var wg sync.WaitGroup
	for range 100 {
		wg.Add(1)
		go func() { // want `a loop that starts 100 goroutines`
			defer wg.Done()
			for _, b := range blocks {
				h := hash(b)
				mu.Lock()
				total[0] ^= h[0]
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

func errgroupLimit(items [][]byte) error {
	g, _ := errgroup.WithContext(context.Background())
	g.SetLimit(128)
	for _, b := range items {
		g.Go(func() error { // want `an errgroup limited to 128 goroutines runs CPU-bound work`
			hash(b)
			return nil
		})
	}
	for _, b := range items {
		g.Go(func() error { // one diagnostic per pool: the group was reported above
			hash(b)
			return nil
		})
	}
	return g.Wait()
}

func chanSemaphore(items [][]byte) {
	sem := make(chan struct{}, 50)
	for _, b := range items {
		sem <- struct{}{}
		go func() { // want `a channel semaphore of 50 slots runs CPU-bound work`
			defer func() { <-sem }()
			hash(b)
		}()
	}
}

func weightedSemaphore(ctx context.Context, items [][]byte) {
	sem := semaphore.NewWeighted(int64(runtime.NumCPU() * 16))
	for _, b := range items {
		if err := sem.Acquire(ctx, 1); err != nil {
			return
		}
		go func() { // want `a semaphore.Weighted of int64\(runtime.NumCPU\(\) \* 16\) runs CPU-bound work`
			defer sem.Release(1)
			hash(b)
		}()
	}
}

func antsPool(items [][]byte) {
	p, _ := ants.NewPool(1000)
	for _, b := range items {
		p.Submit(func() { hash(b) }) // want `a pool of 1000 workers runs CPU-bound work`
	}
}

func antsPoolWithFunc(items [][]byte) {
	p, _ := ants.NewPoolWithFunc(1000, func(b any) { hash(b.([]byte)) }) // want `a pool of 1000 workers`
	for _, b := range items {
		p.Invoke(b)
	}
}

func pondPool(items [][]byte) {
	p := pond.New(100, 1000)
	for _, b := range items {
		p.Submit(func() { hash(b) }) // want `a pool of 100 workers`
	}
	p.StopAndWait()
}

func gammazeroPool(items [][]byte) {
	wp := workerpool.New(100)
	for _, b := range items {
		wp.Submit(func() { hash(b) }) // want `a pool of 100 workers`
	}
	wp.StopWait()
}

func concPool(items [][]byte) {
	p := pool.New().WithMaxGoroutines(100)
	for _, b := range items {
		p.Go(func() { hash(b) }) // want `a pool of 100 workers`
	}
	p.Wait()
}

func minioGroup(items [][]byte) {
	g := minioerrgroup.WithNErrs(len(items)).WithConcurrency(100)
	for i, b := range items {
		g.Go(func() error { hash(b); return nil }, i) // want `a pool of 100 workers`
	}
	g.Wait()
}

func tunnyPool(items [][]byte) {
	p := tunny.NewFunc(100, func(b any) any { return hash(b.([]byte)) }) // want `a pool of 100 workers`
	for _, b := range items {
		p.Process(b)
	}
}

func helper(items []string) {
	parallel.ForEach(100, items, func(s string) { hash([]byte(s)) }) // want `a pool helper running 100 workers runs CPU-bound work`
}

// Job tokens: ranging over a channel is waiting for work, even when the
// values are dropped.
func tokens(jobs chan struct{}) {
	for range 64 {
		go func() { // want `a loop that starts 64 goroutines`
			for range jobs {
				hash(nil)
			}
		}()
	}
}

// The same in a package-level variable's initializer: its workers only
// compute.
var hashAll = func(blocks chan []byte, sums chan [32]byte) {
	for range 64 {
		go func() { // want `a loop that starts 64 goroutines runs CPU-bound work`
			for b := range blocks {
				sums <- hash(b)
			}
		}()
	}
}

// The loop receives each worker's hand-shake, sent before its job loop:
// the 64 workers are in flight together.
func handshake(blocks chan []byte, sums chan [32]byte) {
	ready := make(chan struct{})
	for i := 0; i < 64; i++ {
		go func() { // want `a loop that starts 64 goroutines runs CPU-bound work`
			ready <- struct{}{}
			for b := range blocks {
				sums <- hash(b)
			}
		}()
		<-ready
	}
}
