// Package cross has handlers that pass request data to functions of
// another package that start one goroutine per element.
package cross

import (
	"encoding/json"
	"net/http"

	"elements"
)

type request struct{ IDs []string }

func direct(w http.ResponseWriter, r *http.Request) {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	elements.FetchAll(r.Context(), req.IDs) // want `handler direct passes req.IDs \(decoded from the request body\) to elements.FetchAll, which starts one goroutine per element of it with no bound \(at elements.go:19\)`
}

func through(w http.ResponseWriter, r *http.Request) {
	ids := r.URL.Query()["id"]
	elements.Through(r.Context(), "tag", ids) // want `passes ids \(from the request's query or form\) to elements.Through → elements.FetchAll, which starts`
}

func method(w http.ResponseWriter, r *http.Request) {
	var keys map[string]int
	json.NewDecoder(r.Body).Decode(&keys)
	h := &elements.Hub{}
	h.Method(keys) // want `passes keys \(decoded from the request body\) to \(\*elements.Hub\).Method`
	h.Notify(r.Context(), "x")
}

const maxIDs = 50

// Not reported: guarded, bounded, not request data.
func guarded(w http.ResponseWriter, r *http.Request) {
	var req request
	json.NewDecoder(r.Body).Decode(&req)
	if len(req.IDs) > maxIDs {
		return
	}
	elements.FetchAll(r.Context(), req.IDs)
	elements.Bounded(r.Context(), req.IDs)
	elements.FetchAll(r.Context(), []string{"a", "b"})
}

// In its own package: the fact of a local helper.
func fanOut(ids []string) { // want fanOut:`spawns one goroutine per element of param 0`
	done := make(chan bool, len(ids))
	for _, id := range ids {
		go func() { done <- id != "" }()
	}
	for range ids {
		<-done
	}
}

func local(w http.ResponseWriter, r *http.Request) {
	fanOut(r.URL.Query()["id"]) // want `handler local passes r.URL.Query\(\)\["id"\] \(from the request's query or form\) to fanOut`
}
