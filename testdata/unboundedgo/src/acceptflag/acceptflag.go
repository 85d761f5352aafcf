// Package acceptflag has accept loops: reported with -unboundedgo.accept,
// not without it.
package acceptflag

import (
	"net"
	"sync"

	"safe"
)

func serve(c net.Conn) { c.Close() }

func unbounded(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		go serve(c) // want `unbounded starts one goroutine per accepted connection, with no bound`
	}
}

func spawnCall(l net.Listener) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		wg.Go(func() { serve(c) }) // want `spawnCall starts one goroutine per accepted connection`
	}
}

func bounded(l net.Listener) {
	sem := make(chan struct{}, 100)
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			serve(c)
		}()
	}
}

func tcp(l *net.TCPListener) {
	for {
		c, err := l.AcceptTCP()
		if err != nil {
			return
		}
		go serve(c) // want `tcp starts one goroutine per accepted connection`
	}
}

// A spawn helper's call is a go statement.
func helper(l net.Listener) {
	for {
		c, err := l.Accept()
		if err != nil {
			return
		}
		safe.Go(func() { serve(c) }) // want `helper starts one goroutine per accepted connection`
	}
}
