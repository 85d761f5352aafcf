// Package unboundedgo defines an Analyzer that finds request handlers
// which start goroutines with no bound: one per item of what the client
// sent, or one per request that nobody awaits.
//
// # Analyzer unboundedgo
//
// unboundedgo: report goroutines that request scope starts with no bound
//
// A handler that starts one goroutine per element of what the client sent
// lets the client choose how many goroutines, sockets and backend calls the
// server makes: a request with 100,000 IDs makes 100,000 goroutines and
// 100,000 calls at once. A handler that starts a goroutine it never awaits
// leaves one behind per request, with no limit and no backpressure.
//
// Request scope is the code that runs once per request: functions and
// closures with the http.HandlerFunc signature, ServeHTTP methods (with
// extra parameters too, as framework middleware has them), gRPC
// service methods (methods of a type that embeds an Unimplemented...Server
// type), and the entry points named by -unboundedgo.handlers. The analyzer
// reports, in request scope:
//
//   - fan-out per item: a go statement, errgroup Go without SetLimit, or
//     WaitGroup.Go in a loop whose trip count comes from the request (a
//     slice, map or channel of it, a decoded body, a query value, a gRPC
//     message or stream), with no bound;
//   - fan-out through a call: a call that passes request data to a
//     function, in this package or another, that starts one goroutine per
//     element of that parameter with no bound; reported at the call, with
//     related information at the go statement;
//   - fire-and-forget: a go statement that the handler never awaits on any
//     path: no Wait on a group it uses, no receive of its result.
//
// One diagnostic per go statement or call, even when both shapes apply.
// A function outside request scope that loops over its parameter is not
// reported by itself.
//
//	// WRONG: the client chooses how many goroutines run
//	func getUsers(w http.ResponseWriter, r *http.Request) {
//		var req struct{ IDs []string }
//		json.NewDecoder(r.Body).Decode(&req)
//		g, ctx := errgroup.WithContext(r.Context())
//		for _, id := range req.IDs {
//			g.Go(func() error { return fetch(ctx, id) })
//		}
//		g.Wait()
//	}
//
//	// RIGHT: at most maxInFlight at once, whatever the request holds
//	const maxInFlight = 8 // what the backend can take
//
//		g, ctx := errgroup.WithContext(r.Context())
//		g.SetLimit(maxInFlight)
//		for _, id := range req.IDs {
//			g.Go(func() error { return fetch(ctx, id) })
//		}
//
// Not reported: bounded spawning (a channel or semaphore.Weighted
// semaphore acquired before the go, an errgroup after SetLimit, a pool
// library, a loop whose length is checked against a bound before it:
// if len(req.IDs) > maxIDs { return }); loops with a constant trip count,
// however large; goroutines the handler awaits on some path (a select
// between their result channel and ctx.Done() counts), or that end with the
// request (they wait on its context, read the RPC's stream, or wait on a
// channel the handler closes); goroutines of a handler that hijacks its
// connection, itself or through a call (a websocket upgrade); accept loops,
// unless -unboundedgo.accept.
//
// The suggested fix, for an errgroup with no limit, inserts
// g.SetLimit(maxInFlight) before the loop, with maxInFlight a constant to
// tune to what the downstream can take.
//
// Flags:
//
//	-unboundedgo.accept          also report accept loops that start a
//	                             goroutine per connection with no bound
//	-unboundedgo.handlers=LIST   more entry points in request scope (a
//	                             message consumer, a job handler),
//	                             comma-separated: pkg/path.Func,(*pkg/path.T).Method
package unboundedgo
