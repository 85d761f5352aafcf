package streams

import (
	"encoding/gob"
	"net"
)

type Request struct{ ID int }
type Ping struct{}
type Response struct{ ID int }

func readMessage(conn net.Conn) (any, error) {
	var m any
	err := gob.NewDecoder(conn).Decode(&m)
	return m, err
}

func handle(conn net.Conn, req *Request) {}

// A protocol's receive loop that starts a goroutine per request message:
// the peer chooses how many.
func dispatch(conn net.Conn) {
	for {
		msg, err := readMessage(conn)
		if err != nil {
			return
		}
		switch m := msg.(type) {
		case *Request:
			go handle(conn, m) // want `dispatch starts one goroutine per \*Request message read by readMessage \(the peer sends as many as it likes\), with no bound: the peer chooses how many run at once, sending messages faster than their goroutines end`
		case *Ping:
		}
	}
}

// A semaphore that the handler takes inside bounds the work, not the
// goroutines.
func dispatchAcquireInside(conn net.Conn, sem chan struct{}) {
	for {
		msg, err := readMessage(conn)
		if err != nil {
			return
		}
		switch m := msg.(type) {
		case *Request:
			go func() { // want `dispatchAcquireInside starts one goroutine per \*Request message .*acquire it before the go`
				sem <- struct{}{}
				defer func() { <-sem }()
				handle(conn, m)
			}()
		}
	}
}

func dispatchBounded(conn net.Conn) {
	sem := make(chan struct{}, maxStreams)
	for {
		msg, err := readMessage(conn)
		if err != nil {
			return
		}
		switch m := msg.(type) {
		case *Request:
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				handle(conn, m)
			}()
		}
	}
}

// Handling each message in the loop itself: no goroutine per message.
func dispatchInline(conn net.Conn) {
	for {
		msg, err := readMessage(conn)
		if err != nil {
			return
		}
		switch m := msg.(type) {
		case *Request:
			handle(conn, m)
		}
	}
}

// A type switch on a value that does not come from a connection.
func dispatchLocal(jobs []any) { // want dispatchLocal:"spawns one goroutine per element of param 0"
	for _, j := range jobs {
		switch j := j.(type) {
		case *Request:
			go handle(nil, j)
		}
	}
}

// rawConn reads messages in one goroutine and dispatches them in another,
// as syncthing's protocol connection does.
type rawConn struct {
	conn   net.Conn
	inbox  chan any
	closed chan struct{}
}

func (c *rawConn) readerLoop() {
	for {
		msg, err := readMessage(c.conn)
		if err != nil {
			return
		}
		select {
		case c.inbox <- msg:
		case <-c.closed:
			return
		}
	}
}

func (c *rawConn) dispatcherLoop() {
	var msg any
	for {
		select {
		case msg = <-c.inbox:
		case <-c.closed:
			return
		}
		switch msg := msg.(type) {
		case *Request:
			go handle(c.conn, msg) // want `\(\*rawConn\).dispatcherLoop starts one goroutine per \*Request message read by readMessage`
		}
	}
}

func (c *rawConn) rangeLoop() {
	for msg := range c.inbox {
		switch m := msg.(type) {
		case *Request:
			go handle(c.conn, m) // want `\(\*rawConn\).rangeLoop starts one goroutine per \*Request message read by readMessage`
		}
	}
}

// A channel the package fills with values that no read returned.
func localQueue(reqs []*Request) { // want localQueue:"spawns one goroutine per element of param 0"
	queue := make(chan any, len(reqs))
	for _, r := range reqs {
		queue <- r
	}
	close(queue)
	for msg := range queue {
		switch m := msg.(type) {
		case *Request:
			go handle(nil, m)
		}
	}
}
