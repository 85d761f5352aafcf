// Package negatives has pools that poolsize must not report.
package negatives

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func square(x int) int { return x * x }

// Sized at most to the limits: 32 workers, twice the CPU count.
func withinLimits(jobs chan int, results chan int) {
	for range 32 {
		go func() {
			for j := range jobs {
				results <- square(j)
			}
		}()
	}
	for range 2 * runtime.NumCPU() {
		go func() {
			for j := range jobs {
				results <- square(j)
			}
		}()
	}
	for range max(4, runtime.GOMAXPROCS(0)+2) {
		go func() {
			for j := range jobs {
				results <- square(j)
			}
		}()
	}
}

// A body that blocks: cpupoolio's business, or nobody's.
func blocks(urls chan string) {
	for range 64 {
		go func() {
			for u := range urls {
				http.Get(u)
			}
		}()
	}
}

func sleeps(jobs chan int) {
	for range 64 {
		go func() {
			for range jobs {
				time.Sleep(time.Millisecond)
			}
		}()
	}
}

var workersFlag = flag.Int("workers", 64, "workers")

// Sizes from configuration read at run time, even with CPU defaults.
func fromFlag(jobs chan int, results chan int) {
	for range *workersFlag {
		go func() {
			for j := range jobs {
				results <- square(j)
			}
		}()
	}
}

func fromEnv(jobs chan int, results chan int) {
	n := runtime.NumCPU() * 8
	if v, err := strconv.Atoi(os.Getenv("WORKERS")); err == nil {
		n = v
	}
	for range n {
		go func() {
			for j := range jobs {
				results <- square(j)
			}
		}()
	}
}

type Config struct {
	Workers int `yaml:"workers"`
}

func fromConfig(cfg Config, jobs chan int, results chan int) {
	for range cfg.Workers {
		go func() {
			for j := range jobs {
				results <- square(j)
			}
		}()
	}
}

// A size the function is given.
func fromParam(n int, jobs chan int, results chan int) {
	for range n {
		go func() {
			for j := range jobs {
				results <- square(j)
			}
		}()
	}
}

// Calls of unknown effect.
func unknownWriter(w io.Writer, jobs chan int) {
	for range 64 {
		go func() {
			for j := range jobs {
				w.Write([]byte(strconv.Itoa(square(j))))
			}
		}()
	}
}

func printsToStream(jobs chan int) {
	for range 64 {
		go func() {
			for j := range jobs {
				fmt.Println(square(j))
			}
		}()
	}
}

func callsFuncValue(f func(int) int, jobs chan int) {
	for range 64 {
		go func() {
			for j := range jobs {
				f(j)
			}
		}()
	}
}

// Waits on a ticker, a timer, a condition variable, other channels.
func ticker(jobs chan int) {
	for range 64 {
		go func() {
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for range t.C {
				square(<-jobs)
			}
		}()
	}
}

func timer(jobs chan int) {
	for range 64 {
		go func() {
			for j := range jobs {
				square(j)
				<-time.After(time.Millisecond)
			}
		}()
	}
}

func condVar(c *sync.Cond, ready *bool) {
	for range 64 {
		go func() {
			c.L.Lock()
			for !*ready {
				c.Wait()
			}
			c.L.Unlock()
		}()
	}
}

func cancellable(ctx context.Context, jobs chan int) {
	for range 64 {
		go func() {
			for {
				select {
				case j := <-jobs:
					square(j)
				case <-ctx.Done():
					return
				}
			}
		}()
	}
}

func waitsOnGroup(jobs chan int) {
	var inner sync.WaitGroup
	for range 64 {
		go func() {
			inner.Wait()
			square(<-jobs)
		}()
	}
}

// A worker that spawns goroutines of its own is not the unit of work.
func spawns(jobs chan int) {
	for range 64 {
		go func() {
			for j := range jobs {
				go square(j)
			}
		}()
	}
}

// A goroutine per item is not a pool.
func perItem(items []int) {
	for _, it := range items {
		go square(it)
	}
}

// A loop that waits in each iteration does not have its count in flight.
func oneAtATime(jobs chan int) {
	for i := range 100 {
		done := make(chan int)
		go func() { done <- square(i) }()
		<-done
	}
	var wg sync.WaitGroup
	for i := range 100 {
		wg.Add(1)
		go func() { defer wg.Done(); square(i) }()
		wg.Wait()
	}
	for i := range 100 {
		done := make(chan struct{})
		go func() { defer close(done); square(i) }()
		<-done
	}
	ticker := time.NewTicker(time.Millisecond)
	defer ticker.Stop()
	for range 100 {
		go func() {
			for j := range jobs {
				square(j)
			}
		}()
		<-ticker.C
	}
}

// Goroutines parked on a signal are not CPU-bound workers.
func parked(start chan struct{}) {
	for range 5000 {
		go func() {
			<-start
			square(1)
		}()
	}
}

type Task interface{ Run() error }

// An interface method is whatever its concrete type does.
func abstractWorker(tasks []Task) error {
	var g errgroup.Group
	g.SetLimit(100)
	for _, t := range tasks {
		g.Go(t.Run)
	}
	return g.Wait()
}

// A literal in a package-level variable's initializer is analysed as any
// other: its workers sleep, they are not CPU-bound.
var sleepers = map[string]func(){
	"sleep": func() {
		var wg sync.WaitGroup
		for range 100 {
			wg.Add(1)
			go func() {
				wg.Done()
				time.Sleep(time.Minute)
			}()
		}
		wg.Wait()
	},
}
