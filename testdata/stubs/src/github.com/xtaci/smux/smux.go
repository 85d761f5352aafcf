// Package smux is a stub of github.com/xtaci/smux for the fixtures of every analyzer.
package smux

import (
	"io"
	"net"
)

type Session struct{}

type Stream struct{ net.Conn }

func Server(conn io.ReadWriteCloser, config any) (*Session, error) { return &Session{}, nil }
func (s *Session) Accept() (net.Conn, error)                       { return nil, nil }
func (s *Session) AcceptStream() (*Stream, error)                  { return nil, nil }
