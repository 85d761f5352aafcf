// Package reqscope recognises request scope: the functions that run once
// per incoming request or message (HTTP handlers, ServeHTTP methods, gRPC
// service methods, the callbacks of subscription APIs, Kafka claim
// consumers, the loops of queue consumers that run once per message, and
// entry points the user names), and which of their values carry data the
// client sent.
package reqscope

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/spawns"
)

// Kind is how a function was recognised as an entry point.
type Kind int

const (
	HandlerFunc    Kind = iota // func(http.ResponseWriter, *http.Request), declared or literal
	ServeHTTP                  // a ServeHTTP method with that signature
	GRPC                       // a method of a gRPC service: its type embeds Unimplemented...Server or Unsafe...Server, or is registered
	Configured                 // named by the user (a message consumer, a job handler)
	MessageHandler             // a function passed to a subscription API (NATS Subscribe), run once per message
	KafkaClaim                 // a sarama ConsumeClaim method: its loop over claim.Messages() runs once per message
	MessageLoop                // a consumer's loop that receives one message per iteration (AMQP deliveries, kafka-go's ReadMessage)
)

// subscriptions are the subscription APIs, in types.Func.FullName form,
// whose function arguments run once per message, with the words that name
// such a function.
var subscriptions = map[string]string{
	"(*github.com/nats-io/nats.go.Conn).Subscribe":                   "NATS message handler",
	"(*github.com/nats-io/nats.go.Conn).QueueSubscribe":              "NATS message handler",
	"(github.com/nats-io/nats.go.JetStream).Subscribe":               "NATS JetStream message handler",
	"(github.com/nats-io/nats.go.JetStream).QueueSubscribe":          "NATS JetStream message handler",
	"(github.com/nats-io/nats.go/jetstream.Consumer).Consume":        "NATS JetStream message handler",
	"(*cloud.google.com/go/pubsub.Subscription).Receive":             "Pub/Sub message handler",
	"(github.com/eclipse/paho.mqtt.golang.Client).Subscribe":         "MQTT message handler",
	"(github.com/eclipse/paho.mqtt.golang.Client).SubscribeMultiple": "MQTT message handler",
}

// deliveryTypes are the message types of consumers whose messages arrive
// on a channel (AMQP's Consume returns a <-chan Delivery): a range over a
// channel of one runs once per message. Named by type rather than by the
// Consume call, so that a channel handed to a function or kept in a field
// is known too.
var deliveryTypes = map[string]string{
	"github.com/rabbitmq/amqp091-go.Delivery": "AMQP delivery",
	"github.com/streadway/amqp.Delivery":      "AMQP delivery",
}

// messageReads are the calls, in types.Func.FullName form, that return the
// next message of a consumer: the loop around one runs once per message.
var messageReads = map[string]string{
	"(*github.com/segmentio/kafka-go.Reader).ReadMessage":  "Kafka message",
	"(*github.com/segmentio/kafka-go.Reader).FetchMessage": "Kafka message",
}

// saramaPaths are the import paths of the sarama Kafka client.
var saramaPaths = []string{"github.com/IBM/sarama", "github.com/Shopify/sarama"}

// Entry is a function in request scope.
type Entry struct {
	Kind Kind
	Decl *ast.FuncDecl   // the declaration, or nil for a literal
	Lit  *ast.FuncLit    // the literal, or nil for a declaration
	Loop ast.Stmt        // for a MessageLoop, the loop (Decl and Lit are nil)
	Case *ast.CommClause // for a MessageLoop over a select, the case that receives the message, or nil
	Func *types.Func     // the declared function, or nil for a literal or loop
	// Name says what the entry is, for messages: "handler listUsers",
	// "gRPC method (*server).GetUsers", "handler func literal in main",
	// "NATS message handler (*server).onOrder".
	Name string
	// Unit is what the entry runs once per: "request", "message", or
	// "claim" (a Kafka claim consumer runs per partition, its loop per
	// message).
	// A MessageLoop's unit is "message"; its Name names the message
	// ("AMQP delivery loop in (*worker).run").
	Unit string
	// Message says what a MessageLoop receives per iteration, for
	// messages: "AMQP delivery ranged from msgs", "Kafka message read by
	// (*kafka.Reader).ReadMessage".
	Message string
	// Inputs are the parameters (a MessageLoop's: the variables that it
	// receives its message in) that carry request data, with the words that
	// say where their data comes from.
	Inputs map[*types.Var]string
}

// Body is the entry's function body, or a loop's body.
func (e *Entry) Body() *ast.BlockStmt {
	switch loop := e.Loop.(type) {
	case *ast.RangeStmt:
		return loop.Body
	case *ast.ForStmt:
		return loop.Body
	}
	if e.Lit != nil {
		return e.Lit.Body
	}
	return e.Decl.Body
}

// Scope is the code that runs once per request or message: the entry's
// declaration or literal; a MessageLoop's loop, or its select case.
func (e *Entry) Scope() ast.Node {
	if e.Case != nil {
		return e.Case
	}
	return e.Node()
}

// Node is the entry's declaration, literal or loop.
func (e *Entry) Node() ast.Node {
	if e.Loop != nil {
		return e.Loop
	}
	if e.Lit != nil {
		return e.Lit
	}
	return e.Decl
}

// Find returns the entry points of the package, in source order; in is
// the package's inspector (inspect.Analyzer's result). extra
// names more entry points in types.Func.FullName form
// ("example.com/queue.Handle", "(*example.com/queue.Consumer).Handle"):
// all their parameters but contexts carry input. A name in extra of a
// function with a parameter of function type is a subscription API
// instead: the functions passed to it run once per message. reads names,
// in the same form, more calls of queue consumers: one that returns a
// channel makes a loop over a channel of its element type a message loop,
// as deliveryTypes do; any other makes the loop around its call one, as
// messageReads do.
func Find(pass *analysis.Pass, in *inspector.Inspector, extra, reads map[string]bool) []*Entry {
	info := pass.TypesInfo
	s := scan(pass, in, extra, reads)
	var entries []*Entry
	var outer *ast.FuncDecl
	visited := []ast.Node{(*ast.File)(nil), (*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.RangeStmt)(nil), (*ast.UnaryExpr)(nil), (*ast.CallExpr)(nil)}
	in.WithStack(visited, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return true
		}
		stack = stack[:len(stack)-1] // n's ancestors
		switch n := n.(type) {
		case *ast.File:
			outer = nil
		case *ast.FuncDecl:
			outer = n
			fn, ok := info.Defs[n.Name].(*types.Func)
			if !ok || n.Body == nil {
				return true
			}
			if e := s.declEntry(n, fn); e != nil {
				entries = append(entries, e)
			}
		case *ast.FuncLit:
			if e := s.litEntry(n, outer); e != nil {
				entries = append(entries, e)
			}
		case *ast.RangeStmt, *ast.UnaryExpr, *ast.CallExpr:
			if e := s.loopEntry(n, stack, outer); e != nil && !slices.ContainsFunc(entries, func(o *Entry) bool { return o.Scope() == e.Scope() }) {
				entries = append(entries, e)
			}
		}
		return true
	})
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].Node().Pos() < entries[j].Node().Pos() })
	return entries
}

// scanner holds what calls of the package say about its functions: which
// run per message, which implement a registered gRPC service.
type scanner struct {
	pass       *analysis.Pass
	extra      map[string]bool
	callbacks  map[ast.Node]string    // literals passed to subscription APIs, by words
	handlers   map[*types.Func]string // declared functions passed to them, by words
	registered map[*types.Func]bool   // methods that implement a registered gRPC service
	names      *funcnames.Names       // of the functions called
	reads      map[string]bool        // the user's calls of queue consumers
	deliveries map[string]string      // deliveryTypes, and the element types of the user's channel-returning reads
}

// scan finds the callbacks of subscription APIs and the methods of
// registered gRPC services in the package's calls.
func scan(pass *analysis.Pass, in *inspector.Inspector, extra, reads map[string]bool) *scanner {
	s := &scanner{pass: pass, extra: extra, callbacks: map[ast.Node]string{},
		handlers: map[*types.Func]string{}, registered: map[*types.Func]bool{}, names: funcnames.NewNames(pass.Pkg),
		reads: reads, deliveries: maps.Clone(deliveryTypes)}
	in.Preorder([]ast.Node{(*ast.CallExpr)(nil)}, func(n ast.Node) {
		call := n.(*ast.CallExpr)
		if fn, ok := typeutil.Callee(pass.TypesInfo, call).(*types.Func); ok {
			s.subscription(call, fn)
			s.registration(call, fn)
			s.queue(fn)
		}
	})
	return s
}

// subscription records the function arguments of a call of a subscription
// API: of the table, or named in extra.
func (s *scanner) subscription(call *ast.CallExpr, fn *types.Func) {
	name := s.names.Full(fn.Origin())
	words, ok := subscriptions[name]
	if !ok && s.extra[name] && spawns.TakesFunc(fn) {
		words, ok = "message handler", true
	}
	if !ok {
		return
	}
	for _, arg := range call.Args {
		if _, isFunc := s.pass.TypesInfo.TypeOf(arg).Underlying().(*types.Signature); !isFunc {
			continue
		}
		switch a := ast.Unparen(arg).(type) {
		case *ast.FuncLit:
			s.callbacks[a] = words
		case *ast.Ident, *ast.SelectorExpr:
			if h, ok := funcObject(s.pass.TypesInfo, a).(*types.Func); ok && h.Pkg() == s.pass.Pkg {
				s.handlers[h.Origin()] = words
			}
		}
	}
}

// queue records the element type of the channel that a call of the
// user's reads returns: a channel of it carries messages.
func (s *scanner) queue(fn *types.Func) {
	if !s.reads[s.names.Full(fn.Origin())] {
		return
	}
	if ch, ok := firstResult(fn).Underlying().(*types.Chan); ok {
		s.deliveries[types.TypeString(ch.Elem(), nil)] = "message"
	}
}

// firstResult is fn's first result type, or an empty tuple.
func firstResult(fn *types.Func) types.Type {
	results := fn.Type().(*types.Signature).Results()
	if results.Len() == 0 {
		return types.NewTuple()
	}
	return results.At(0).Type()
}

// registration records the methods of the service that a generated
// RegisterXServer(s, impl) call registers: impl's methods, declared in
// the package, that implement the XServer interface's.
func (s *scanner) registration(call *ast.CallExpr, fn *types.Func) {
	sig := fn.Type().(*types.Signature)
	if sig.Recv() != nil || !strings.HasPrefix(fn.Name(), "Register") || !strings.HasSuffix(fn.Name(), "Server") ||
		sig.Params().Len() != 2 || len(call.Args) != 2 {
		return
	}
	iface, ok := sig.Params().At(1).Type().Underlying().(*types.Interface)
	impl := s.pass.TypesInfo.TypeOf(call.Args[1])
	if !ok || impl == nil || types.IsInterface(impl) {
		return
	}
	for i := range iface.NumMethods() {
		m := iface.Method(i)
		if !m.Exported() {
			continue // mustEmbedUnimplemented...
		}
		obj, _, _ := types.LookupFieldOrMethod(impl, true, m.Pkg(), m.Name())
		if method, ok := obj.(*types.Func); ok && method.Pkg() == s.pass.Pkg {
			s.registered[method.Origin()] = true
		}
	}
}

func funcObject(info *types.Info, e ast.Expr) types.Object {
	if sel, ok := e.(*ast.SelectorExpr); ok {
		if selection, ok := info.Selections[sel]; ok {
			return selection.Obj()
		}
		return info.Uses[sel.Sel]
	}
	return info.Uses[e.(*ast.Ident)]
}

// litEntry is the entry of a function literal: a handler, or a callback
// of a subscription API; or nil.
func (s *scanner) litEntry(lit *ast.FuncLit, outer *ast.FuncDecl) *Entry {
	info := s.pass.TypesInfo
	sig, ok := info.TypeOf(lit).(*types.Signature)
	if !ok {
		return nil
	}
	in := ""
	if outer != nil {
		if fn, ok := info.Defs[outer.Name].(*types.Func); ok {
			in = " in " + funcnames.Display(fn, s.pass.Pkg)
		}
	}
	if isHandlerSig(sig) {
		return &Entry{Kind: HandlerFunc, Lit: lit, Name: "handler func literal" + in, Unit: "request",
			Inputs: map[*types.Var]string{sig.Params().At(1): fromRequest}}
	}
	if words, ok := s.callbacks[lit]; ok {
		return &Entry{Kind: MessageHandler, Lit: lit, Name: words + " func literal" + in, Unit: "message",
			Inputs: messageInputs(sig, words)}
	}
	return nil
}

// loopEntry is the entry of a consumer's loop that receives one message
// per iteration: n ranges over a channel of deliveries, or receives from
// one or calls a function that reads the next message in a loop of its
// function (stack); or nil.
func (s *scanner) loopEntry(n ast.Node, stack []ast.Node, outer *ast.FuncDecl) *Entry {
	info := s.pass.TypesInfo
	e := &Entry{Kind: MessageLoop, Unit: "message", Inputs: map[*types.Var]string{}}
	var words string
	switch n := n.(type) {
	case *ast.RangeStmt:
		if words = s.delivered(info.TypeOf(n.X)); words == "" {
			return nil
		}
		e.Loop, e.Message = n, words+" ranged from "+types.ExprString(n.X)
		if v, ok := n.Key.(*ast.Ident); ok && info.ObjectOf(v) != nil {
			e.Inputs[info.ObjectOf(v).(*types.Var)] = "from the " + words
		}
	case *ast.UnaryExpr: // for { select { case d, ok := <-msgs: ... } }
		if n.Op != token.ARROW {
			return nil
		}
		if words = s.delivered(info.TypeOf(n.X)); words == "" {
			return nil
		}
		e.Message = words + " received from " + types.ExprString(n.X)
	case *ast.CallExpr:
		fn, ok := typeutil.Callee(info, n).(*types.Func)
		if !ok {
			return nil
		}
		name := s.names.Full(fn.Origin())
		if words = messageReads[name]; words == "" && s.reads[name] {
			if _, isChan := firstResult(fn).Underlying().(*types.Chan); !isChan {
				words = "message"
			}
		}
		if words == "" {
			return nil
		}
		e.Message = words + " read by " + funcnames.Display(fn, s.pass.Pkg)
	}
	if e.Loop == nil {
		if e.Loop = innermostLoop(stack); e.Loop == nil {
			return nil
		}
		parent := stack[len(stack)-1]
		if clause, ok := stack[len(stack)-2].(*ast.CommClause); ok && clause.Comm == parent {
			e.Case = clause // case d, ok := <-msgs:
		}
		if assign, ok := parent.(*ast.AssignStmt); ok && len(assign.Rhs) == 1 {
			if v, ok := assign.Lhs[0].(*ast.Ident); ok {
				if obj, ok := info.ObjectOf(v).(*types.Var); ok {
					e.Inputs[obj] = "from the " + words
				}
			}
		}
	}
	e.Name = words + " loop"
	if outer != nil {
		if fn, ok := info.Defs[outer.Name].(*types.Func); ok {
			e.Name += " in " + funcnames.Display(fn, s.pass.Pkg)
		}
	}
	return e
}

// delivered names the message that t is a channel of (see
// scanner.deliveries), or "".
func (s *scanner) delivered(t types.Type) string {
	if t == nil {
		return ""
	}
	if ch, ok := t.Underlying().(*types.Chan); ok {
		return s.deliveries[types.TypeString(ch.Elem(), nil)]
	}
	return ""
}

// innermostLoop is the loop nearest the top of stack, in the same function.
func innermostLoop(stack []ast.Node) ast.Stmt {
	for i := len(stack) - 1; i >= 0; i-- {
		switch n := stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return nil
		case *ast.ForStmt, *ast.RangeStmt:
			return n.(ast.Stmt)
		}
	}
	return nil
}

// messageInputs are the parameters of a message handler that carry the
// message: all but contexts.
func messageInputs(sig *types.Signature, words string) map[*types.Var]string {
	from := "from the message"
	if kind, ok := strings.CutSuffix(words, " message handler"); ok {
		from = "from the " + kind + " message"
	}
	inputs := map[*types.Var]string{}
	for i := range sig.Params().Len() {
		if p := sig.Params().At(i); !isContext(p.Type()) {
			inputs[p] = from
		}
	}
	return inputs
}

// fromRequest describes the request parameter of an HTTP handler.
const fromRequest = "from the request"

func (s *scanner) declEntry(decl *ast.FuncDecl, fn *types.Func) *Entry {
	sig := fn.Type().(*types.Signature)
	name := funcnames.Display(fn, s.pass.Pkg)
	e := &Entry{Decl: decl, Func: fn, Inputs: map[*types.Var]string{}, Unit: "request"}
	switch {
	case isHandlerSig(sig) || isServeHTTP(fn, sig):
		e.Kind, e.Name = HandlerFunc, "handler "+name
		if fn.Name() == "ServeHTTP" && sig.Recv() != nil {
			e.Kind = ServeHTTP
		}
		e.Inputs[sig.Params().At(1)] = fromRequest
	case s.registered[fn] || isGRPCMethod(fn):
		e.Kind, e.Name = GRPC, "gRPC method "+name
		for i := range sig.Params().Len() {
			p := sig.Params().At(i)
			switch {
			case isContext(p.Type()):
			case IsStream(p.Type()):
				e.Inputs[p] = "received from the gRPC stream"
			default:
				e.Inputs[p] = "from the gRPC request"
			}
		}
	case s.handlers[fn] != "":
		e.Kind, e.Name, e.Unit = MessageHandler, s.handlers[fn]+" "+name, "message"
		e.Inputs = messageInputs(sig, s.handlers[fn])
	case isConsumeClaim(fn, sig):
		e.Kind, e.Name, e.Unit = KafkaClaim, "Kafka claim consumer "+name, "claim"
		e.Inputs[sig.Params().At(1)] = "received from the Kafka claim"
	case (s.extra[fn.FullName()] || s.extra[fn.Origin().FullName()]) && !spawns.TakesFunc(fn):
		e.Kind, e.Name = Configured, "entry point "+name
		for i := range sig.Params().Len() {
			if p := sig.Params().At(i); !isContext(p.Type()) {
				e.Inputs[p] = "from parameter " + p.Name() + " of the entry point"
			}
		}
	default:
		return nil
	}
	return e
}

// isConsumeClaim reports whether fn is the ConsumeClaim method of a sarama
// ConsumerGroupHandler: ConsumeClaim(ConsumerGroupSession, ConsumerGroupClaim) error.
func isConsumeClaim(fn *types.Func, sig *types.Signature) bool {
	if fn.Name() != "ConsumeClaim" || sig.Recv() == nil || sig.Params().Len() != 2 {
		return false
	}
	for _, path := range saramaPaths {
		if isNamed(sig.Params().At(0).Type(), path, "ConsumerGroupSession") && isNamed(sig.Params().At(1).Type(), path, "ConsumerGroupClaim") {
			return true
		}
	}
	return false
}

// isHandlerSig reports whether sig is func(http.ResponseWriter, *http.Request).
func isHandlerSig(sig *types.Signature) bool {
	if sig.Params().Len() != 2 || sig.Results().Len() != 0 {
		return false
	}
	return isNamed(sig.Params().At(0).Type(), "net/http", "ResponseWriter") &&
		isNamed(deref(sig.Params().At(1).Type()), "net/http", "Request")
}

// isServeHTTP reports whether fn is a ServeHTTP method whose parameters
// start with (http.ResponseWriter, *http.Request), whatever follows: the
// middleware of frameworks such as Caddy add a next handler and an error.
func isServeHTTP(fn *types.Func, sig *types.Signature) bool {
	return fn.Name() == "ServeHTTP" && sig.Recv() != nil && sig.Params().Len() >= 2 &&
		isNamed(sig.Params().At(0).Type(), "net/http", "ResponseWriter") && IsRequest(sig.Params().At(1).Type())
}

// IsRequest reports whether t is *http.Request.
func IsRequest(t types.Type) bool {
	_, ptr := t.(*types.Pointer)
	return ptr && isNamed(deref(t), "net/http", "Request")
}

// isGRPCMethod reports whether fn is a method of a type that embeds an
// Unimplemented...Server or Unsafe...Server type of a service with a
// method of the same name: the service methods generated gRPC code asks
// the server to implement.
func isGRPCMethod(fn *types.Func) bool {
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil || !fn.Exported() || strings.HasPrefix(fn.Name(), "mustEmbed") {
		return false
	}
	st, ok := deref(recv.Type()).Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		named, ok := deref(f.Type()).(*types.Named)
		if !f.Embedded() || !ok {
			continue
		}
		if serviceHas(named, fn.Name()) {
			return true
		}
	}
	return false
}

// serviceHas reports whether an embedded type of generated gRPC code
// declares the service method name: UnimplementedXServer has it itself;
// UnsafeXServer has only the guard method, and the service interface
// XServer, beside it in its package, has it.
func serviceHas(embedded *types.Named, name string) bool {
	tname := embedded.Obj().Name()
	if !strings.HasSuffix(tname, "Server") {
		return false
	}
	if strings.HasPrefix(tname, "Unimplemented") {
		return hasMethod(embedded, name)
	}
	service, ok := strings.CutPrefix(tname, "Unsafe")
	if !ok || embedded.Obj().Pkg() == nil {
		return false
	}
	iface, ok := embedded.Obj().Pkg().Scope().Lookup(service).(*types.TypeName)
	return ok && types.IsInterface(iface.Type()) && hasMethod(iface.Type(), name)
}

func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

// IsStream reports whether t is a gRPC server stream: an interface with a
// Recv or Send method.
func IsStream(t types.Type) bool {
	if !types.IsInterface(t) {
		return false
	}
	return hasMethod(t, "Recv") || hasMethod(t, "Send")
}

func isContext(t types.Type) bool { return isNamed(t, "context", "Context") }

func isNamed(t types.Type, pkg, name string) bool {
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == pkg && named.Obj().Name() == name
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return types.Unalias(t)
}
