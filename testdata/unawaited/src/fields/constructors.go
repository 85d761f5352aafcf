package fields

// A buffer that is the constructor's parameter counts as the constants its
// calls pass, when those calls are all there are (kubernetes#38669: the
// only call passes 0, and nobody receives the results).
type cacheWatcher struct {
	input  chan int
	result chan int // want `channel field cacheWatcher.result is sent on \(line 19\) but package fields never receives from it`
}

func newCacheWatcher(chanSize int) *cacheWatcher {
	w := &cacheWatcher{input: make(chan int, chanSize), result: make(chan int, chanSize)}
	go w.process()
	return w
}

func (w *cacheWatcher) process() {
	defer close(w.result)
	w.result <- 1
	for range w.input {
	}
}

func (w *cacheWatcher) Stop() { close(w.input) }

func Watch() {
	w := newCacheWatcher(0)
	w.Stop()
}

// Calls with a big buffer and with none: the call that passes 0 leaks.
type mixedConstants struct {
	out chan int // want `channel field mixedConstants.out is sent on`
}

func newMixedConstants(size int) *mixedConstants {
	return &mixedConstants{out: make(chan int, size)}
}

func (m *mixedConstants) emit() { m.out <- 1 }

func MixedConstants() {
	newMixedConstants(64).emit()
	newMixedConstants(0).emit()
}

// Not reported: every call passes a buffer with room for the one send.
type bigBuffer struct{ out chan int }

func newBigBuffer(size int) *bigBuffer { return &bigBuffer{out: make(chan int, size)} }

func (b *bigBuffer) emit() { b.out <- 1 }

func BigBuffer() { newBigBuffer(128).emit() }

// Not reported: one call passes a size computed at run time.
type mixedCalls struct{ out chan int }

func newMixedCalls(size int) *mixedCalls { return &mixedCalls{out: make(chan int, size)} }

func (m *mixedCalls) emit() { m.out <- 1 }

func MixedCalls(items []int) {
	newMixedCalls(0).emit()
	newMixedCalls(len(items)).emit()
}

// Not reported: exported, so called from other packages with sizes unseen.
type Exported struct{ out chan int }

func NewExported(size int) *Exported { return &Exported{out: make(chan int, size)} }

func (e *Exported) emit() { e.out <- 1 }

func UseExported() { NewExported(0).emit() }

// Not reported: used as a function value, called where the pass cannot see.
type valued struct{ out chan int }

func newValued(size int) *valued { return &valued{out: make(chan int, size)} }

func (v *valued) emit() { v.out <- 1 }

var makeValued = newValued

func Valued() { newValued(0).emit() }

// Not reported: the constructor replaces the size it is passed.
type defaulted struct{ out chan int }

func newDefaulted(size int) *defaulted {
	if size <= 0 {
		size = 16
	}
	return &defaulted{out: make(chan int, size)}
}

func (d *defaulted) emit() { d.out <- 1 }

func Defaulted() { newDefaulted(0).emit() }

// Not reported: a method may be called through an interface.
type factory struct{}

type methodMade struct{ out chan int }

func (factory) newMethodMade(size int) *methodMade { return &methodMade{out: make(chan int, size)} }

func (m *methodMade) emit() { m.out <- 1 }

func MethodMade() { factory{}.newMethodMade(0).emit() }

// Not reported: never called in the package.
type uncalled struct{ out chan int }

func newUncalled(size int) *uncalled { return &uncalled{out: make(chan int, size)} }

func (u *uncalled) emit() { u.out <- 1 }

// Not reported: the constructor steps the size it is passed.
type stepped struct{ out chan int }

func newStepped(size int) *stepped {
	size++
	return &stepped{out: make(chan int, size)}
}

func (s *stepped) emit() { s.out <- 1 }

func Stepped() { newStepped(0).emit() }
