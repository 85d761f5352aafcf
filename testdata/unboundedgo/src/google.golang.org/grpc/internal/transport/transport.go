// Package transport is a stub of google.golang.org/grpc/internal/transport
// for the fixtures of unboundedgo (its Server is grpc-go's own code).
package transport

import "context"

type Stream struct{ method string }

type ServerTransport interface {
	HandleStreams(ctx context.Context, handle func(*Stream))
	Close(err error)
}
