// Package yamux is a stub of github.com/hashicorp/yamux for the fixtures of every analyzer.
package yamux

import "net"

type Session struct{}

type Stream struct{ net.Conn }

func Server(conn net.Conn, config any) (*Session, error) { return &Session{}, nil }
func (s *Session) Accept() (net.Conn, error)             { return nil, nil }
func (s *Session) AcceptStream() (*Stream, error)        { return nil, nil }
func (s *Session) Open() (net.Conn, error)               { return nil, nil }
