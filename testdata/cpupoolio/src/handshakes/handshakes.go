// Package handshakes has counted loops that receive in each iteration: a
// receive of a hand-shake that the goroutine sends before it goes on
// working leaves the loop's count in flight; a receive of the goroutine's
// end, or from a channel it does not touch, leaves one at a time.
package handshakes

import (
	"net"
	"net/http"
	"runtime"
	"sync"
	"time"
)

func fetch(u string) { http.Get(u) }

// nsq's benchmarks: each worker says it is ready, waits for the start
// signal, then does network IO; all of them are in flight together.
func readyThenGo(addr string) {
	var wg sync.WaitGroup
	ready := make(chan int)
	start := make(chan int)
	workers := runtime.GOMAXPROCS(0)
	for j := 0; j < workers; j++ {
		wg.Add(1)
		go func(id int) { // want `a loop that starts workers goroutines, sized to the CPU count \(runtime.GOMAXPROCS\(0\)\), blocks on network IO: func literal in readyThenGo → subWorker → net.Dial`
			subWorker(addr, ready, start)
			wg.Done()
		}(j)
		<-ready
	}
	close(start)
	wg.Wait()
}

func subWorker(addr string, ready, start chan int) {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		panic(err)
	}
	ready <- 1
	<-start
	conn.Write([]byte("go"))
}

// The hand-shake sent in the goroutine's own body, before its job loop.
func readyThenLoop(urls chan string) {
	ready := make(chan struct{})
	for range runtime.NumCPU() {
		go func() { // want `sized to the CPU count \(runtime.NumCPU\(\)\), blocks on HTTP requests`
			ready <- struct{}{}
			for u := range urls {
				fetch(u)
			}
		}()
		<-ready
	}
}

// A callee that signals at its end, after which the goroutine keeps
// working: still a hand-shake.
func signalThenWork(urls chan string) {
	ready := make(chan struct{})
	for range runtime.NumCPU() {
		go func() { // want `sized to the CPU count \(runtime.NumCPU\(\)\), blocks on HTTP requests`
			announce(ready)
			for u := range urls {
				fetch(u)
			}
		}()
		<-ready
	}
}

func announce(ready chan struct{}) { ready <- struct{}{} }

// The goroutine started by a go statement of a declared function.
func declaredWorker(urls chan string) {
	ready := make(chan struct{})
	for range runtime.NumCPU() {
		go worker(ready, urls) // want `sized to the CPU count \(runtime.NumCPU\(\)\), blocks on HTTP requests`
		<-ready
	}
}

func worker(ready chan struct{}, urls chan string) {
	close(ready)
	for u := range urls {
		fetch(u)
	}
}

// Near miss: the receive is the goroutine's result, sent as its last act:
// one goroutine at a time.
func resultEachIteration(urls []string) {
	results := make(chan int)
	for i := range runtime.NumCPU() {
		go func() {
			fetch(urls[i])
			results <- i
		}()
		<-results
	}
}

// Near miss: the result sent by a callee as its last act, and nothing
// after the call.
func resultThroughCallee(urls []string) {
	results := make(chan int)
	for i := range runtime.NumCPU() {
		go func() { fetchInto(urls[i], results) }()
		<-results
	}
}

func fetchInto(u string, results chan int) {
	fetch(u)
	results <- 1
}

// Near miss: done is closed when the goroutine ends.
func doneAtEnd(urls []string) {
	for i := range runtime.NumCPU() {
		done := make(chan struct{})
		go func() {
			defer close(done)
			fetch(urls[i])
		}()
		<-done
	}
}

// Near miss: a ticker paces the loop; the goroutine does not touch it.
func paced(urls chan string) {
	ticker := time.NewTicker(time.Second)
	defer ticker.Stop()
	for range runtime.NumCPU() {
		go func() {
			for u := range urls {
				fetch(u)
			}
		}()
		<-ticker.C
	}
}

// Near miss: so does a timer.
func delayed(urls chan string) {
	for range runtime.NumCPU() {
		go func() {
			for u := range urls {
				fetch(u)
			}
		}()
		<-time.After(time.Millisecond)
	}
}

// Near miss: a hand-shake and a wait for the end in the same iteration.
func readyThenEnd(urls []string) {
	ready := make(chan struct{})
	done := make(chan struct{})
	for i := range runtime.NumCPU() {
		go func() {
			ready <- struct{}{}
			fetch(urls[i])
			done <- struct{}{}
		}()
		<-ready
		<-done
	}
}
