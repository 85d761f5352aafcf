// Package streamflag has a multiplexer of its own, named with
// -unboundedgo.streams: its Accept in a loop, and its callback.
package streamflag

type Stream struct{}

type Mux struct{}

func (m *Mux) Accept() (*Stream, error)        { return nil, nil }
func (m *Mux) OnStream(handle func(s *Stream)) {}
func (m *Mux) Other() (*Stream, error)         { return nil, nil }

func serve(s *Stream) {}

func acceptLoop(m *Mux) {
	for {
		s, err := m.Accept()
		if err != nil {
			return
		}
		go serve(s) // want `acceptLoop starts one goroutine per stream accepted by \(\*streamflag.Mux\).Accept, with no bound`
	}
}

func callback(m *Mux) {
	m.OnStream(func(s *Stream) {
		go serve(s) // want `func literal in callback starts one goroutine per stream handed to the callback of \(\*streamflag.Mux\).OnStream`
	})
}

// A call the flag does not name.
func other(m *Mux) { // want other:"spawns one goroutine per element of param 0"
	for {
		s, err := m.Other()
		if err != nil {
			return
		}
		go serve(s)
	}
}
