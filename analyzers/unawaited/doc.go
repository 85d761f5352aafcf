// Package unawaited defines an Analyzer that reports futures nobody
// awaits: goroutines whose result channel, WaitGroup or errgroup the code
// that started them may never receive from or wait for.
//
// # Analyzer unawaited
//
// unawaited: report goroutines whose result nobody may receive or wait for
//
// A goroutine that produces a result is a future; whoever starts it must
// await it. When the starter stops listening (an early return on error, a
// timeout, a ctx.Done() case, or after the first of N answers) a goroutine
// that sends on an unbuffered channel blocks forever: a goroutine leak.
// The analyzer reports:
//
//  1. a go statement whose goroutine sends on a local channel with too small
//     a buffer, when some path from the go statement to a return does not
//     receive from the channel; reported at the go statement, with the
//     return as related information. A select case with an empty body
//     (case <-ch:, then case <-ctx.Done():) receives on the path through
//     it only: the timeout path leaks, in a loop too. Also goroutines
//     started in a loop that each send on such a channel while the starter
//     receives a fixed number of times after the loop ("n-cast": the first
//     answer wins, the rest block); and a goroutine that may send more
//     times than its starter receives after starting it (a send on an
//     error path without its return). Sends made by a function of the
//     package that the goroutine hands the channel to
//     (go func() { split(ctx, ch) }()) count as its own. The suggested fix
//     gives the channel a buffer for every send;
//  2. an unexported channel field or package variable that the package
//     sends on but never receives from, ranges over, selects on or hands out
//     (a local copy of it counts as it: reset := f.reset; close(reset));
//     reported at its declaration. A buffer that is a parameter of the
//     unexported function that makes the channel
//     (make(chan T, chanSize) in newWatcher) has the smallest constant
//     that the calls of that function in the package pass, when they all
//     pass one (kubernetes#38669: newCacheWatcher(0, ...) leaves the
//     results nobody reads unbuffered);
//  3. a call of a future constructor (a function returning a channel that a
//     goroutine it started sends on, or an *errgroup.Group it started
//     goroutines in), in this package or another, whose result is dropped
//     (an expression statement, _ =) or kept where nothing receives from
//     it (a variable only compared or measured, an unexported field or
//     package variable nothing receives from); the message says whether the
//     producer also leaks. A dropped future whose producer cannot block (a
//     buffered channel with room for its sends, such as a supervisor's
//     ServeBackground error channel, ignored on purpose) is reported only
//     with -unawaited.dropped-nonblocking;
//  4. a local sync.WaitGroup or errgroup.Group on which Go or Add is called
//     but Wait never is, or that a return skips between the spawn and Wait;
//     one diagnostic per group, at its first Go or Add;
//  5. an abandoned stream: a goroutine that sends in a loop, unguarded, on a
//     channel whose consumer may stop receiving before it is closed (a range
//     loop that returns on a bad value, a for-select loop that returns on
//     ctx.Done(), a consumer that takes one value and returns, a function
//     the channel is handed to that may stop receiving, itself or through a
//     consumer it hands the channel on to, known across packages by a
//     fact): the producer blocks on its next send. Reported at the go
//     statement, with the consumer's return as related information; for a
//     function handed the channel, the message names it and the file and
//     line where it returns. Off by default (-unawaited.streams): on the
//     corpus 4 of its 10 findings were true;
//  6. a range never ended: goroutines that range over a channel their
//     starter made and keeps to itself (for v := range ch, or a receive
//     loop that ends when ch is closed, outside any select), when a path of
//     the starter returns without closing ch: nobody else can close it, and
//     they wait forever (a feeding loop that returns on an error before
//     close(ch)). Not reported: a close deferred, made before the
//     goroutines start or made by another goroutine, a channel handed out,
//     a consumer that also selects on a done channel, and main and init,
//     whose return ends the program.
//
// A goroutine started through a spawn helper (a function that runs its
// function argument in a new goroutine: s.startGoRoutine(func() {...}),
// safe.Go(f), a method that adds to its WaitGroup around go f(), in this
// package or another) counts as a go statement for every rule.
//
// Sends guarded by a select with a default case or a receive case (a done
// channel, ctx.Done()) cannot block forever and are not reported; nor are
// goroutines started by main, whose return ends the program; under rule 1,
// streams whose producer gives up on some of its sends (a select on a done
// channel: written to be stopped, its other sends are rule 5's); nor are
// channels that escape the function (returned, stored, passed on),
// buffered channels with room for every send (for a field or package
// variable, a slot per send statement, none in a loop) or whose buffer is
// computed at run time (make(chan T, len(items)); under rule 2, a
// constructor's parameter when the constructor is exported, a method, used
// as a function value, never called, reassigns it, or has a call that
// passes a size computed at run time), goroutines awaited by a
// sibling goroutine (a receiver, or a closer that calls Wait), a deferred
// Wait, and a Wait under the condition that guards the spawn
// (if parallel { wg.Wait() }, parallel a parameter, a local or a package
// variable that the function does not assign in between) or under a flag
// that every spawn sets (if started { wg.Wait() }); under rule 3, streams
// (a function whose goroutine sends in a loop, a watch or a subscription:
// dropping one drops a subscription, not a result); under rule 5,
// consumers that drain on every path, stop only on a count, or stop on a
// value when the producer may send a last message (its error) and return,
// and producers whose loops are counted by a constant (for i := 0; i < 2;
// i++) when the buffer holds what the fewest receives on any path of the
// consumer leave. Suppress a finding with //concurlint:ignore unawaited
// reason, on its line or the line above.
//
// Fix: give the channel a buffer for every send, so that the sender can
// leave its result and exit when nobody listens (for n-cast, one per
// goroutine: make(chan string, len(servers))); for a group, call Wait on
// every path, or defer it.
//
// Flags:
//
//	-unawaited.dropped-nonblocking  also report dropped futures whose producer cannot block
//	-unawaited.streams              also report abandoned streams (rule 5)
//
// Example:
//
//	// WRONG
//	func fetch(ctx context.Context) (int, error) {
//		ch := make(chan int)
//		go func() { ch <- slowAnswer() }()
//		select {
//		case v := <-ch:
//			return v, nil
//		case <-ctx.Done():
//			return 0, ctx.Err() // the goroutine blocks on ch forever
//		}
//	}
//
// The sender needs room to leave its answer when nobody is listening:
//
//	// RIGHT
//	func fetch(ctx context.Context) (int, error) {
//		ch := make(chan int, 1)
//		go func() { ch <- slowAnswer() }()
//		select {
//		case v := <-ch:
//			return v, nil
//		case <-ctx.Done():
//			return 0, ctx.Err()
//		}
//	}
//
// A finding reads, with the return as related information:
//
//	leak.go:15:2: goroutine sends on unbuffered channel ch, but the return
//	at line 20 is reached without receiving from it: the sender blocks
//	forever (goroutine leak); give ch a buffer: make(chan int, 1)
package unawaited
