// Package fix has errgroups with no limit: the suggested fix limits them.
package fix

import (
	"context"
	"encoding/json"
	"net/http"

	"golang.org/x/sync/errgroup"
)

type request struct{ IDs []string }

func fetch(ctx context.Context, id string) error { return nil }

func handler(w http.ResponseWriter, r *http.Request) {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	g, ctx := errgroup.WithContext(r.Context())
	for _, id := range req.IDs {
		g.Go(func() error { return fetch(ctx, id) }) // want `one goroutine per element of req.IDs`
	}
	g.Wait()
}

func nameTaken(w http.ResponseWriter, r *http.Request) {
	const maxInFlight = 3
	var g errgroup.Group
	ids := r.URL.Query()["id"]
	for i := 0; i < len(ids); i++ {
		g.Go(func() error { return fetch(r.Context(), ids[i]) }) // want `one goroutine per iteration`
	}
	g.Wait()
	_ = maxInFlight
}

// No fix: the group already runs a goroutine before the loop, and SetLimit
// would panic.
func startedBefore(w http.ResponseWriter, r *http.Request) {
	var g errgroup.Group
	g.Go(func() error { return nil })
	for _, id := range r.URL.Query()["id"] {
		g.Go(func() error { return fetch(r.Context(), id) }) // want `one goroutine per element`
	}
	g.Wait()
}
