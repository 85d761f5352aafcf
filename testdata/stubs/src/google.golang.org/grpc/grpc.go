// Package grpc is a stub of google.golang.org/grpc for the fixtures of every analyzer.
package grpc

import "context"

type CallOption interface{}

type ClientConnInterface interface {
	Invoke(ctx context.Context, method string, args any, reply any, opts ...CallOption) error
}
