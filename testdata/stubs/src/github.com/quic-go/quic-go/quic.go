// Package quic is a stub of github.com/quic-go/quic-go for the fixtures of every analyzer.
package quic

import (
	"context"
	"io"
)

type Stream interface {
	io.ReadWriteCloser
	CancelRead(code uint64)
}

type ReceiveStream interface {
	io.Reader
}

// Connection is the connection interface of quic-go before v0.50.
type Connection interface {
	AcceptStream(ctx context.Context) (Stream, error)
	AcceptUniStream(ctx context.Context) (ReceiveStream, error)
	OpenStream() (Stream, error)
}

// Conn is the connection type of quic-go from v0.50.
type Conn struct{}

func (c *Conn) AcceptStream(ctx context.Context) (*Stream2, error)           { return nil, nil }
func (c *Conn) AcceptUniStream(ctx context.Context) (*ReceiveStream2, error) { return nil, nil }

type Stream2 struct{ io.ReadWriteCloser }
type ReceiveStream2 struct{ io.Reader }
