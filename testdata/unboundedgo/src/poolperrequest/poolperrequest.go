// Package poolperrequest has handlers that start a CPU-sized pool for each
// request, and the near misses: a pool of a constant size, pools made once
// when the server starts.
package poolperrequest

import (
	"encoding/json"
	"net/http"
	"runtime"
	"sync"

	"github.com/panjf2000/ants/v2"
	"golang.org/x/sync/errgroup"
)

func work(i int) {}

func counted(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	for i := 0; i < runtime.GOMAXPROCS(0); i++ {
		wg.Add(1)
		go func() { // want `handler counted starts a loop that starts runtime.GOMAXPROCS\(0\) goroutines, sized to the CPU count \(runtime.GOMAXPROCS\(0\)\), for each request: each request starts runtime.GOMAXPROCS\(0\) goroutines; N concurrent requests start N × runtime.GOMAXPROCS\(0\), which share the same cores`
			defer wg.Done()
			work(i)
		}()
	}
	wg.Wait()
}

func limited(w http.ResponseWriter, r *http.Request) {
	var req struct{ IDs []string }
	json.NewDecoder(r.Body).Decode(&req)
	g := new(errgroup.Group)
	g.SetLimit(runtime.NumCPU())
	for _, id := range req.IDs {
		g.Go(func() error { work(len(id)); return nil }) // want `handler limited starts an errgroup limited to runtime.NumCPU\(\) goroutines, sized to the CPU count \(runtime.NumCPU\(\)\), for each request`
	}
	g.Wait()
}

func library(w http.ResponseWriter, r *http.Request) {
	workers := runtime.NumCPU()
	pool, _ := ants.NewPool(workers)
	pool.Submit(func() { work(1) }) // want `handler library starts a pool of workers workers, sized to the CPU count \(runtime.NumCPU\(\)\), for each request`
}

// Started and left: also never awaited.
func detached(w http.ResponseWriter, r *http.Request) {
	for range runtime.NumCPU() {
		go work(0) // want `handler detached starts a loop that starts runtime.NumCPU\(\) goroutines, .*for each request: .*; and it never awaits them`
	}
}

// Near misses.

func constant(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(i)
		}()
	}
	wg.Wait()
}

type server struct {
	pool *ants.Pool
	sem  chan struct{}
}

func newServer() *server {
	pool, _ := ants.NewPool(runtime.NumCPU())
	return &server{pool: pool, sem: make(chan struct{}, runtime.NumCPU())}
}

// The server's pool and semaphore are made once, when it starts.
func (s *server) shared(w http.ResponseWriter, r *http.Request) {
	s.pool.Submit(func() { work(1) })
	done := make(chan struct{})
	s.sem <- struct{}{}
	go func() {
		defer func() { <-s.sem }()
		work(2)
		close(done)
	}()
	<-done
}

func init() {
	for range runtime.NumCPU() {
		go work(0)
	}
}
