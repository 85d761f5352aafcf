// Package chains has workers that block through calls: a chain three calls
// deep, a method value, a named worker function, a deferred call.
package chains

import (
	"net"
	"runtime"

	"golang.org/x/sync/errgroup"
)

func a(addr string) { b(addr) }
func b(addr string) { c(addr) }
func c(addr string) { net.Dial("tcp", addr) }

func deep(addrs chan string) {
	n := max(1, runtime.NumCPU()/2)
	for range n {
		go func() { // want `sized to the CPU count \(max\(1, runtime.NumCPU\(\)/2\)\), blocks on network IO: func literal in deep → a → b → c → net.Dial`
			for addr := range addrs {
				a(addr)
			}
		}()
	}
}

type server struct{ addrs chan string }

func (s *server) fetch() error {
	for addr := range s.addrs {
		c(addr)
	}
	return nil
}

func (s *server) methodValue() error {
	var g errgroup.Group
	g.SetLimit(runtime.NumCPU() + 1)
	for range 100 {
		g.Go(s.fetch) // want `an errgroup limited to runtime.NumCPU\(\) \+ 1 goroutines, sized to the CPU count \(runtime.NumCPU\(\)\+1\), blocks on network IO: \(\*server\).fetch → c → net.Dial`
	}
	return g.Wait()
}

func worker(addrs chan string) {
	for addr := range addrs {
		defer c(addr)
	}
}

func numWorkers() int { return runtime.NumCPU() }

func named(addrs chan string) {
	for i := 0; i < numWorkers(); i++ {
		go worker(addrs) // want `a loop that starts numWorkers\(\) goroutines, sized to the CPU count \(runtime.NumCPU\(\)\), blocks on network IO: worker → c → net.Dial`
	}
}

type config struct{ workers int }

func newConfig() *config { return &config{workers: runtime.NumCPU()} }

func field(addrs chan string) {
	cfg := newConfig()
	for range cfg.workers {
		go worker(addrs) // want `a loop that starts cfg.workers goroutines, sized to the CPU count`
	}
}
