package leak

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Two goroutines signal on one slot; each select either receives or ends
// the test: no path reaches the end with a sender left (prometheus'
// scrape_test.go). require.FailNow never returns.
func twoSignalsRequire(t *testing.T) {
	signal := make(chan struct{}, 1)
	go func() {
		work()
		signal <- struct{}{}
	}()
	select {
	case <-signal:
	case <-time.After(time.Second):
		require.FailNow(t, "timeout")
	}
	go func() {
		work()
		signal <- struct{}{}
	}()
	select {
	case <-signal:
	case <-time.After(time.Second):
		require.New(t).FailNow("timeout")
	}
}

// The same with require.Fail, which calls FailNow after its report.
func twoSignalsFail(t *testing.T) {
	signal := make(chan struct{}, 1)
	go func() {
		work()
		signal <- struct{}{}
	}()
	select {
	case <-signal:
	case <-time.After(time.Second):
		require.Fail(t, "timeout")
	}
	go func() {
		work()
		signal <- struct{}{}
	}()
	select {
	case <-signal:
	case <-time.After(time.Second):
		require.Fail(t, "timeout")
	}
}

// t.Errorf lets the test go on: both timeouts taken, two sends meet one
// slot and no receive.
func twoSignalsErrorf(t *testing.T) {
	signal := make(chan struct{}, 1)
	go func() { // want `goroutine sends on channel signal \(buffer 1\) more values than it holds`
		work()
		signal <- struct{}{}
	}()
	select {
	case <-signal:
	case <-time.After(time.Second):
		t.Errorf("timeout")
	}
	go func() { // want `goroutine sends on channel signal \(buffer 1\) more values than it holds`
		work()
		signal <- struct{}{}
	}()
	select {
	case <-signal:
	case <-time.After(time.Second):
		t.Errorf("timeout")
	}
}

// A stream whose producer selects on a done channel for its sends was
// written to be stopped: its one unguarded send (an overflow notice) is
// rule 5's business, not rule 1's (syncthing's watchLoop).
func watchLoop(done <-chan struct{}, in <-chan int, out chan<- int) { // want watchLoop:`stops receiving`
	for {
		if len(in) == cap(in) {
			out <- -1
		}
		select {
		case v := <-in:
			select {
			case out <- v:
			case <-done:
				return
			}
		case <-done:
			return
		}
	}
}

func watchOnce(t *testing.T) {
	out := make(chan int)
	in := make(chan int, 10)
	done := make(chan struct{})
	defer close(done)
	go func() {
		watchLoop(done, in, out)
	}()
	in <- 1
	select {
	case <-out:
	case <-time.After(time.Second):
		t.Errorf("timeout")
	}
}
