// Command waits runs CPU-sized pools whose jobs each start goroutines and
// wait for them (sync.WaitGroup.Wait inside the job), so that concurlint
// confirm can measure what cpupoolio says of them. In the first pool the
// goroutines a job waits for make HTTP requests: the workers wait, their
// goroutines wait, the cores idle. In its twin they compute: the workers
// wait, but their goroutines keep the cores busy. The third is the shape
// of Prometheus's scrape.Manager.Stop: the goroutines a job waits for wait
// in turn, on a channel, for loops started elsewhere, which make HTTP
// requests.
//
//	GOMAXPROCS=2 go run ./testdata/confirm/waits -trace /tmp/waits.trace
//
// Only 127.0.0.1 is used, and the run lasts under a second.
package main

import (
	"context"
	"crypto/sha256"
	"flag"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"runtime"
	"runtime/trace"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

var traceFile = flag.String("trace", "", "write an execution trace to this `file`")

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
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	base := "http://" + ln.Addr().String()

	fetchPool(base)
	hashPool()
	stopPools(base)
	srv.Shutdown(context.Background())
}

// fetchPool is a CPU-sized pool whose jobs each fetch four URLs in
// goroutines of their own and wait for them: every worker sits in
// wg.Wait while its goroutines wait on the network.
func fetchPool(base string) {
	jobs := make(chan int)
	var workers sync.WaitGroup
	for range runtime.NumCPU() {
		workers.Add(1)
		go func() { // site:cpupoolio
			defer workers.Done()
			for range jobs {
				fetchAll(base, 4)
			}
		}()
	}
	for j := range 40 {
		jobs <- j
	}
	close(jobs)
	workers.Wait()
}

// fetchAll fetches n URLs at once and waits for them.
func fetchAll(base string, n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() { // a goroutine the job waits for, blocked in IO
			defer wg.Done()
			get(base)
		}()
	}
	wg.Wait()
}

// hashPool is its twin: the jobs fan their computation out to four
// goroutines and wait for them; the workers wait, the cores do not.
func hashPool() {
	jobs := make(chan int)
	var workers sync.WaitGroup
	for range runtime.NumCPU() {
		workers.Add(1)
		go func() { // site:busy
			defer workers.Done()
			for j := range jobs {
				hashAll(j, 4)
			}
		}()
	}
	for j := range 40 {
		jobs <- j
	}
	close(jobs)
	workers.Wait()
}

// hashAll computes n hashes at once and waits for them.
func hashAll(j, n int) {
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() { // a goroutine the job waits for, computing
			defer wg.Done()
			work(j*n + i)
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

// scrapeLoop fetches a URL every 50ms until it is stopped, and once more
// when it is (as Prometheus's scrape on shutdown): stop waits for that.
type scrapeLoop struct {
	cancel  chan struct{}
	stopped chan struct{}
}

func startLoop(base string) *scrapeLoop {
	l := &scrapeLoop{cancel: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(l.stopped)
		for {
			select {
			case <-l.cancel:
				get(base)
				return
			case <-time.After(50 * time.Millisecond):
				get(base)
			}
		}
	}()
	return l
}

func get(base string) {
	resp, err := http.Get(base + "/slow")
	if err != nil {
		log.Print(err)
		return
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func (l *scrapeLoop) stop() {
	close(l.cancel)
	<-l.stopped
}

// scrapePool stops its loops in parallel and waits for them, as
// Prometheus's scrapePool.stop does.
type scrapePool struct{ loops []*scrapeLoop }

func (sp *scrapePool) stop() {
	var wg sync.WaitGroup
	for _, l := range sp.loops {
		wg.Add(1)
		go func() { // a goroutine the job waits for, waiting on a channel
			l.stop()
			wg.Done()
		}()
	}
	wg.Wait()
}

// stopPools stops 20 pools of 4 loops, GOMAXPROCS pools at once, as
// Prometheus's scrape.Manager.Stop does.
func stopPools(base string) {
	var pools []*scrapePool
	for range 20 {
		sp := &scrapePool{}
		for range 4 {
			sp.loops = append(sp.loops, startLoop(base))
		}
		pools = append(pools, sp)
	}
	g := new(errgroup.Group)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, sp := range pools {
		g.Go(func() error { // site:stop
			sp.stop()
			return nil
		})
	}
	g.Wait()
}
