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
// loops of go statements, wg.Go or g.Go (for i := 0; i < n; i++, for
// range n, counting down), unless the loop waits in each iteration (a
// Wait, a sleep, a select, a receive: one goroutine at a time is in flight;
// a receive of a hand-shake that the goroutine sends before it goes on
// working, as nsq's benchmark workers say "ready", is no such wait);
// errgroup.Group after SetLimit(n); a buffered
// channel used as a semaphore around go; semaphore.NewWeighted(n) with
// Acquire before go; ants, pond, gammazero/workerpool, sourcegraph/conc
// (WithMaxGoroutines), tunny and minio's errgroup (WithConcurrency, of
// github.com/minio/pkg/v3 and v2) pools; helpers that run their function
// argument in a pool sized by an int argument (parallel.ForEach(n, items,
// f)); pool starters, functions that start a pool of their own workers
// sized by an int parameter (minio's (*TargetList).Init(workers int), which
// starts its send workers through a sync.Once), reported at the call that
// passes the CPU count, with the worker the starter runs; a function that
// passes its own parameter on as such a size is a helper or starter in
// turn. A call of a spawn helper (a function that runs its function
// argument in a new goroutine: s.startGoRoutine(f), safe.Go(f), a method
// that adds to its WaitGroup and starts go func() { defer wg.Done(); f()
// }()) counts as a go statement, and sizes follow helpers of other
// packages (func Workers() int { return runtime.NumCPU() }); both are
// known across packages through facts.
//
// Blocking calls, by category: network (dial, lookups, reads, writes and
// accepts on net.Conn, net.Listener, net.PacketConn and the concrete
// connection types), HTTP clients and response-body reads, net/rpc and
// gRPC Invoke/NewStream, client libraries whose waits for their server
// are out of sight (sarama's SyncProducer, paho MQTT's Token.Wait, redigo's
// Conn.Do, go-elasticsearch's request functions such as esapi.Index),
// database/sql queries and execs, process waits (os/exec), time.Sleep, and
// file IO (os.File methods, os.Open, os.ReadFile and friends, raw syscall
// reads and writes; not metadata calls such as os.Stat or os.Mkdir, which
// do not wait for data).
// crypto/rand does not count: it reads /dev/urandom only where
// getrandom(2) is missing.
//
// A call of an interface method blocks when the interface is declared
// outside the standard library and every implementation of the method
// declared in the analysed package and its dependencies blocks (a
// Target.Send implemented by a webhook, a Kafka and an MQTT client), with
// at least one. One implementation that does not block keeps the call
// quiet; so do interfaces of the standard library (the analysis never sees
// all of io.Writer's implementations). The package's own types are checked
// with types.Implements and their methods' chains come from its call
// graph; the dependencies' types come from a package fact listing which of
// their types implement the methods of the interfaces they can name, and
// how each implementation blocks. Implementations declared in packages
// that import the interface's consumer are out of that package's sight:
// minio's TargetList workers call Target.Save in internal/event, whose
// implementations live in internal/event/target, which imports
// internal/event. Such a call is recorded as unresolved, and resolved in
// the package that sizes the pool, with the implementations it sees (cmd
// calls Init(runtime.GOMAXPROCS(0)) and sees the targets); the finding
// lists how each of them blocks. A function carries up to four unresolved
// methods, the first four it meets, in its facts sorted by method: minio's
// workers also log failures through logger.Target, whose implementations
// cmd sees too. The pool blocks when every implementation seen of one of
// them blocks; a worker that meets a fifth does not carry it.
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
// A finding reads:
//
//	crawler/main.go:29:3: a loop that starts runtime.NumCPU() goroutines, sized to the CPU
//	count (runtime.NumCPU()), blocks on HTTP requests: func literal in fetchAll → fetch →
//	http.Get; while a worker waits it holds a core's share, ...
//	crawler/main.go:28:12:  pool size comes from runtime.NumCPU()
//	crawler/main.go:31:23:  calls fetch
//	crawler/main.go:50:23:  calls http.Get
//
// Not reported: pools sized for IO (a constant, a flag, an environment
// variable, a config-struct field, NumCPU()*k with k > 2), a counted loop
// inside a loop that does not wait (Wait, a receive of more than a
// hand-shake) on every path before its next iteration (the batches add
// up), interface calls whose concrete type is
// unknown (a bare io.Reader.Read), workers that only compute and exchange
// values on channels, and workers that hand their IO to goroutines of
// their own without waiting for them, and jobs that wait for goroutines
// that compute.
//
// A job that waits for goroutines it started blocks as they do: a
// Wait on their group (sync.WaitGroup, errgroup.Group, conc.WaitGroup) or
// a receive from a channel they hold (a plain receive, a range, a select
// case), when the goroutines are started in the same function (go
// statements, the group's Go, spawn helpers) and hold the group or channel
// waited on (an argument, a captured variable, or the value it is a field
// of). The chain names the wait: fetchAll → (*sync.WaitGroup).Wait for
// func literal in fetchAll → http.Get. While the job waits for its fetches
// the worker holds a core's share as if it fetched itself.
//
// Waits for child processes are not counted by default: a pool of process
// runners sized to the cores is the make -j shape, the children use the
// cores (-cpupoolio.exec counts them). Nor are other waits for a group of
// goroutines: a job that fans its own computation out and waits keeps the
// cores busy, and a wait for goroutines started elsewhere (Prometheus's
// scrape.Manager.Stop: GOMAXPROCS scrape pools stopped at once, each
// waiting for its scrape loops) tells nothing about what they do.
// -cpupoolio.waits counts every WaitGroup.Wait and errgroup.Group.Wait in a
// job ("blocks on waits for other goroutines"); concurlint confirm tells
// the idle ones from the busy ones when the waited goroutines block
// themselves. Receives on other channels never count: a worker that
// selects on ctx.Done() beside its job channel is every worker.
//
// Flags:
//
//	-cpupoolio.fileio=false     do not count file IO as blocking
//	-cpupoolio.exec=true        count waits for child processes as blocking
//	-cpupoolio.waits=true       count any wait for a group of goroutines in a job as blocking
//	-cpupoolio.blocking=LIST    more blocking calls, comma-separated:
//	                            pkg/path.Func,(*pkg/path.T).Method
package cpupoolio
