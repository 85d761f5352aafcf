package leak

import (
	"context"
	"errors"
	"time"
)

func work() (int, error) { return 1, nil }
func check() error       { return nil }

// Early return on error between the spawn and the receive.
func earlyReturn() (int, error) {
	ch := make(chan int)
	go func() { // want `goroutine sends on unbuffered channel ch, but the return at line 20 is reached without receiving from it: the sender blocks forever \(goroutine leak\); give ch a buffer: make\(chan int, 1\)`
		v, _ := work()
		ch <- v
	}()
	if err := check(); err != nil {
		return 0, err
	}
	return <-ch, nil
}

func earlyReturnFixed() (int, error) {
	ch := make(chan int, 1)
	go func() {
		v, _ := work()
		ch <- v
	}()
	if err := check(); err != nil {
		return 0, err
	}
	return <-ch, nil
}

// A select whose timeout case returns.
func timeout() (int, error) {
	ch := make(chan int)
	go func() { // want `goroutine sends on unbuffered channel ch, but the return at line 48 is reached`
		v, _ := work()
		ch <- v
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

func timeoutFixed() (int, error) {
	ch := make(chan int, 1)
	go func() {
		v, _ := work()
		ch <- v
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-time.After(time.Second):
		return 0, errors.New("timeout")
	}
}

// A select whose ctx.Done() case returns.
func ctxDone(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() { // want `goroutine sends on unbuffered channel ch, but the return at line 77 is reached`
		v, _ := work()
		ch <- v
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// The sender gives up when the caller does: its send is guarded.
func ctxDoneGuarded(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		v, _ := work()
		select {
		case ch <- v:
		case <-ctx.Done():
		}
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// A send with a default case never blocks.
func guardedDefault() int {
	ch := make(chan int)
	go func() {
		select {
		case ch <- 1:
		default:
		}
	}()
	if check() != nil {
		return 0
	}
	return <-ch
}

// The first of n answers wins; the others block forever.
func nCast(servers []string) string {
	ch := make(chan string)
	for _, s := range servers {
		go func() { ch <- s }() // want `goroutines started in a loop each send on unbuffered channel ch, but it is received from only 1 time after the loop: the other senders block forever \(goroutine leak\); give ch a buffer: make\(chan string, len\(servers\)\)`
	}
	return <-ch
}

func nCastFixed(servers []string) string {
	ch := make(chan string, len(servers))
	for _, s := range servers {
		go func() { ch <- s }()
	}
	return <-ch
}

func nCastConst() int {
	ch := make(chan int)
	for i := 0; i < 3; i++ {
		go func() { ch <- i }() // want `received from only 2 times after the loop.*make\(chan int, 3\)`
	}
	return <-ch + <-ch
}

func nCastConstFixed() int {
	ch := make(chan int, 1)
	for i := 0; i < 3; i++ {
		go func() { ch <- i }()
	}
	return <-ch + <-ch
}

// Fan-in: every answer is received in a loop.
func fanIn(servers []string) []string {
	ch := make(chan string)
	for _, s := range servers {
		go func() { ch <- s }()
	}
	var out []string
	for range servers {
		out = append(out, <-ch)
	}
	return out
}

// A double send on the error path: the buffer of 1 holds only one.
func doubleSend() (int, error) {
	type result struct {
		v   int
		err error
	}
	ch := make(chan result, 1)
	go func() { // want `goroutine sends on channel ch \(buffer 1\) more values than it holds, but the return at line 175 is reached.*make\(chan result, 2\)`
		v, err := work()
		if err != nil {
			ch <- result{err: err}
		}
		ch <- result{v: v}
	}()
	if err := check(); err != nil {
		return 0, err
	}
	r := <-ch
	return r.v, r.err
}

func doubleSendFixed() (int, error) {
	type result struct {
		v   int
		err error
	}
	ch := make(chan result, 1)
	go func() {
		v, err := work()
		if err != nil {
			ch <- result{err: err}
			return
		}
		ch <- result{v: v}
	}()
	if err := check(); err != nil {
		return 0, err
	}
	r := <-ch
	return r.v, r.err
}

// A per-iteration channel abandoned by continue.
func loopContinue(xs []int) int {
	sum := 0
	for _, x := range xs {
		ch := make(chan int)
		go func() { ch <- x * 2 }() // want `the loop makes ch anew at line 206 without receiving from it`
		if x < 0 {
			continue
		}
		sum += <-ch
	}
	return sum
}

// A named worker function, started with the channel as argument.
func worker(out chan<- int) { out <- 1 }

func namedWorker() int {
	ch := make(chan int)
	go worker(ch) // want `goroutine sends on unbuffered channel ch, but the return at line 223`
	if check() != nil {
		return 0
	}
	return <-ch
}

// The channel escapes: someone else may receive.
func escapes(sink func(chan int)) {
	ch := make(chan int)
	go func() { ch <- 1 }()
	sink(ch)
}

// A sibling goroutine receives.
func sibling() {
	ch := make(chan int)
	go func() { ch <- 1 }()
	go func() { <-ch }()
}

// Received on every path.
func everyPath() int {
	ch := make(chan int)
	go func() { ch <- 1 }()
	if check() != nil {
		<-ch
		return 0
	}
	return <-ch
}

// Implicit return at the end of the function.
func neverReceived() {
	ch := make(chan int)
	go func() { ch <- 1 }() // want `the end of the function at line 257 is reached`
}

// Only the last goroutine to arrive sends: one receive matches it.
func lastArrival(p int, count func() int) {
	done := make(chan bool)
	for range p {
		go func() {
			if count() == p {
				done <- true
				return
			}
		}()
	}
	<-done
}

// The results are received in a range-over-int loop, which go/ssa rotates
// behind a guard.
func rangeInt(procs int) int {
	results := make(chan int)
	for range procs {
		go func() { results <- 1 }()
	}
	sum := 0
	for range procs {
		sum += <-results
	}
	return sum
}

// The only return is in the case that receives: no path leaks (lib/pq's
// notification loop).
func selectLoopReturnsOnReceive(notes <-chan int) error {
	done := make(chan error)
	go func() { done <- errors.New("x") }()
	for {
		select {
		case _, ok := <-notes:
			if !ok {
				notes = nil
			}
		case err := <-done:
			return err
		}
	}
}

// The other case panics: the return is reached only through the receive.
func selectOtherCasePanics(errs chan error) {
	ok := make(chan bool)
	go func() { ok <- true }()
	select {
	case err := <-errs:
		panic(err)
	case <-ok:
		return
	}
}

// The other case returns: that path leaks.
func selectOtherCaseReturns(errs chan error) error { // want selectOtherCaseReturns:`stops receiving\(param 0\)`
	ok := make(chan bool)
	go func() { ok <- true }() // want `goroutine sends on unbuffered channel ok, but the return at line \d+ is reached without receiving from it`
	select {
	case err := <-errs:
		return err
	case <-ok:
		return nil
	}
}

// A range over a literal starts as many senders as it has elements: two
// receives take both answers.
func nCastLiteral() (string, string) {
	ch := make(chan string)
	for _, s := range []string{"a", "b"} {
		go func() { ch <- s }()
	}
	return <-ch, <-ch
}

func nCastLiteralShort() string {
	ch := make(chan string)
	for _, s := range []string{"a", "b", "c"} {
		go func() { ch <- s }() // want `received from only 1 time after the loop.*make\(chan string, 3\)`
	}
	return <-ch
}

// One goroutine that may leak on either of two channels: one diagnostic
// for its go statement, on the channel made first.
func eitherChannel(ctx context.Context) (string, error) {
	lines := make(chan string)
	errs := make(chan error)
	go func() { // want `goroutine sends on unbuffered channel lines, but the return at line \d+ is reached without receiving from it`
		line, err := read()
		if err != nil {
			errs <- err
		} else {
			lines <- line
		}
	}()
	select {
	case line := <-lines:
		return line, nil
	case err := <-errs:
		return "", err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

func read() (string, error) { return "", nil }

// A select whose receiving case has no body: the receive happens in the
// select itself, and the ctx.Done() case falls through to the return.
func emptyCases(ctx context.Context) int {
	ch := make(chan int)
	go func() { ch <- 1 }() // want `goroutine sends on unbuffered channel ch, but the return at line \d+ is reached without receiving from it`
	var v int
	select {
	case v = <-ch:
	case <-ctx.Done():
	}
	return v
}

func emptyCasesNoValue(ctx context.Context) {
	ch := make(chan bool)
	go func() { ch <- true }() // want `goroutine sends on unbuffered channel ch, but the end of the function at line \d+ is reached without receiving from it`
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

// The same, with a buffer for the send: nothing blocks.
func emptyCasesBuffered(ctx context.Context) {
	ch := make(chan bool, 1)
	go func() { ch <- true }()
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

// The other case waits for the answer too: every path receives.
func emptyCasesDrained(ctx context.Context) {
	ch := make(chan bool)
	go func() { ch <- true }()
	select {
	case <-ch:
	case <-ctx.Done():
		<-ch
	}
}

// Two result channels, both received from in empty cases; the timeout
// case leaves the sender blocked on whichever it chose.
func emptyCasesTwoChannels(fn func() error) {
	ok := make(chan bool)
	errs := make(chan error)
	go func() { // want `goroutine sends on unbuffered channel ok, but the end of the function at line \d+ is reached without receiving from it`
		if err := fn(); err != nil {
			errs <- err
		} else {
			ok <- true
		}
	}()
	select {
	case <-ok:
	case <-errs:
	case <-time.After(time.Second):
	}
}

// In a loop, a channel per iteration: the stop case returns while the
// sender of this iteration still waits.
func emptyCasesInLoop(stop chan bool) { // want emptyCasesInLoop:`stops receiving\(param 0\)`
	for {
		done := make(chan bool)
		go func() { done <- true }() // want `goroutine sends on unbuffered channel done, but the return at line \d+ is reached without receiving from it`
		select {
		case <-stop:
			return
		case <-done:
		}
	}
}

// In a loop, with the sender guarded by stop: it gives up too.
func emptyCasesInLoopGuarded(stop chan bool) {
	for {
		done := make(chan bool)
		go func() {
			select {
			case done <- true:
			case <-stop:
			}
		}()
		select {
		case <-stop:
			return
		case <-done:
		}
	}
}

// A send on the error path without its return: the goroutine sends twice
// (through a function of the package) and its starter receives once.
func sendTwice(ch chan int, err error) {
	if err != nil {
		ch <- 0
	}
	ch <- 1
}

func extraSend(err error) int {
	ch := make(chan int)
	go func() { sendTwice(ch, err) }() // want `goroutine may send on unbuffered channel ch 2 times, but it is received from at most 1 time after the goroutine starts: the extra send blocks forever \(goroutine leak\)`
	return <-ch
}

// Two receives take both sends.
func extraSendReceived(err error) int {
	ch := make(chan int)
	go func() { sendTwice(ch, err) }()
	return <-ch + <-ch
}

// The buffer holds the extra send.
func extraSendBuffered(err error) int {
	ch := make(chan int, 1)
	go func() { sendTwice(ch, err) }()
	return <-ch
}

// With its return, the goroutine sends once on every path.
func sendOnce(ch chan int, err error) {
	if err != nil {
		ch <- 0
		return
	}
	ch <- 1
}

func extraSendFixed(err error) int {
	ch := make(chan int)
	go func() { sendOnce(ch, err) }()
	return <-ch
}
