// Package spawnhelpers starts goroutines through spawn helpers (a function
// that runs its function argument in a new goroutine): each call is a go
// statement for every rule.
package spawnhelpers

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"

	"github.com/quic-go/quic-go"

	"safe"
)

type server struct{ grWG sync.WaitGroup }

// startGoRoutine is nats-server's helper: one goroutine per call, counted
// for shutdown only.
func (s *server) startGoRoutine(f func()) {
	s.grWG.Add(1)
	go func() {
		defer s.grWG.Done()
		f()
	}()
}

// runAndWait runs f and waits for it: not a spawn helper.
func runAndWait(f func()) {
	done := make(chan struct{})
	go func() {
		f()
		close(done)
	}()
	<-done
}

func fetch(id string) {}

func (s *server) lookup(w http.ResponseWriter, r *http.Request) {
	var req struct{ IDs []string }
	json.NewDecoder(r.Body).Decode(&req)
	for _, id := range req.IDs {
		safe.Go(func() { fetch(id) }) // want `handler \(\*server\).lookup starts one goroutine per element of req.IDs, decoded from the request body, with no bound: .*; and it never awaits them`
	}
	for _, id := range req.IDs {
		runAndWait(func() { fetch(id) }) // one at a time
	}
	for range 3 {
		safe.Go(func() { fetch("constant") }) // want `handler \(\*server\).lookup starts a goroutine that it never awaits`
	}
}

func (s *server) notify(w http.ResponseWriter, r *http.Request) {
	s.startGoRoutine(func() { fetch("audit") }) // want `handler \(\*server\).notify starts a goroutine that it never awaits \(no Wait, no receive of its result\): every request leaves one behind`
}

// The handler receives the goroutine's result: awaited.
func (s *server) compute(w http.ResponseWriter, r *http.Request) {
	result := make(chan string, 1)
	safe.Go(func() { result <- "x" })
	w.Write([]byte(<-result))
}

// fetchAll fans out over its parameter through the helper: a fact.
func fetchAll(ids []string) { // want fetchAll:`spawns one goroutine per element of param 0`
	for _, id := range ids {
		safe.Go(func() { fetch(id) })
	}
}

func (s *server) lookupAll(w http.ResponseWriter, r *http.Request) {
	fetchAll(r.URL.Query()["id"]) // want `handler \(\*server\).lookupAll passes r.URL.Query\(\)\["id"\] \(from the request's query or form\) to fetchAll, which starts one goroutine per element of it with no bound`
}

func serveStream(s quic.Stream) {}

func (s *server) serveQUIC(conn quic.Connection) {
	for {
		str, err := conn.AcceptStream(context.Background())
		if err != nil {
			return
		}
		s.startGoRoutine(func() { serveStream(str) }) // want `\(\*server\).serveQUIC starts one goroutine per stream accepted by \(quic.Connection\).AcceptStream, with no bound`
	}
}

// peerGroup is a group of the program's own (minio's NotificationGroup):
// Go is a spawn helper, Wait awaits what it started.
type peerGroup struct{ wg sync.WaitGroup }

func (g *peerGroup) Go(f func()) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		f()
	}()
}

func (g *peerGroup) Wait() { g.wg.Wait() }

func (s *server) commitAll(w http.ResponseWriter, r *http.Request) {
	var g peerGroup
	g.Go(func() { fetch("peer 1") })
	g.Go(func() { fetch("peer 2") })
	g.Wait()
}

func (s *server) commitAndForget(w http.ResponseWriter, r *http.Request) {
	var g peerGroup
	g.Go(func() { fetch("peer 1") }) // want `handler \(\*server\).commitAndForget starts a goroutine that it never awaits`
}
