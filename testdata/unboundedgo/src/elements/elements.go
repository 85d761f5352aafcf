// Package elements has helpers that start one goroutine per element of a
// parameter, with no bound. They are outside request scope, so nothing here
// is reported: the callers that pass request data are.
package elements

import (
	"context"
	"sync"

	"golang.org/x/sync/errgroup"
)

func fetch(ctx context.Context, id string) error { return nil }

// FetchAll starts one goroutine per id.
func FetchAll(ctx context.Context, ids []string) error { // want FetchAll:`spawns one goroutine per element of param 1`
	g, ctx := errgroup.WithContext(ctx)
	for _, id := range ids {
		g.Go(func() error { return fetch(ctx, id) })
	}
	return g.Wait()
}

// Through reaches FetchAll through a call.
func Through(ctx context.Context, tag string, ids []string) error { // want Through:`spawns one goroutine per element of param 2`
	return FetchAll(ctx, ids)
}

// Bounded limits itself: no fact.
func Bounded(ctx context.Context, ids []string) error {
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(4)
	for _, id := range ids {
		g.Go(func() error { return fetch(ctx, id) })
	}
	return g.Wait()
}

// Notify starts a goroutine per subscriber of its own list: the count is
// not a parameter.
type Hub struct{ subs []string }

func (h *Hub) Notify(ctx context.Context, msg string) {
	var wg sync.WaitGroup
	for _, s := range h.subs {
		wg.Go(func() { fetch(ctx, s+msg) })
	}
	wg.Wait()
}

// Method starts one goroutine per key.
func (h *Hub) Method(keys map[string]int) { // want Method:`spawns one goroutine per element of param 0`
	var wg sync.WaitGroup
	for k := range keys {
		wg.Add(1)
		go func() { defer wg.Done(); fetch(context.Background(), k) }()
	}
	wg.Wait()
}

func local(ids []string) { // want local:`spawns one goroutine per element of param 0`
	FetchAll(context.Background(), ids)
}

// Local calls local, in this package, with data that is not request data.
func Local() { local([]string{"a"}) }

// Job keeps what its callers hand it in one field and ranges over another.
type Job struct {
	Output    []string
	listeners []func()
}

// Finish stores ids, then starts one goroutine per listener, which its
// callers do not choose: no fact.
func (j *Job) Finish(ids []string) {
	j.Output = ids
	for _, l := range j.listeners {
		go l()
	}
}

// Publish ranges over the field it stored ids in.
func (j *Job) Publish(ids []string) { // want Publish:`spawns one goroutine per element of param 0`
	j.Output = ids
	for _, id := range j.Output {
		go fetch(context.Background(), id)
	}
}
