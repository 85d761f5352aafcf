// Package fanout has handlers that start one goroutine per item of the
// request, with no bound.
package fanout

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	minioerrgroup "github.com/minio/pkg/v3/sync/errgroup"
	"golang.org/x/sync/errgroup"
)

type request struct {
	IDs []string `json:"ids"`
}

func fetch(ctx context.Context, id string) error { return nil }

func decodedBody(w http.ResponseWriter, r *http.Request) {
	var req request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		return
	}
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		wg.Add(1)
		go func() { // want `handler decodedBody starts one goroutine per element of req.IDs, decoded from the request body, with no bound`
			defer wg.Done()
			fetch(r.Context(), id)
		}()
	}
	wg.Wait()
}

func unmarshalled(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req request
	json.Unmarshal(body, &req)
	g, ctx := errgroup.WithContext(r.Context())
	for _, id := range req.IDs {
		g.Go(func() error { return fetch(ctx, id) }) // want `handler unmarshalled starts one goroutine per element of req.IDs, decoded from the request body`
	}
	g.Wait()
}

// minio's errgroup without WithConcurrency starts a goroutine per task.
func minioNoConcurrency(w http.ResponseWriter, r *http.Request) {
	ids := r.URL.Query()["id"]
	g := minioerrgroup.WithNErrs(len(ids))
	for index := range ids {
		g.Go(func() error { return fetch(r.Context(), ids[index]) }, index) // want `handler minioNoConcurrency starts one goroutine per element of ids, from the request's query or form, with no bound`
	}
	g.Wait()
}

func queryValues(w http.ResponseWriter, r *http.Request) {
	ids := strings.Split(r.URL.Query().Get("ids"), ",")
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() { fetch(r.Context(), id) }) // want `one goroutine per element of ids, from the request's query or form`
	}
	wg.Wait()
}

func countedByInput(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.FormValue("n"))
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Go(func() {}) // want `one goroutine per iteration of a loop while i < n, from the request's query or form`
	}
	for range n {
		wg.Go(func() {}) // want `as many goroutines as n`
	}
	wg.Wait()
}

func nestedConstantLoop(w http.ResponseWriter, r *http.Request) {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		for i := 0; i < 3; i++ { // three per element is still per element
			wg.Go(func() { fetch(r.Context(), id+strconv.Itoa(i)) }) // want `one goroutine per element of req.IDs`
		}
	}
	wg.Wait()
}

func headers(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	for name := range r.Header {
		wg.Go(func() { fetch(r.Context(), name) }) // want `one goroutine per element of r.Header, from the request headers`
	}
	wg.Wait()
}

// Server is an http.Handler.
type Server struct{}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	done := make(chan error, len(req.IDs))
	for _, id := range req.IDs {
		go func() { done <- fetch(r.Context(), id) }() // want `handler \(\*Server\).ServeHTTP starts one goroutine per element of req.IDs`
	}
	for range req.IDs {
		<-done
	}
}

func routes(mux *http.ServeMux) {
	mux.HandleFunc("/a", func(w http.ResponseWriter, r *http.Request) {
		var wg sync.WaitGroup
		for _, v := range r.URL.Query()["v"] {
			wg.Go(func() { fetch(r.Context(), v) }) // want `handler func literal in routes starts one goroutine per element of r.URL.Query\(\)\["v"\]`
		}
		wg.Wait()
	})
	http.Handle("/b", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var wg sync.WaitGroup
		for _, v := range r.Form["v"] {
			wg.Go(func() { fetch(r.Context(), v) }) // want `handler func literal in routes starts`
		}
		wg.Wait()
	}))
}

// One diagnostic for a goroutine per element that nobody awaits.
func bothShapes(w http.ResponseWriter, r *http.Request) {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	for _, id := range req.IDs {
		go fetch(context.Background(), id) // want `starts one goroutine per element of req.IDs, decoded from the request body, with no bound: .*; and it never awaits them`
	}
}

// gRPC: a type that embeds an Unimplemented...Server type.

type GetRequest struct{ Ids []string }

func (r *GetRequest) GetIds() []string { return r.Ids }

type GetResponse struct{}

type Users_WatchServer interface {
	Recv() (*GetRequest, error)
	Send(*GetResponse) error
}

type UnimplementedUsersServer struct{}

func (UnimplementedUsersServer) Get(context.Context, *GetRequest) (*GetResponse, error) {
	return nil, nil
}
func (UnimplementedUsersServer) Watch(Users_WatchServer) error      { return nil }
func (UnimplementedUsersServer) mustEmbedUnimplementedUsersServer() {}

type usersServer struct {
	UnimplementedUsersServer
}

func (s *usersServer) Get(ctx context.Context, req *GetRequest) (*GetResponse, error) {
	g, ctx := errgroup.WithContext(ctx)
	for _, id := range req.GetIds() {
		g.Go(func() error { return fetch(ctx, id) }) // want `gRPC method \(\*usersServer\).Get starts one goroutine per element of req.GetIds\(\), from the gRPC request`
	}
	return &GetResponse{}, g.Wait()
}

func (s *usersServer) Watch(stream Users_WatchServer) error {
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		req, err := stream.Recv()
		if err != nil {
			return err
		}
		wg.Go(func() { stream.Send(&GetResponse{}); _ = req }) // want `one goroutine per value read from stream, received from the gRPC stream`
	}
}

// Not a service method: the embedded type has no such method.
func (s *usersServer) Helper(ids []string) { // want Helper:`param 0`
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() { fetch(context.Background(), id) })
	}
	wg.Wait()
}

// Outside request scope, a loop over a parameter is not reported by itself.
func notAHandler(ids []string) { // want notAHandler:`param 0`
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() { fetch(context.Background(), id) })
	}
	wg.Wait()
}

type Chat_TalkServer interface {
	Recv() (*GetRequest, error)
	Send(*GetResponse) error
	Context() context.Context
}

type UnimplementedChatServer struct{}

func (UnimplementedChatServer) Talk(Chat_TalkServer) error { return nil }

type chatServer struct{ UnimplementedChatServer }

// The receiving goroutine ends when the RPC does: not fire-and-forget.
func (s *chatServer) Talk(stream Chat_TalkServer) error {
	go func() {
		for {
			if _, err := stream.Recv(); err != nil {
				return
			}
		}
	}()
	<-stream.Context().Done()
	return nil
}

// Not reported: the loop stops at a constant, whatever the body holds.
func capByCondition(w http.ResponseWriter, r *http.Request) {
	dec := json.NewDecoder(r.Body)
	var wg sync.WaitGroup
	for i := 0; i < 10 && dec.More(); i++ {
		var id string
		dec.Decode(&id)
		wg.Go(func() { fetch(r.Context(), id) })
	}
	for dec.More() {
		var id string
		dec.Decode(&id)
		wg.Go(func() { fetch(r.Context(), id) }) // want `one goroutine per iteration of a loop while dec.More\(\), read from the request body`
	}
	wg.Wait()
}

// A slice of the input to a bound the request chooses, or with no upper
// bound, is as long as the request makes it.
func slicedByInput(w http.ResponseWriter, r *http.Request) {
	ids := strings.Split(r.FormValue("ids"), ",")
	n, _ := strconv.Atoi(r.FormValue("n"))
	var wg sync.WaitGroup
	for _, id := range ids[:n] {
		wg.Go(func() { fetch(r.Context(), id) }) // want `one goroutine per element of ids\[:n\], from the request's query or form`
	}
	for _, id := range ids[1:] {
		wg.Go(func() { fetch(r.Context(), id) }) // want `one goroutine per element of ids\[1:\], from the request's query or form`
	}
	wg.Wait()
}

// Storing input into a field makes the field input (req.IDs = ids).
func storedField(w http.ResponseWriter, r *http.Request) {
	var req request
	req.IDs = strings.Split(r.FormValue("ids"), ",")
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		wg.Go(func() { fetch(r.Context(), id) }) // want `one goroutine per element of req.IDs, from the request's query or form`
	}
	wg.Wait()
}

// A deferred Wait waits once, as the handler returns: every goroutine of
// the loop is in flight before it.
func deferredWaitPerIteration(w http.ResponseWriter, r *http.Request) {
	for _, id := range r.URL.Query()["id"] {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // want `handler deferredWaitPerIteration starts one goroutine per element of r.URL.Query\(\)\["id"\]`
			defer wg.Done()
			fetch(r.Context(), id)
		}()
		defer wg.Wait()
	}
}
