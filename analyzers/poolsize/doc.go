// Package poolsize defines an Analyzer that finds CPU-bound worker pools
// with more workers than the cores can run, and GOMAXPROCS set by hand.
//
// # Analyzer poolsize
//
// poolsize: report CPU-bound pools oversized relative to the cores, and GOMAXPROCS set by hand
//
// Only GOMAXPROCS goroutines run at once. A pool of 256 workers that only
// compute, on an 8-core container, runs 8 at a time: the other 248 cost
// memory, scheduler work and cache misses, and hide the real parallelism.
// A CPU-bound pool wants runtime.GOMAXPROCS(0) workers.
//
// The analyzer reports a pool whose worker is CPU-bound and whose size is
// a constant above -poolsize.max (default 32), or runtime.NumCPU() or
// runtime.GOMAXPROCS(0) times a constant above -poolsize.factor (default
// 2). It recognises every pool shape cpupoolio does (the same package
// finds them), spawn helpers included, and pool starters of other
// packages, whose workers are known by their facts. Sizes are followed through
// constants, locals, conversions, arithmetic, max/min, struct fields of
// the package and helpers of any package. A worker is CPU-bound when
// there is positive evidence that it only computes, through every call, in
// every package: no blocking call (network, HTTP, RPC, SQL, processes,
// time.Sleep, files), no call of unknown effect (a function value, an
// interface method such as a bare io.Writer.Write, fmt.Println to a
// stream, a go statement), and no wait but on the channels the worker is
// given (its job, result and semaphore channels): a ticker, a timer, a
// sync.Cond, a WaitGroup.Wait, a channel it makes or gets from a call
// (ctx.Done()), or a signal it waits for and drops (<-start; allowed only
// as the release of a channel semaphore) disqualify it. Short sync.Mutex
// critical sections do not.
// The report stands at the pool's spawn site, with related information at
// the size, one per pool; the suggested fix sizes the pool with
// runtime.GOMAXPROCS(0), replacing the size expression (and adding the
// runtime import) when the expression holds the whole size.
//
//	// WRONG: 256 hashing workers, 8 of which run at a time on 8 cores
//	for range 256 {
//		go func() {
//			for b := range blocks {
//				sums <- sha256.Sum256(b)
//			}
//		}()
//	}
//
//	// RIGHT: one worker per core the program may use
//	for range runtime.GOMAXPROCS(0) {
//		go func() { ... }()
//	}
//
// It also reports runtime.GOMAXPROCS(n) with n a constant above zero or
// derived from runtime.NumCPU or runtime.GOMAXPROCS, GOMAXPROCS(1),
// GOMAXPROCS(runtime.NumCPU()) and GOMAXPROCS(2*runtime.NumCPU())
// included: since Go 1.25 the default GOMAXPROCS follows the container's
// CPU limit and its changes, and a value set by hand throws that away.
// runtime.GOMAXPROCS(0) and negative values only query. Setting back the
// value an earlier call returned
// (defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))) is part of that call.
// The suggested fix deletes runtime.GOMAXPROCS(runtime.NumCPU()) when its
// result is unused (and the runtime import when nothing else uses it);
// where a fixed value is really wanted, set the GOMAXPROCS environment
// variable instead.
//
//	main.go:16:3: a loop that starts 256 goroutines runs CPU-bound work (no blocking call, no
//	wait but its own channels), sized by the constant 256 (above 32): only GOMAXPROCS of them
//	run at once, the rest add scheduling, memory and cache cost; size it with runtime.GOMAXPROCS(0)
//	main.go:15:12:  pool size comes from the constant 256
//	main.go:11:2: runtime.GOMAXPROCS(runtime.NumCPU()) sets GOMAXPROCS by hand, from
//	runtime.NumCPU(): since Go 1.25 the default GOMAXPROCS follows the container's CPU limit
//	and tracks its changes, and setting it by hand turns that off; ...
//
// Not reported: pools whose worker blocks or may block (cpupoolio's
// business), waits on timers or on channels it was not given, or makes
// calls of unknown effect; sizes from configuration read at run time (a
// flag, an environment variable, a config struct), even with NumCPU as
// default; sizes the function is given; loops that wait in each iteration
// (their count is not in flight; a receive of a hand-shake that the
// goroutine sends before it goes on working is no wait); GOMAXPROCS(n) with n from configuration;
// test files, unless -poolsize.tests.
//
// Flags:
//
//	-poolsize.max=N       largest constant size of a CPU-bound pool (default 32)
//	-poolsize.factor=K    largest multiple of the CPU count sizing a CPU-bound pool (default 2)
//	-poolsize.tests       also report in test files
package poolsize
