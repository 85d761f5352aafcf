// Package suppressed has findings that the user silenced.
package suppressed

import (
	"context"
	"net/http"
	"sync"
)

func fetch(ctx context.Context, id string) {}

func ignoredAbove(w http.ResponseWriter, r *http.Request) {
	var wg sync.WaitGroup
	for _, id := range r.URL.Query()["id"] {
		//concurlint:ignore unboundedgo the router caps the query at 10 values
		wg.Go(func() { fetch(r.Context(), id) })
	}
	wg.Wait()
}

func ignoredOnLine(w http.ResponseWriter, r *http.Request) {
	go fetch(context.Background(), r.URL.Path) //concurlint:ignore unawaited,unboundedgo audit log, best effort
}

func otherAnalyzer(w http.ResponseWriter, r *http.Request) {
	//concurlint:ignore cpupoolio does not name this analyzer
	go fetch(context.Background(), r.URL.Path) // want `never awaits`
}
