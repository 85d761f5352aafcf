// Package esapi is a stub of github.com/elastic/go-elasticsearch/v7/esapi for the fixtures of every analyzer.
package esapi

import (
	"context"
	"io"
)

type Response struct {
	StatusCode int
	Body       io.ReadCloser
}

type IndexRequest struct{ ctx context.Context }

// Index is an API call: a function-typed field of API.
type Index func(index string, body io.Reader, o ...func(*IndexRequest)) (*Response, error)

func (f Index) WithContext(v context.Context) func(*IndexRequest) {
	return func(r *IndexRequest) { r.ctx = v }
}

type API struct {
	Index Index
}
