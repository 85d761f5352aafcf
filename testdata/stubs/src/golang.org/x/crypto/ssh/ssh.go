// Package ssh is a stub of golang.org/x/crypto/ssh for the fixtures of every analyzer.
package ssh

import (
	"io"
	"net"
)

type ServerConfig struct{}

type ServerConn struct{}

type Request struct{ Type string }

type Channel interface{ io.ReadWriteCloser }

type NewChannel interface {
	Accept() (Channel, <-chan *Request, error)
	ChannelType() string
}

func NewServerConn(c net.Conn, config *ServerConfig) (*ServerConn, <-chan NewChannel, <-chan *Request, error) {
	return nil, nil, nil, nil
}

func DiscardRequests(in <-chan *Request) {}
