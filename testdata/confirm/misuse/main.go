// Command misuse runs the four concurrency misuses that concurlint flags, so
// that concurlint confirm can measure them in a trace. Each go statement that
// the test measures carries a "site:" comment naming its analyzer.
//
//	GOMAXPROCS=2 go run ./testdata/confirm/misuse -trace /tmp/misuse.trace
//
// Only 127.0.0.1 is used, and the run lasts about a second (times -scale).
package main

import (
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/trace"
	"strconv"
	"sync"
	"time"
)

var (
	traceFile = flag.String("trace", "", "write an execution trace to this `file`")
	scale     = flag.Int("scale", 1, "repeat the workload this many times")
)

func main() {
	flag.Parse()
	if *traceFile != "" {
		f, err := os.Create(*traceFile)
		if err != nil {
			log.Fatal(err)
		}
		if err := trace.Start(f); err != nil {
			log.Fatal(err)
		}
		defer f.Close()
		defer trace.Stop()
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(2 * time.Millisecond)
		io.WriteString(w, "ok")
	})
	mux.HandleFunc("/batch", batch)
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	base := "http://" + ln.Addr().String()
	dir, err := os.MkdirTemp("", "misuse")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	for range *scale {
		ioPool(base, dir)
		requests(base)
		cpuPool()
		for range 20 {
			first()
		}
	}
	srv.Shutdown(context.Background())
	time.Sleep(50 * time.Millisecond) // let the last goroutines block or end
}

// ioPool is a CPU-sized pool whose workers wait on HTTP and files (cpupoolio).
func ioPool(base, dir string) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() { // site:cpupoolio
			defer wg.Done()
			for j := range jobs {
				resp, err := http.Get(base + "/slow")
				if err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				name := filepath.Join(dir, strconv.Itoa(j))
				os.WriteFile(name, make([]byte, 4096), 0o600)
				os.ReadFile(name)
				time.Sleep(time.Millisecond)
			}
		}()
	}
	for j := range 60 {
		jobs <- j
	}
	close(jobs)
	wg.Wait()
}

// requests sends a few concurrent requests of many items each.
func requests(base string) {
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			resp, err := http.Get(base + "/batch?n=150")
			if err != nil {
				log.Print(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		})
	}
	wg.Wait()
}

// batch is a handler that fans out over the items of the request with no
// bound (unboundedgo, reported at the call of fanOut).
func batch(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	items := make([]int, n)
	for i := range items {
		items[i] = i
	}
	sum := fanOut(items) // finding:unboundedgo
	fmt.Fprintln(w, sum)
}

func fanOut(items []int) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	sum := 0
	for _, it := range items {
		wg.Add(1)
		go func() { // site:unboundedgo
			defer wg.Done()
			time.Sleep(20 * time.Millisecond)
			mu.Lock()
			sum += it
			mu.Unlock()
		}()
	}
	wg.Wait()
	return sum
}

// cpuPool is an oversized pool of CPU-bound workers (poolsize).
func cpuPool() {
	jobs := make(chan int, 512)
	for j := range 512 {
		jobs <- j
	}
	close(jobs)
	var wg sync.WaitGroup
	for w := 0; w < 64*runtime.NumCPU(); w++ {
		wg.Add(1)
		go func() { // site:poolsize
			defer wg.Done()
			for j := range jobs {
				work(j)
			}
		}()
	}
	wg.Wait()
}

// work is pure computation of about half a millisecond.
func work(j int) [32]byte {
	h := sha256.Sum256([]byte(strconv.Itoa(j)))
	for range 600 {
		h = sha256.Sum256(h[:])
	}
	return h
}

// first returns the first of five answers; the other four senders block
// forever on the unbuffered channel (unawaited).
func first() [32]byte {
	ch := make(chan [32]byte)
	for i := range 5 {
		go func() { // site:unawaited
			ch <- sha256.Sum256([]byte{byte(i)})
		}()
	}
	return <-ch
}
