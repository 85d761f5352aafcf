package streams

import "golang.org/x/net/http2"

func serveHeaders(f *http2.HeadersFrame) {}

// A read loop on an HTTP/2 framer that starts a goroutine per HEADERS
// frame.
func framerLoop(fr *http2.Framer) { // want framerLoop:"spawns one goroutine per element of param 0"
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			return
		}
		switch f := f.(type) {
		case *http2.HeadersFrame:
			go serveHeaders(f) // want `framerLoop starts one goroutine per \*http2.HeadersFrame message read by \(\*http2.Framer\).ReadFrame \(the peer sends as many as it likes\), with no bound`
		case *http2.DataFrame:
		}
	}
}

func framerBounded(fr *http2.Framer) {
	sem := make(chan struct{}, maxStreams)
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			return
		}
		if hf, ok := f.(*http2.HeadersFrame); ok {
			sem <- struct{}{}
			go func() {
				defer func() { <-sem }()
				serveHeaders(hf)
			}()
		}
	}
}

// serverConn is x/net's HTTP/2 server connection before the rapid reset
// fix (CVE-2023-39325): the limit counts open streams, which a reset
// frees, while the handler goroutine runs on.
type serverConn struct {
	curClientStreams uint32
	advMaxStreams    uint32
	serveMsgCh       chan any
}

func (sc *serverConn) processHeaders(f *http2.MetaHeadersFrame) error {
	if sc.curClientStreams+1 > sc.advMaxStreams {
		return nil // refused stream
	}
	sc.curClientStreams++
	go sc.runHandler() // want `\(\*serverConn\).processHeaders starts one goroutine per HEADERS frame, that is per stream the client opens \(\(\*serverConn\).processHeaders handles \*http2.MetaHeadersFrame\), with no bound: .*; the limit curClientStreams is released in \(\*serverConn\).closeStream, not by the goroutine when it ends`
	return nil
}

func (sc *serverConn) processResetStream(f *http2.RSTStreamFrame) { sc.closeStream() }

func (sc *serverConn) closeStream() { sc.curClientStreams-- }

func (sc *serverConn) runHandler() {}

// fixedConn is the same server after the fix: a count of running handlers,
// raised before the go and lowered on the message the handler sends as it
// ends, in the loop that owns the count.
type fixedConn struct {
	curHandlers   uint32
	advMaxStreams uint32
	unstarted     []func()
	serveMsgCh    chan any
}

var handlerDoneMsg = new(int)

func (sc *fixedConn) processHeaders(f *http2.MetaHeadersFrame) error {
	sc.scheduleHandler()
	return nil
}

func (sc *fixedConn) scheduleHandler() {
	if sc.curHandlers < sc.advMaxStreams {
		sc.curHandlers++
		go sc.runHandler()
		return
	}
	sc.unstarted = append(sc.unstarted, sc.runHandler)
}

func (sc *fixedConn) runHandler() {
	defer sc.sendServeMsg(handlerDoneMsg)
}

func (sc *fixedConn) sendServeMsg(msg any) { sc.serveMsgCh <- msg }

func (sc *fixedConn) serve() {
	for msg := range sc.serveMsgCh {
		switch msg {
		case handlerDoneMsg:
			sc.handlerDone()
		}
	}
}

func (sc *fixedConn) handlerDone() { sc.curHandlers-- }

// brokenConn schedules through a helper with no limit at all: reported at
// the call in the function run per HEADERS frame.
type brokenConn struct{}

func (sc *brokenConn) processHeaders(f *http2.MetaHeadersFrame) error { // want processHeaders:`starts a goroutine nobody awaits: \(\*streams.brokenConn\).scheduleHandler → go sc.runHandler\(\) \(http2.go:117\)`
	sc.scheduleHandler() // want `\(\*brokenConn\).processHeaders calls sc.scheduleHandler once per HEADERS frame, .*, which starts a goroutine with no bound \(at http2.go:\d+\)`
	return nil
}

func (sc *brokenConn) scheduleHandler() { // want scheduleHandler:`starts a goroutine nobody awaits: go sc.runHandler\(\) \(http2.go:117\)`
	go sc.runHandler()
}

func (sc *brokenConn) runHandler() {}

// leakyConn counts handlers as fixedConn does, but the message its handler
// sends as it ends does not lower the count: a stream's close does.
type leakyConn struct {
	curHandlers   uint32
	advMaxStreams uint32
	serveMsgCh    chan any
}

var streamDoneMsg = new(int)

func (sc *leakyConn) processHeaders(f *http2.MetaHeadersFrame) error {
	if sc.curHandlers < sc.advMaxStreams {
		sc.curHandlers++
		go sc.runHandler() // want `the limit curHandlers is released in \(\*leakyConn\).closeStream, not by the goroutine when it ends`
	}
	return nil
}

func (sc *leakyConn) runHandler() { sc.serveMsgCh <- streamDoneMsg }

func (sc *leakyConn) serve() {
	for msg := range sc.serveMsgCh {
		switch msg {
		case streamDoneMsg:
			sc.flush()
		}
	}
}

func (sc *leakyConn) flush()       {}
func (sc *leakyConn) closeStream() { sc.curHandlers-- }

func process(f http2.Frame) {}

// A goroutine per frame of any type.
func framerPerFrame(fr *http2.Framer) { // want framerPerFrame:"spawns one goroutine per element of param 0"
	for {
		f, err := fr.ReadFrame()
		if err != nil {
			return
		}
		go process(f) // want `framerPerFrame starts one goroutine per frame read by \(\*http2.Framer\).ReadFrame, with no bound`
	}
}
