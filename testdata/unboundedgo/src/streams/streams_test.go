package streams

import "github.com/hashicorp/yamux"

// A test's server serves the test's own client: not reported.
func serveForTest(sess *yamux.Session) {
	for {
		s, err := sess.AcceptStream()
		if err != nil {
			return
		}
		go serveConn(s)
	}
}
