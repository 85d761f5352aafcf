// Package unboundedgo defines an Analyzer that finds goroutines started
// with no bound: by request handlers, one per item of what the client sent
// or one per request that nobody awaits; by servers, one per stream or
// message that the peer of one connection sends; by queue consumers, one
// per message.
//
// # Analyzer unboundedgo
//
// unboundedgo: report goroutines that request scope, or each stream of a connection, starts with no bound
//
// A handler that starts one goroutine per element of what the client sent
// lets the client choose how many goroutines, sockets and backend calls the
// server makes: a request with 100,000 IDs makes 100,000 goroutines and
// 100,000 calls at once. A handler that starts a goroutine it never awaits
// leaves one behind per request, with no limit and no backpressure.
//
// Request scope is the code that runs once per request or message:
//
//   - functions and closures with the http.HandlerFunc signature (named,
//     methods, literals passed to http.HandleFunc, a mux or
//     http.HandlerFunc(...)), ServeHTTP methods (with extra parameters too,
//     as framework middleware has them);
//   - gRPC service methods: the methods of a type that embeds an
//     Unimplemented...Server or Unsafe...Server type of generated code, or
//     whose value the package registers with a generated
//     RegisterXServer(s, impl) call (then the methods of impl's type that
//     implement the XServer interface), whatever it embeds;
//   - message handlers: a function passed to a subscription API, run once
//     per message: NATS (*nats.Conn).Subscribe and QueueSubscribe,
//     JetStream's Subscribe and QueueSubscribe and jetstream.Consumer's
//     Consume, Google Pub/Sub's (*pubsub.Subscription).Receive, Paho MQTT's
//     Client.Subscribe and SubscribeMultiple (a literal, or a function or
//     method value of the package); the message's parameters carry input;
//   - Kafka claim consumers: sarama's ConsumerGroupHandler.ConsumeClaim,
//     whose loop over claim.Messages() runs once per message (a goroutine
//     started there is a fan-out per message; one started once per claim
//     is not reported);
//   - message loops of queue consumers, whose body runs once per message:
//     a range over a channel of AMQP deliveries (rabbitmq/amqp091-go's and
//     streadway/amqp's Delivery, as Channel.Consume returns them, in a
//     variable, a field or a parameter), a loop that receives one in a
//     select case (then the case is the scope, not the other cases), and
//     the loop around kafka-go's Reader.ReadMessage or FetchMessage, and
//     those of the calls named by -unboundedgo.messages; the delivery or
//     message received is input;
//   - the entry points named by -unboundedgo.handlers, all of whose
//     parameters but contexts are input; a name there of a function that
//     takes a function parameter is a subscription API instead: the
//     functions passed to it are message handlers.
//
// Request data is what the client sent: the request's body (read, or
// decoded with json or any decoder), its query, form, path and headers,
// the gRPC message and stream, a message handler's message; followed through
// locals, fields, slicing, indexing and the parsing functions of the
// standard library (strings.Split, strconv.Atoi, url.ParseQuery).
//
// A call of a spawn helper, a function that runs its function argument in
// a new goroutine (traefik's safe.Go(f), nats-server's
// s.startGoRoutine(f), known across packages by a fact), is a go statement
// for every rule below: fan-out, the per-element fact, fire-and-forget,
// streams and accept loops. A function that waits for what it started
// (runs f and waits) is not a spawn helper.
//
// Messages name the kind of entry ("NATS message handler func literal in
// subscribe", "gRPC method (*server).Get"). The analyzer reports, in
// request scope:
//
//   - fan-out per item: a go statement, errgroup Go without SetLimit,
//     minio's errgroup Go without WithConcurrency (errgroup.WithNErrs(n)
//     alone), or WaitGroup.Go in a loop whose trip count comes from the request, with
//     no bound: a range over request data, for i := 0; i < len(req.IDs); i++,
//     for range n with n parsed from the query, for dec.More(),
//     for { m, err := stream.Recv(); ... };
//   - fan-out through a call: a call that passes request data to a
//     function, in this package or another, that starts one goroutine per
//     element of that parameter with no bound; reported at the call, with
//     related information at the go statement;
//   - fire-and-forget: a go statement that the handler never awaits on any
//     path from it: no Wait on a group it uses, no receive of its result
//     after the go statement (or deferred): every request (or message)
//     leaves one behind;
//   - fire-and-forget through a call: a call of a function, in this package
//     or another (through a fact), that on every call starts a goroutine
//     nobody can await, itself or through the calls it always makes;
//     reported at the handler's call, with the chain of calls down to the
//     go statement in the message and as related information. Nobody can
//     await it when its goroutine touches no channel and no group of the
//     function (a future's channel that the function returns, a WaitGroup
//     of the server are awaited by someone; a channel the goroutine makes
//     is its own), does not wait on a context or a
//     stream, and does not run a function the caller passed. A goroutine
//     started only on some calls (behind an early return, a condition, a
//     loop, sync.Once) is not "every call";
//   - a pool per request: a CPU-sized pool (a counted loop, an errgroup
//     after SetLimit, a semaphore, a pool library or helper sized by
//     runtime.NumCPU() or GOMAXPROCS, at most twice) whose size and spawn
//     site both stand in the handler: each request starts GOMAXPROCS
//     goroutines, and N concurrent requests start N × GOMAXPROCS on the
//     same cores. A pool sized by a constant, and a pool made once (at
//     init, when the server starts) that the handler hands work to, are
//     not reported.
//
// In a message loop, a go statement (or errgroup Go without SetLimit,
// WaitGroup.Go, a spawn helper) run once per message, with no limit that
// the goroutine releases and not awaited before the next message, is
// reported as a goroutine per stream is (below): the publishers choose
// how many run at once. The tutorial's consumer is the case:
//
//	// WRONG: one goroutine per delivery, as fast as the broker sends them
//	for d := range msgs {
//		go handle(d)
//	}
//
//	// RIGHT: a fixed pool of workers reads the deliveries
//	for range workers {
//		go func() {
//			for d := range msgs {
//				handle(d)
//			}
//		}()
//	}
//
// An AMQP channel with a prefetch count (ch.Qos(n, 0, false), anywhere in
// the package) hands out at most n deliveries that are not acknowledged:
// a goroutine that acknowledges its delivery (Ack, Nack or Reject, itself
// or in a function of the package it calls) is bounded by it and not
// reported. Acknowledging without a prefetch count bounds nothing, and the
// message says so; committing a kafka-go message bounds nothing either.
//
// Outside request scope, and on by default, it reports a goroutine per
// stream of one connection: a go statement (or errgroup Go without
// SetLimit, WaitGroup.Go) run once per stream, frame or message that the
// peer of one connection sends, with no limit that the goroutine itself
// releases. The peer chooses how many run at once: it opens streams and
// resets them faster than their goroutines end (the HTTP/2 rapid reset,
// CVE-2023-39325; grpc-go's GHSA-m425-mq94-257g). Per stream means:
//
//   - in a loop that accepts streams: quic-go's AcceptStream and
//     AcceptUniStream, yamux's and smux's Accept and AcceptStream, an
//     HTTP/2 Framer's ReadFrame, a range over ssh.NewServerConn's channels;
//   - in the callback of gRPC's ServerTransport.HandleStreams;
//   - in a function that handles an HTTP/2 HEADERS frame (a parameter of
//     type *http2.MetaHeadersFrame or *http2.HeadersFrame), or in a
//     function of the package that it calls (reported at the call);
//   - in a case of a protocol dispatcher: a type switch, in a loop, on a
//     message the loop reads from a connection (for { msg, err :=
//     readMessage(conn); switch msg.(type) { case *Request: go handle(msg) } }):
//     read by a call named read..., recv... or receive..., or given a
//     net.Conn, itself or through a channel that the package fills with what
//     such a call returned (a reader goroutine's c.inbox <- msg).
//
// -unboundedgo.streams names more accept-like calls, or calls whose
// function argument runs per stream.
//
// A limit bounds these goroutines only when the goroutine gives it back as
// it ends: a semaphore, channel or quota acquired before the go and released
// in the goroutine (usually deferred), a counter tested and raised before
// the go and lowered by the goroutine (or by the loop that owns it, on the
// done message the goroutine sends), an errgroup after SetLimit, a pool
// library, or a fixed set of workers fed by a channel; and a goroutine
// that the loop awaits before its next iteration (a Wait on its group, a
// receive from a channel it uses, after the go) is one at a time. A
// sync.WaitGroup that counts but is waited for only after the loop, and a
// gauge raised and lowered but never tested, are no limit. A counter lowered elsewhere, when a stream closes or is
// reset, counts streams, not goroutines: the message says where it is
// released. A semaphore taken inside the goroutine bounds the work, not
// the goroutines, which exist while they wait: the message says to acquire
// before the go.
//
//	// WRONG: one goroutine per stream the client opens
//	for {
//		s, err := sess.AcceptStream()
//		if err != nil {
//			return err
//		}
//		go serve(s)
//	}
//
//	// WRONG: the limit bounds the work, not the goroutines waiting for it
//	go func() {
//		sem <- struct{}{}
//		defer func() { <-sem }()
//		serve(s)
//	}()
//
//	// RIGHT: at most maxStreams goroutines; each frees its slot as it ends
//	sem := make(chan struct{}, maxStreams)
//	for {
//		s, err := sess.AcceptStream()
//		if err != nil {
//			return err
//		}
//		sem <- struct{}{}
//		go func() {
//			defer func() { <-sem }()
//			serve(s)
//		}()
//	}
//
// docs/evaluation.md shows the rule on the two public cases, x/net's
// CVE-2023-39325 and grpc-go's GHSA-m425-mq94-257g, before and after their
// fixes, and the limits of its reasoning.
//
// One diagnostic per go statement or call, even when several shapes apply.
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
// A finding reads, with the loop as related information:
//
//	api/main.go:19:3: handler getUsers starts one goroutine per element of
//	req.IDs, decoded from the request body, with no bound: the client
//	chooses how many goroutines, connections and backend calls the request
//	makes; bound them (errgroup's SetLimit, a semaphore, a worker pool) or
//	reject inputs longer than a constant
//
// and, through a call: "handler direct passes req.IDs (decoded from the
// request body) to elements.FetchAll, which starts one goroutine per
// element of it with no bound (at elements.go:19); ...".
//
// Not reported: bounded spawning (a channel or semaphore.Weighted
// semaphore acquired before the go, by if sem.TryAcquire(1) or a select
// case that sends into it too; an errgroup after SetLimit; a pool library;
// a loop over input checked against a bound before it,
// if len(req.IDs) > maxIDs { return }, truncated, ids = ids[:maxIDs], or
// capped, for i := range min(len(ids), maxIDs)); loops with a constant
// trip count, however large, or over an array; a loop that awaits each
// goroutine before its next iteration (wg.Wait() or <-done after the go);
// goroutines the handler awaits on some path (a select between their result channel and
// ctx.Done() counts; a Wait on the value whose spawn helper method
// started them, ng.Go(f) then ng.Wait(), too), or that end with the request (they wait on its
// context, read the RPC's stream, wait on a channel the handler
// closes, or write into an io.Pipe whose other end the handler holds);
// goroutines of a handler that hijacks its connection, itself or
// through a call (a websocket upgrade; a fact carries it across
// packages); the accept loops of a net.Listener (a goroutine per
// connection is idiomatic, bounded by file descriptors and the listener),
// unless -unboundedgo.accept.
//
// Fix: bound the goroutines (errgroup's SetLimit, a semaphore, a worker
// pool) or reject requests with more items than a constant; wait for a
// fire-and-forget goroutine before returning, or hand its work to a
// bounded worker pool or queue. The suggested fix, for an errgroup with no
// limit, inserts g.SetLimit(maxInFlight) before the loop, with maxInFlight
// a constant to tune to what the downstream can take; only when the group
// starts no goroutine before the loop (SetLimit panics while goroutines of
// the group run).
//
// Flags:
//
//	-unboundedgo.accept          also report accept loops that start a
//	                             goroutine per connection with no bound
//	-unboundedgo.handlers=LIST   more entry points in request scope (a
//	                             message consumer, a job handler), or
//	                             subscription APIs (functions with a
//	                             function parameter) whose function
//	                             arguments run once per message,
//	                             comma-separated: pkg/path.Func,(*pkg/path.T).Method
//	-unboundedgo.messages=LIST   more calls of queue consumers: one that
//	                             returns a channel makes a loop over a
//	                             channel of its element type (in a package
//	                             that calls it) a message loop; any other
//	                             makes the loop around its call one,
//	                             comma-separated: pkg/path.Func,(*pkg/path.T).Method
//	-unboundedgo.streams=LIST    more calls that accept a stream or read a
//	                             message from one connection, or that run
//	                             their function argument per stream,
//	                             comma-separated: pkg/path.Func,(*pkg/path.T).Method
package unboundedgo
