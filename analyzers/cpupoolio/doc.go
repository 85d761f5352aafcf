// Package cpupoolio defines an Analyzer that finds worker pools sized to the
// CPU count whose workers block on IO.
//
// # Analyzer cpupoolio
//
// cpupoolio: report worker pools sized to the CPU count whose workers block on IO
//
// A pool of runtime.NumCPU() workers is the right shape for CPU-bound work:
// one worker per core keeps every core busy. When the workers wait on IO (a
// network call, a database query, a file read, time.Sleep), each waiting
// worker holds a core's share of the pool: the pool has at most NumCPU
// operations in flight, and the cores idle while they wait. IO-bound work
// wants many cheap waiters, bounded by what the downstream can take.
//
// The analyzer reports a pool when its size is computed from
// runtime.NumCPU() or runtime.GOMAXPROCS (through constants, locals,
// arithmetic with a multiplier of at most 2, max/min, helpers and struct
// fields of the package) and the function its goroutines run makes a
// blocking call, directly or through calls in any package. The report
// stands at the pool's spawn site, with related information at the size
// and along the call chain to the blocking call. Pools recognised: counted
// loops of go statements, wg.Go or g.Go; errgroup.Group after SetLimit;
// channel and semaphore.Weighted semaphores; ants, pond,
// gammazero/workerpool, sourcegraph/conc and tunny pools; helpers that run
// their function argument in a pool sized by an int argument. A call of a
// spawn helper (a function that runs its function argument in a new
// goroutine: s.startGoRoutine(f), safe.Go(f)) counts as a go statement, and
// sizes follow helpers of other packages (func Workers() int { return
// runtime.NumCPU() }); both are known across packages through facts.
//
// A call of an interface method blocks when the interface is declared
// outside the standard library and every implementation of the method
// declared in the analysed package and its dependencies blocks (a
// Target.Send implemented by a webhook, a Kafka and an MQTT client), with
// at least one. One implementation that does not block keeps the call
// quiet; so do interfaces of the standard library (the analysis never sees
// all of io.Writer's implementations) and implementations declared in
// packages that import the interface's consumer.
//
//	// WRONG: at most NumCPU requests in flight, the cores idle meanwhile
//	for range runtime.NumCPU() {
//		go func() {
//			for u := range urls {
//				resp, err := http.Get(u)
//				...
//			}
//		}()
//	}
//
//	// RIGHT: size the pool for the downstream, not for the cores
//	const maxInFlight = 64 // what the backend can take
//	for range maxInFlight {
//		go func() { ... }()
//	}
//
// Not reported: pools sized for IO (a constant, a flag, NumCPU()*k with
// k > 2), a counted loop inside a loop that does not wait (Wait, a
// receive) before its next iteration (the batches add up), interface calls
// whose concrete type is unknown (a bare io.Reader.Read), and workers that
// only exchange values on channels.
//
// Waits for child processes are not counted by default: a pool of process
// runners sized to the cores is the make -j shape, the children use the
// cores (-cpupoolio.exec counts them). Nor are jobs that wait for a group
// of other goroutines (WaitGroup.Wait, errgroup.Group.Wait): the cores
// idle only when those goroutines wait too, which the analysis does not
// know (-cpupoolio.waits counts them).
//
// Flags:
//
//	-cpupoolio.fileio=false     do not count file IO as blocking
//	-cpupoolio.exec=true        count waits for child processes as blocking
//	-cpupoolio.waits=true       count waits for other goroutines in a job as blocking
//	-cpupoolio.blocking=LIST    more blocking calls, comma-separated:
//	                            pkg/path.Func,(*pkg/path.T).Method
package cpupoolio
