package fixed

import (
	"context"
	"errors"
	"math/rand"
	"sync"
	"time"
)

// The GoKer kernels that concurlint finds, fixed as their upstream patches
// describe (goker/README.md names each patch).

// cockroach#18101: the producer gives up when the context is done, as its
// consumer does.
const importSpans = 6

func restore(ctx context.Context) bool {
	ready := make(chan bool, importSpans)
	go func() {
		defer close(ready)
		splitAndScatter(ctx, ready)
	}()
	for span := range ready {
		<-ctx.Done() // the kernel's shape: the consumer stops on cancellation
		return span
	}
	return true
}

func splitAndScatter(ctx context.Context, ready chan<- bool) {
	for i := 0; i < importSpans+2; i++ {
		select {
		case ready <- i != 0:
		case <-ctx.Done():
			return
		}
	}
}

// grpc#660: the answer has a slot of its own, so a stop between two calls
// leaves no sender behind.
type benchmarkClient struct {
	stop chan bool
}

func (bc *benchmarkClient) doCloseLoopUnary() {
	for {
		done := make(chan bool, 1)
		go func() {
			if rand.Intn(10) > 7 {
				done <- false
				return
			}
			done <- true
		}()
		select {
		case <-bc.stop:
			return
		case <-done:
		}
	}
}

// kubernetes#5316: both result channels are buffered, so the goroutine
// finishes after a timeout.
func finishRequest(timeout time.Duration, fn func() error) {
	ok := make(chan bool, 1)
	errs := make(chan error, 1)
	go func() {
		if err := fn(); err != nil {
			errs <- err
		} else {
			ok <- true
		}
	}()
	select {
	case <-ok:
	case <-errs:
	case <-time.After(timeout):
	}
}

// kubernetes#25331: the watcher gives up sending its result once stopped.
type watchChan struct {
	ctx        context.Context
	cancel     context.CancelFunc
	resultChan chan bool
	errChan    chan error
}

func newWatchChan() *watchChan {
	ctx, cancel := context.WithCancel(context.Background())
	return &watchChan{ctx: ctx, cancel: cancel, resultChan: make(chan bool), errChan: make(chan error)}
}

func (wc *watchChan) Stop() {
	select {
	case wc.errChan <- errors.New("stopped"):
	case <-wc.ctx.Done():
	}
	wc.cancel()
}

func (wc *watchChan) run() {
	select {
	case err := <-wc.errChan:
		select {
		case wc.resultChan <- err != nil:
		case <-wc.ctx.Done():
		}
	case <-wc.ctx.Done():
	}
}

func watch() {
	wc := newWatchChan()
	go wc.run()
	go wc.Stop()
}

// moby#33781: the probe's result has a slot, so the monitor can stop
// without draining it.
func monitor(stop chan bool) {
	for {
		select {
		case <-stop:
			return
		case <-time.After(time.Millisecond):
			results := make(chan bool, 1)
			ctx, cancelProbe := context.WithTimeout(context.Background(), time.Millisecond)
			go func() {
				results <- true
				close(results)
			}()
			select {
			case <-stop:
				cancelProbe()
				return
			case <-results:
				cancelProbe()
			case <-ctx.Done():
				cancelProbe()
				<-results
			}
		}
	}
}

// kubernetes#6632: the monitor receives the resets until the connection
// closes, and a writer gives up once the monitor is gone.
type idleAwareFramer struct {
	resetChan chan bool
	closed    chan bool
	gone      chan struct{}
}

func newIdleAwareFramer() *idleAwareFramer {
	return &idleAwareFramer{resetChan: make(chan bool), closed: make(chan bool), gone: make(chan struct{})}
}

func (f *idleAwareFramer) monitor() {
	defer close(f.gone)
	for {
		select {
		case <-f.closed:
			return
		case <-f.resetChan:
		}
	}
}

func (f *idleAwareFramer) WriteFrame() {
	select {
	case f.resetChan <- true:
	case <-f.gone:
	}
}

func frame() {
	f := newIdleAwareFramer()
	go func() { f.closed <- true }()
	go f.monitor()
	go f.WriteFrame()
}

// kubernetes#38669: the watcher gives up sending an event once stopped,
// whatever the buffer its constructor is given.
type cacheWatcher struct {
	sync.Mutex
	input   chan int
	result  chan int
	done    chan struct{}
	stopped bool
}

func newCacheWatcher(chanSize int, initEvents []int) *cacheWatcher {
	w := &cacheWatcher{
		input:  make(chan int, chanSize),
		result: make(chan int, chanSize),
		done:   make(chan struct{}),
	}
	go w.process(initEvents)
	return w
}

func (w *cacheWatcher) process(initEvents []int) {
	for _, event := range initEvents {
		w.sendWatchCacheEvent(event)
	}
	defer close(w.result)
	defer w.Stop()
	for range w.input {
	}
}

func (w *cacheWatcher) sendWatchCacheEvent(event int) {
	select {
	case w.result <- event:
	case <-w.done:
	}
}

func (w *cacheWatcher) Stop() {
	w.Lock()
	defer w.Unlock()
	if !w.stopped {
		w.stopped = true
		close(w.done)
		close(w.input)
	}
}

func cacheWatch() {
	w := newCacheWatcher(0, []int{1, 2})
	w.Stop()
}
