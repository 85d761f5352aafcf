// Package callees has handlers that leave a goroutine behind through the
// functions they call, and the near misses: callees that start their
// goroutine only once, or hand it to someone who awaits it.
package callees

import (
	"context"
	"net/http"
	"sync"

	"auditlog"
)

func send(event string) {}

func logEvent(event string) { // want logEvent:`starts a goroutine nobody awaits: go send\(\) \(callees.go:17\)`
	go send(event)
}

func record(r *http.Request) { // want record:`starts a goroutine nobody awaits: callees.logEvent → go send\(\) \(callees.go:17\)`
	path := r.URL.Path
	logEvent(path)
}

func direct(w http.ResponseWriter, r *http.Request) {
	logEvent("hit") // want `handler direct calls logEvent, which starts a goroutine that nobody awaits on every call \(logEvent → go send\(\) \(callees.go:17\)\): every request leaves one behind`
}

func chained(w http.ResponseWriter, r *http.Request) {
	record(r) // want `handler chained calls record, which starts a goroutine that nobody awaits on every call \(record → logEvent → go send\(\) \(callees.go:17\)\)`
}

func imported(w http.ResponseWriter, r *http.Request) {
	auditlog.Logf("hit %s", r.URL.Path) // want `handler imported calls auditlog.Logf, which starts a goroutine that nobody awaits on every call \(auditlog.Logf → auditlog.Log → go write\(\) \(auditlog.go:8\)\)`
}

// Near misses.

type cache struct {
	mu      sync.Mutex
	started bool
	once    sync.Once
	wg      sync.WaitGroup
}

func (c *cache) loop() {}

// Started once: the goroutine is behind an early return.
func (c *cache) ensure() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.started {
		return
	}
	c.started = true
	go c.loop()
}

// Started once, by sync.Once.
func (c *cache) start() {
	c.once.Do(func() { go c.loop() })
}

// Tracked by a WaitGroup that the cache's Close waits for.
func (c *cache) refresh() {
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		c.loop()
	}()
}

// A future: the caller receives from the channel.
func fetchAsync() <-chan int {
	ch := make(chan int, 1)
	go func() { ch <- 1 }()
	return ch
}

// Ends with the caller's context.
func watch(ctx context.Context) {
	go func() {
		<-ctx.Done()
		send("done")
	}()
}

// A group's goroutine: its Wait awaits it.
func grouped() {
	var wg sync.WaitGroup
	wg.Go(func() { send("grouped") })
	wg.Wait()
}

// Starts it only on some calls.
func maybeLog(verbose bool) {
	if verbose {
		logEvent("verbose")
	}
}

var shared cache

func nearMisses(w http.ResponseWriter, r *http.Request) {
	shared.ensure()
	shared.start()
	shared.refresh()
	<-fetchAsync()
	watch(r.Context())
	maybeLog(r.URL.Query().Has("v"))
	grouped()
	go logEvent("in a go statement") // want `handler nearMisses starts a goroutine that it never awaits`
}

// The goroutine's only channel is its own: nobody outside can await it.
func pollOwn() { // want pollOwn:`starts a goroutine nobody awaits: go a func literal \(callees.go:117\)`
	go func() {
		tick := make(chan int)
		go func() { tick <- 1 }()
		<-tick
	}()
}

func ownChannel(w http.ResponseWriter, r *http.Request) {
	pollOwn() // want `handler ownChannel calls pollOwn, which starts a goroutine that nobody awaits on every call`
}
