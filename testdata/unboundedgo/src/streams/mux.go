package streams

import (
	"net"

	"github.com/hashicorp/yamux"
	"github.com/xtaci/smux"
)

func serveConn(c net.Conn) { c.Close() }

func yamuxAccept(sess *yamux.Session) {
	for {
		c, err := sess.Accept()
		if err != nil {
			return
		}
		go serveConn(c) // want `yamuxAccept starts one goroutine per stream accepted by \(\*yamux.Session\).Accept, with no bound`
	}
}

func yamuxAcceptStream(sess *yamux.Session) {
	for {
		s, err := sess.AcceptStream()
		if err != nil {
			return
		}
		go serveConn(s) // want `yamuxAcceptStream starts one goroutine per stream accepted by \(\*yamux.Session\).AcceptStream`
	}
}

// quota is a hand-written semaphore, as grpc-go's handler quota.
type quota struct{ slots chan struct{} }

func (q *quota) acquire() { q.slots <- struct{}{} }
func (q *quota) release() { <-q.slots }

func yamuxQuota(sess *yamux.Session, q *quota) {
	for {
		s, err := sess.AcceptStream()
		if err != nil {
			return
		}
		q.acquire()
		f := func() {
			defer q.release()
			serveConn(s)
		}
		go f()
	}
}

func smuxAccept(sess *smux.Session) {
	for {
		c, err := sess.Accept()
		if err != nil {
			return
		}
		go serveConn(c) // want `smuxAccept starts one goroutine per stream accepted by \(\*smux.Session\).Accept,`
	}
}

func smuxAcceptStream(sess *smux.Session) {
	for {
		s, err := sess.AcceptStream()
		if err != nil {
			return
		}
		go serveConn(s) // want `smuxAcceptStream starts one goroutine per stream accepted by \(\*smux.Session\).AcceptStream`
	}
}

func smuxBounded(sess *smux.Session) {
	sem := make(chan struct{}, maxStreams)
	for {
		s, err := sess.AcceptStream()
		if err != nil {
			return
		}
		select {
		case sem <- struct{}{}:
			go func() {
				defer func() { <-sem }()
				serveConn(s)
			}()
		default:
			s.Close() // too many streams: refuse this one
		}
	}
}

// One goroutine per stream of one connection, inside a goroutine per
// connection: the inner one is reported, the outer one stays opt-in.
func yamuxPerConn(l net.Listener) {
	for {
		conn, err := l.Accept()
		if err != nil {
			return
		}
		go func() {
			sess, _ := yamux.Server(conn, nil)
			for {
				s, err := sess.AcceptStream()
				if err != nil {
					return
				}
				go serveConn(s) // want `func literal in yamuxPerConn starts one goroutine per stream accepted by \(\*yamux.Session\).AcceptStream`
			}
		}()
	}
}
