// Package detached has handlers that start goroutines per request: those
// that nobody awaits are reported.
package detached

import (
	"context"
	"io"
	"net/http"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"upgrader"
)

func audit(ctx context.Context, what string) {}
func compute() (int, error)                  { return 0, nil }

func fireAndForget(w http.ResponseWriter, r *http.Request) {
	go audit(context.Background(), r.URL.Path) // want `handler fireAndForget starts a goroutine that it never awaits \(no Wait, no receive of its result\): every request leaves one behind`
	w.WriteHeader(http.StatusAccepted)
}

func detachedContext(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	go func() { // want `never awaits`
		select {
		case <-ctx.Done():
		case <-time.After(time.Minute):
		}
		audit(ctx, "late")
	}()
}

type Server struct {
	events chan string
	wg     sync.WaitGroup
}

// Sending to a queue that someone else drains is still a detached
// goroutine per request.
func (s *Server) enqueue(w http.ResponseWriter, r *http.Request) {
	go func() { s.events <- r.URL.Path }() // want `handler \(\*Server\).enqueue starts a goroutine that it never awaits`
}

// Not reported below.

func waited(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		audit(r.Context(), "x")
	}()
	wg.Wait()
}

func deferredWait(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	defer func() { wg.Wait() }()
	wg.Add(1)
	go func() { defer wg.Done() }()
}

// Awaited on the normal path: a select between the buffered result channel
// and ctx.Done() is not fire-and-forget.
func awaitedOnNormalPath(w http.ResponseWriter, r *http.Request) {
	res := make(chan int, 1)
	go func() {
		v, _ := compute()
		res <- v
	}()
	select {
	case v := <-res:
		_ = v
	case <-r.Context().Done():
		return
	}
}

func awaitedByRange(w http.ResponseWriter, r *http.Request) {
	out := make(chan int)
	go func() {
		defer close(out)
		out <- 1
	}()
	for v := range out {
		_ = v
	}
}

// The goroutine ends with the request: it waits on the request's context.
func watcher(w http.ResponseWriter, r *http.Request) {
	go func() {
		<-r.Context().Done()
		audit(context.Background(), "client left")
	}()
}

// The goroutine ends when the handler closes its stop channel.
func stopped(w http.ResponseWriter, r *http.Request) {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
}

// A WaitGroup of the server: someone else waits, at shutdown.
func (s *Server) tracked(w http.ResponseWriter, r *http.Request) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		audit(context.Background(), "x")
	}()
}

func (s *Server) Close() { s.wg.Wait() }

// A go statement in a declared function that does its own Done.
func (s *Server) work(wg *sync.WaitGroup) { defer wg.Done() }

func namedWorker(w http.ResponseWriter, r *http.Request) {
	s := &Server{}
	var wg sync.WaitGroup
	wg.Add(1)
	go s.work(&wg)
	wg.Wait()
}

func group(w http.ResponseWriter, r *http.Request) {
	var g errgroup.Group
	g.Go(func() error { return nil })
	g.Wait()
}

// The handler takes over the connection: its goroutines serve it, as an
// accept loop's do.
func tunnel(w http.ResponseWriter, r *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		return
	}
	go func() { conn.Close() }()
}

// The handler takes over the connection through a library call (a
// websocket upgrade): the same.
func upgrade(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Accept(w, r)
	if err != nil {
		return
	}
	go func() { conn.Close() }()
}

// A library call that does not hijack leaves the connection to the
// server: the goroutine is one per request.
func reply(w http.ResponseWriter, r *http.Request) {
	upgrader.Reply(w)
	go audit(context.Background(), r.URL.Path) // want `never awaits`
}

// A handler literal whose goroutine reports to the function around it.
func serverForTest() {
	results := make(chan error, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		go func() { results <- nil }()
	})
	_ = h
	<-results
}

// The goroutine's function waits on a group of its own: that is not the
// handler awaiting it.
func background(ids []string) { // want background:`param 0`
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() { audit(context.Background(), id) })
	}
	wg.Wait()
}

func ownGroup(w http.ResponseWriter, r *http.Request) {
	go background([]string{"a"}) // want `never awaits`
}

// One diagnostic for the go statement and the call it makes.
func detachedFanOut(w http.ResponseWriter, r *http.Request) {
	go background(r.URL.Query()["id"]) // want `handler detachedFanOut passes r.URL.Query\(\)\["id"\] \(from the request's query or form\) to background`
}

func writeSnapshot(w io.Writer) {}

// The goroutine writes into a pipe that the handler reads (etcd's
// Snapshot RPC): each write waits for the handler's read, and the
// handler's close of its end ends the goroutine.
func streamed(w http.ResponseWriter, r *http.Request) {
	pr, pw := io.Pipe()
	defer pr.Close()
	go func() {
		writeSnapshot(pw)
		pw.Close()
	}()
	io.Copy(w, pr)
}

// A pipe of its own, that the handler never touches, is no await.
func ownPipe(w http.ResponseWriter, r *http.Request) {
	go func() { // want `never awaits`
		pr, pw := io.Pipe()
		go writeSnapshot(pw)
		io.Copy(io.Discard, pr)
	}()
}

// A receive before the goroutine starts does not await it: the await must
// be able to follow the spawn.
func receivedBefore(w http.ResponseWriter, r *http.Request) {
	ready := make(chan struct{}, 1)
	ready <- struct{}{}
	<-ready
	go func() { ready <- struct{}{} }() // want `handler receivedBefore starts a goroutine that it never awaits`
}

// In a loop, the receive at the top of the next iteration follows the
// spawn: the goroutine is awaited on that path.
func receivedNextIteration(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{}, 1)
	done <- struct{}{}
	for range 3 {
		<-done
		go func() { done <- struct{}{} }()
	}
}

type pair struct{ in, out chan int }

// The handler receives from another pair's channel, not from the one the
// goroutine sends on.
func otherPair(w http.ResponseWriter, r *http.Request) {
	p, q := pair{out: make(chan int, 1)}, pair{out: make(chan int, 1)}
	q.out <- 1
	go func() { p.out <- 1 }() // want `handler otherPair starts a goroutine that it never awaits`
	<-q.out
}

// The same field of the same pair: awaited.
func samePair(w http.ResponseWriter, r *http.Request) {
	p := &pair{out: make(chan int, 1)}
	go func() { p.out <- 1 }()
	<-p.out
}

// A deferred literal that closes the goroutine's stop channel ends it.
func deferredClose(w http.ResponseWriter, r *http.Request) {
	stop := make(chan struct{})
	defer func() { close(stop) }()
	go func() {
		<-stop
	}()
}

type notifier interface{ Notify(done chan<- struct{}) }

var notify notifier

// The goroutine runs code that the package does not hold (an interface's
// method): what the go statement passes is what it shares.
func awaitedThroughArgument(w http.ResponseWriter, r *http.Request) {
	done := make(chan struct{})
	go notify.Notify(done)
	<-done
}

func notAwaitedThroughArgument(w http.ResponseWriter, r *http.Request) {
	go notify.Notify(make(chan struct{})) // want `handler notAwaitedThroughArgument starts a goroutine that it never awaits`
}
