package a // want package:`"a"\) client.Fetch: blocks http:a.Get→http.Get; fetcher.FetchAll: blocks http:\(\*sync.WaitGroup\).Wait for func literal in \(\*a.fetcher\).FetchAll→a.Get→http.Get wait:\(\*sync.WaitGroup\).Wait; fetcher.Stop: blocks wait:\(\*sync.WaitGroup\).Wait}$`

import (
	"io"
	"net/http"
	"net/smtp"
	"os"
	"strings"
	"time"
)

func Get(u string) { http.Get(u) } // want Get:"blocks http:http.Get"

func viaHelper(u string) { Get(u) } // want viaHelper:"blocks http:a.Get→http.Get"

func both(u string) { // want both:"blocks http:a.Get→http.Get sleep:time.Sleep"
	Get(u)
	time.Sleep(time.Second)
}

func Mail() { smtp.SendMail("localhost:25", nil, "", nil, nil) } // want Mail:`blocks net:smtp.SendMail→smtp.Dial→net.Dial`

func deferred(f *os.File) { defer f.Sync() } // want deferred:"blocks file:\\(\\*os.File\\).Sync"

func closureCalled() { // want closureCalled:"blocks sleep:func literal in a.closureCalled→time.Sleep"
	wait := func() { time.Sleep(time.Second) }
	wait()
}

func body(resp *http.Response) { io.ReadAll(resp.Body) } // want body:`blocks http:io.ReadAll\(resp.Body\)`

// Exported methods travel in one fact on their type; an unexported one
// (fetchOne) in none: no other package can call it.
type client struct{}

func (c *client) Fetch(u string) { Get(u) }

func (c *client) fetchOne(u string) { Get(u) }

func methodValue(c *client) { // want methodValue:"blocks http:\\(\\*a.client\\).Fetch→a.Get→http.Get"
	f := c.Fetch
	f("x")
}

func generic[T any](u string) { Get(u) } // want generic:"blocks http:a.Get→http.Get"

func instance() { generic[int]("x") } // want instance:"blocks http:a.generic→a.Get→http.Get"

// A cycle: both block through Get.
func ping(n int) { // want ping:"blocks http:a.pong→a.Get→http.Get"
	if n > 0 {
		pong(n - 1)
	}
}

func pong(n int) { // want pong:"blocks http:a.Get→http.Get"
	ping(n)
	Get("x")
}

// Not blocking.

func spawns(u string) { go Get(u) }

func unknownReader(r io.Reader) { r.Read(nil) }

func pure(s string) string { return strings.ToUpper(s) }

func neverCalled() {
	_ = func() { time.Sleep(time.Second) }
}

// A write in a panic-recovery handler runs only after a panic: the
// function does not block in its steady state.
func recovered(work func()) {
	defer func() {
		if r := recover(); r != nil {
			os.Stderr.Write([]byte("panic\n"))
		}
	}()
	work()
}

// The same write outside the handler blocks.
func logged(work func()) { // want logged:`blocks file:func literal in a.logged→\(\*os.File\).Write`
	defer func() {
		recover()
		os.Stderr.Write([]byte("done\n"))
	}()
	work()
}
