// Package entries has functions in request scope and out of it. The test
// analyzer reports each entry point with its name, and each range loop
// over input with the input's origin.
package entries

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
)

func handler(w http.ResponseWriter, r *http.Request) { // want `entry handler handler`
	var body struct{ IDs []string }
	json.NewDecoder(r.Body).Decode(&body)
	for range body.IDs { // want `input decoded from the request body`
	}
	data, _ := io.ReadAll(r.Body)
	var other struct{ Names []string }
	json.Unmarshal(data, &other)
	for range other.Names { // want `input decoded from the request body`
	}
	for range strings.Split(r.FormValue("q"), ",") { // want `input from the request's query or form`
	}
	for range r.URL.Query() { // want `input from the request's query or form`
	}
	for range r.Header.Values("X") { // want `input from the request headers`
	}
	for range strings.Fields(r.PathValue("id")) { // want `input from the request's path`
	}
	ctx := r.Context()
	for range ctx.Done() { // a context is not data
	}
	for range strings.Split("a,b", ",") { // not input
	}
	for range min(len(body.IDs), 10) { // capped by a constant
	}
}

type Server struct{}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {} // want `entry ServeHTTP handler \(\*Server\).ServeHTTP`

func (s *Server) handle(w http.ResponseWriter, r *http.Request) {} // want `entry handler handler \(\*Server\).handle`

func routes() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {}) // want `entry handler handler func literal in routes`
}

// A handler's signature with results is not a handler.
func notHandler(w http.ResponseWriter, r *http.Request) error { return nil }

type Req struct{ Ids []string }
type Resp struct{}

type Orders_ListServer interface {
	Send(*Resp) error
}

type UnimplementedOrdersServer struct{}

func (UnimplementedOrdersServer) Get(context.Context, *Req) (*Resp, error) { return nil, nil }
func (UnimplementedOrdersServer) List(*Req, Orders_ListServer) error       { return nil }
func (UnimplementedOrdersServer) mustEmbedUnimplementedOrdersServer()      {}

type orders struct {
	UnimplementedOrdersServer
}

func (o *orders) Get(ctx context.Context, req *Req) (*Resp, error) { // want `entry gRPC gRPC method \(\*orders\).Get`
	for range req.Ids { // want `input from the gRPC request`
	}
	return nil, nil
}

func (o *orders) List(req *Req, stream Orders_ListServer) error { return nil } // want `entry gRPC gRPC method \(\*orders\).List`

// Not a service method: the Unimplemented type has no Close.
func (o *orders) Close() error { return nil }

// A consumer, named by the test as an entry point.
func Consume(ctx context.Context, batch []string) { // want `entry configured entry point Consume`
	for range batch { // want `input from parameter batch of the entry point`
	}
}

// Middleware of a framework: ServeHTTP with more parameters and an error.
type Middleware struct{}

func (m Middleware) ServeHTTP(w http.ResponseWriter, r *http.Request, next http.Handler) error { // want `entry ServeHTTP handler Middleware.ServeHTTP`
	return nil
}

type store struct{}

func (store) List(filter string) []string { return nil }

func (store) Unmarshal(data []byte, v any) error { return nil }

var db store

func query(w http.ResponseWriter, r *http.Request) { // want `entry handler handler query`
	for range db.List(r.FormValue("filter")) { // what the server holds, selected by the request
	}
	var req struct{ IDs []string }
	data, _ := io.ReadAll(r.Body)
	db.Unmarshal(data, &req)
	for range req.IDs { // want `input decoded from the request body`
	}
}

func chunk(ids []string, n int) [][]string { return nil }

func parseIDs(q map[string][]string) []string { return nil }

func helpers(w http.ResponseWriter, r *http.Request) { // want `entry handler handler helpers`
	var req struct{ IDs []string }
	json.NewDecoder(r.Body).Decode(&req)
	for range chunk(req.IDs, 4) { // the program's function may return anything
	}
	for range parseIDs(r.URL.Query()) { // want `input from the request's query or form`
	}
}

// A subscription API of the program, named by the test: it takes a
// function, so the functions passed to it are the entries, not itself.
type Bus struct{}

func (b *Bus) Subscribe(topic string, handle func(ctx context.Context, msg *Req)) {
	go handle(context.Background(), &Req{})
}

func listen(b *Bus) {
	b.Subscribe("orders", func(ctx context.Context, msg *Req) { // want `entry message message handler func literal in listen`
		for range msg.Ids { // want `input from the message`
		}
	})
	b.Subscribe("refunds", onRefund)
	register(func(ctx context.Context, msg *Req) {}) // not a subscription API
}

func onRefund(ctx context.Context, msg *Req) { // want `entry message message handler onRefund`
}

func register(handle func(ctx context.Context, msg *Req)) {}
