// Package fanout starts a goroutine per item of a request with no limit:
// unboundedgo's suggested fix limits the errgroup.
package fanout

import (
	"context"
	"encoding/json"
	"net/http"

	"golang.org/x/sync/errgroup"
)

type request struct{ IDs []string }

func fetch(ctx context.Context, id string) error { return ctx.Err() }

// Handler fetches every ID of the request at once.
func Handler(w http.ResponseWriter, r *http.Request) {
	var req request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	g, ctx := errgroup.WithContext(r.Context())
	for _, id := range req.IDs {
		g.Go(func() error { return fetch(ctx, id) })
	}
	if err := g.Wait(); err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
	}
}
