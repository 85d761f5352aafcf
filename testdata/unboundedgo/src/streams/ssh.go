package streams

import (
	"net"

	"golang.org/x/crypto/ssh"
)

func serveChannel(ch ssh.Channel) { ch.Close() }

func sshUnbounded(c net.Conn, config *ssh.ServerConfig) { // want sshUnbounded:"spawns one goroutine per element of param 0"
	_, chans, reqs, err := ssh.NewServerConn(c, config)
	if err != nil {
		return
	}
	go ssh.DiscardRequests(reqs) // once per connection
	for newCh := range chans {
		ch, _, err := newCh.Accept()
		if err != nil {
			continue
		}
		go serveChannel(ch) // want `sshUnbounded starts one goroutine per SSH channel the client opens \(ranging over chans\), with no bound`
	}
}

func sshBounded(c net.Conn, config *ssh.ServerConfig) {
	_, chans, reqs, err := ssh.NewServerConn(c, config)
	if err != nil {
		return
	}
	go ssh.DiscardRequests(reqs)
	sem := make(chan struct{}, maxStreams)
	for newCh := range chans {
		ch, _, err := newCh.Accept()
		if err != nil {
			continue
		}
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			serveChannel(ch)
		}()
	}
}

// Channels served one after another need no goroutine each.
func sshSerial(c net.Conn, config *ssh.ServerConfig) {
	_, chans, _, err := ssh.NewServerConn(c, config)
	if err != nil {
		return
	}
	for newCh := range chans {
		if ch, _, err := newCh.Accept(); err == nil {
			serveChannel(ch)
		}
	}
}
