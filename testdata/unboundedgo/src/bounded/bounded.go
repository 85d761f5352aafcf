// Package bounded has handlers whose goroutines are bounded: nothing here
// is reported.
package bounded

import (
	"context"
	"encoding/json"
	"net/http"
	"sync"

	minioerrgroupv2 "github.com/minio/pkg/v2/sync/errgroup"
	minioerrgroup "github.com/minio/pkg/v3/sync/errgroup"
	"github.com/panjf2000/ants/v2"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

type request struct{ IDs []string }

func fetch(ctx context.Context, id string) error { return nil }

func decode(r *http.Request) request {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	return req
}

const maxIDs = 100

func channelSemaphore(w http.ResponseWriter, r *http.Request) {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			fetch(r.Context(), id)
		}()
	}
	wg.Wait()
}

func selectSemaphore(w http.ResponseWriter, r *http.Request) {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	sem := make(chan struct{}, 8)
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		select {
		case sem <- struct{}{}:
			wg.Go(func() { defer func() { <-sem }(); fetch(r.Context(), id) })
		case <-r.Context().Done():
			return
		}
	}
	wg.Wait()
}

func weighted(w http.ResponseWriter, r *http.Request) {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	sem := semaphore.NewWeighted(8)
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		if err := sem.Acquire(r.Context(), 1); err != nil {
			break
		}
		wg.Go(func() { defer sem.Release(1); fetch(r.Context(), id) })
	}
	wg.Wait()
}

func tryAcquire(w http.ResponseWriter, r *http.Request) {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	sem := semaphore.NewWeighted(8)
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		if sem.TryAcquire(1) {
			wg.Go(func() { defer sem.Release(1); fetch(r.Context(), id) })
		}
	}
	wg.Wait()
}

func setLimit(w http.ResponseWriter, r *http.Request) {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	g, ctx := errgroup.WithContext(r.Context())
	g.SetLimit(16)
	for _, id := range req.IDs {
		g.Go(func() error { return fetch(ctx, id) })
	}
	g.Wait()
}

func poolLibrary(w http.ResponseWriter, r *http.Request) {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	pool, _ := ants.NewPool(16)
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		wg.Add(1)
		pool.Submit(func() { defer wg.Done(); fetch(r.Context(), id) })
	}
	wg.Wait()
}

// minio's errgroup runs at most WithConcurrency's k of its tasks at once
// (minio's (*IAMSys).PolicyDBGet loads 10 groups at a time).
func minioConcurrency(w http.ResponseWriter, r *http.Request) {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	g := minioerrgroup.WithNErrs(len(req.IDs)).WithConcurrency(10)
	for index := range req.IDs {
		g.Go(func() error { return fetch(r.Context(), req.IDs[index]) }, index)
	}
	g.Wait()
	g2 := minioerrgroupv2.WithNErrs(len(req.IDs))
	g2.WithConcurrency(10) // the builder sets the bound on its receiver
	for index := range req.IDs {
		g2.Go(func() error { return fetch(r.Context(), req.IDs[index]) }, index)
	}
	g2.WaitErr()
}

func lengthGuard(w http.ResponseWriter, r *http.Request) {
	req := decode(r)
	if len(req.IDs) > maxIDs {
		http.Error(w, "too many ids", http.StatusBadRequest)
		return
	}
	var wg sync.WaitGroup
	for _, id := range req.IDs {
		wg.Go(func() { fetch(r.Context(), id) })
	}
	for i := 0; i < len(req.IDs); i++ {
		wg.Go(func() { fetch(r.Context(), req.IDs[i]) })
	}
	wg.Wait()
}

func truncated(w http.ResponseWriter, r *http.Request) {
	ids := r.URL.Query()["id"]
	if len(ids) == 0 || maxIDs < len(ids) {
		ids = ids[:maxIDs]
	}
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() { fetch(r.Context(), id) })
	}
	wg.Wait()
}

func guardAround(w http.ResponseWriter, r *http.Request) {
	ids := r.URL.Query()["id"]
	var wg sync.WaitGroup
	if len(ids) <= maxIDs {
		for _, id := range ids {
			wg.Go(func() { fetch(r.Context(), id) })
		}
	}
	wg.Wait()
}

func capped(w http.ResponseWriter, r *http.Request) {
	ids := r.URL.Query()["id"]
	var wg sync.WaitGroup
	for i := range min(len(ids), maxIDs) {
		wg.Go(func() { fetch(r.Context(), ids[i]) })
	}
	wg.Wait()
}

// Constant trip counts, however large, are not per item of input.
func constantTrips(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	for i := 0; i < 100000; i++ {
		wg.Go(func() { fetch(r.Context(), "x") })
	}
	for range 1 << 20 {
		wg.Go(func() { fetch(r.Context(), "x") })
	}
	var shards [64]string
	for _, s := range shards {
		wg.Go(func() { fetch(r.Context(), s) })
	}
	wg.Wait()
}

// Loops whose count is not input.
var backends = []string{"a", "b"}

func fixedBackends(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	for _, b := range backends {
		wg.Go(func() { fetch(r.Context(), b) })
	}
	wg.Wait()
}

// A slice of the input to a bound that is not input has at most that many
// elements (minio's fan-out in batches).
func batches(w http.ResponseWriter, r *http.Request) {
	ids := decode(r).IDs
	batch := min(16, len(ids))
	var wg sync.WaitGroup
	for _, id := range ids[:batch] {
		wg.Go(func() { fetch(r.Context(), id) })
	}
	wg.Wait()
	const maxBatch = 100
	for len(ids) > 0 {
		n := min(maxBatch, len(ids))
		fanOutAll(r.Context(), ids[:maxBatch])
		ids = ids[n:]
	}
}

func fanOutAll(ctx context.Context, ids []string) { // want fanOutAll:`spawns one goroutine per element of param 1`
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() { fetch(ctx, id) })
	}
	wg.Wait()
}

type peer struct{ ID, Endpoint string }

var peers = map[string]peer{}

// Storing the request's one element into the server's map does not make
// the map's length the request's (minio's EditPeerCluster).
func storeOne(w http.ResponseWriter, r *http.Request) {
	var p peer
	if json.NewDecoder(r.Body).Decode(&p) != nil {
		return
	}
	all := peers
	all[p.ID] = p
	var wg sync.WaitGroup
	for _, q := range all {
		wg.Go(func() { fetch(r.Context(), q.Endpoint) })
	}
	wg.Wait()
}

// A goroutine awaited before the loop's next iteration: one runs at a time,
// however many items the request holds.
func oneAtATime(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	for _, id := range decode(r).IDs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(r.Context(), id)
		}()
		wg.Wait()
	}
	for _, id := range decode(r).IDs {
		errc := make(chan error, 1)
		go func() { errc <- fetch(r.Context(), id) }()
		if err := <-errc; err != nil {
			return
		}
	}
}

// Each iteration first waits for the goroutine that the previous one
// started: one goroutine at a time.
func previousAwaited(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	for _, id := range decode(r).IDs {
		wg.Wait()
		wg.Add(1)
		go func() {
			defer wg.Done()
			fetch(r.Context(), id)
		}()
	}
	wg.Wait()
}
