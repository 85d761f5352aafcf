// Package probe records execution traces for concurlint confirm, which
// measures concurlint's findings in a real run.
//
// In tests, Trace records a trace of one test into a directory that you name:
//
//	func TestLoad(t *testing.T) {
//		probe.Trace(t, os.Getenv("TRACE_DIR")) // no-op when TRACE_DIR is empty
//		...
//	}
//
//	TRACE_DIR=/tmp/traces go test -run TestLoad ./server
//	concurlint confirm -trace /tmp/traces/TestLoad.trace -leaks /tmp/traces/TestLoad.leaks ./...
//
// Where the runtime has the goroutine leak profile (Go 1.27, or Go 1.26 built
// with GOEXPERIMENT=goroutineleakprofile), Trace also writes it when the test
// ends, beside the trace: the goroutines the test leaked.
//
// In production, Handler serves snapshots of a runtime/trace.FlightRecorder,
// which keeps the last few seconds of the execution trace in memory:
//
//	fr := trace.NewFlightRecorder(trace.FlightRecorderConfig{MinAge: 5 * time.Second})
//	if err := fr.Start(); err != nil { ... }
//	admin.Handle("/debug/concurlint/trace", requireAdmin(probe.Handler(fr)))
//
//	curl -o snap.trace https://host/debug/concurlint/trace
//	concurlint confirm -trace snap.trace ./...
//
// LeakHandler serves the goroutine leak profile beside it:
//
//	admin.Handle("/debug/concurlint/leaks", requireAdmin(probe.LeakHandler()))
//
//	curl -o snap.leaks https://host/debug/concurlint/leaks
//	concurlint confirm -trace snap.trace -leaks snap.leaks ./...
//
// A trace shows what every goroutine did and the stacks where it blocked,
// including function names, file paths and the timing of requests: never
// expose the handler publicly. Mount it on an internal listener or behind your
// own authentication, as you would net/http/pprof.
package probe

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"time"
)

// TB is the part of testing.TB that Trace uses; *testing.T and *testing.B
// satisfy it. (The package does not import testing, so that production code
// can use Handler without linking it.)
type TB interface {
	Helper()
	Name() string
	Cleanup(func())
	Logf(format string, args ...any)
	Fatalf(format string, args ...any)
}

var unsafeChars = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

// Trace records an execution trace of the rest of the test into
// dir/NAME.trace, where NAME is the test's name with every character that is
// not a letter, digit, '.', '_' or '-' replaced by '_'. Tracing stops when
// the test and its subtests end. Trace returns the file's path.
//
// Where the runtime has the goroutine leak profile, Trace also writes it to
// dir/NAME.leaks (pprof format) when the test ends, after tracing stops: the
// goroutines blocked forever at that point, for concurlint confirm -leaks.
//
// With an empty dir, Trace does nothing and returns "". If the process is
// already being traced (go test -trace), Trace logs that and returns "": the
// whole run's trace holds the test too. It still writes the leak profile.
func Trace(tb TB, dir string) string {
	tb.Helper()
	if dir == "" {
		return ""
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		tb.Fatalf("probe: %v", err)
	}
	base := filepath.Join(dir, unsafeChars.ReplaceAllString(tb.Name(), "_"))
	if leaks := pprof.Lookup(leakProfile); leaks != nil {
		// Registered first, so run last: after tracing stops.
		tb.Cleanup(func() { writeLeaks(tb, leaks, base+".leaks") })
	}
	if trace.IsEnabled() {
		tb.Logf("probe: the process is already being traced; not recording %s separately", tb.Name())
		return ""
	}
	name := base + ".trace"
	f, err := os.Create(name)
	if err != nil {
		tb.Fatalf("probe: %v", err)
	}
	if err := trace.Start(f); err != nil {
		f.Close()
		tb.Fatalf("probe: starting the trace: %v", err)
	}
	tb.Cleanup(func() {
		trace.Stop()
		if err := f.Close(); err != nil {
			tb.Logf("probe: writing %s: %v", name, err)
		}
	})
	return name
}

// leakProfile is the runtime/pprof profile of leaked goroutines (Go 1.27;
// Go 1.26 with GOEXPERIMENT=goroutineleakprofile).
const leakProfile = "goroutineleak"

func writeLeaks(tb TB, p *pprof.Profile, name string) {
	f, err := os.Create(name)
	if err == nil {
		err = p.WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		tb.Logf("probe: writing the leak profile %s: %v", name, err)
	}
}

// Handler returns an http.Handler that answers GET (and POST) requests with a
// snapshot of the flight recorder: an execution trace of the last moments of
// the process, for concurlint confirm or go tool trace. It answers 503 when
// the recorder is not running, 429 when another snapshot is being taken.
//
// The snapshot reveals the program's internals: serve it only behind your own
// authentication or on an internal listener, never publicly.
func Handler(fr *trace.FlightRecorder) http.Handler {
	return &handler{fr: fr}
}

type handler struct {
	fr *trace.FlightRecorder
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if h.fr == nil || !h.fr.Enabled() {
		http.Error(w, "the flight recorder is not running", http.StatusServiceUnavailable)
		return
	}
	// The snapshot goes to memory first, so that a failure is an HTTP
	// error rather than a truncated trace; a flight recorder's window is
	// bounded (FlightRecorderConfig.MaxBytes).
	var buf bytes.Buffer
	if _, err := h.fr.WriteTo(&buf); err != nil {
		// WriteTo fails when another snapshot is in progress, or when the
		// recorder stopped meanwhile.
		if !h.fr.Enabled() {
			http.Error(w, "the flight recorder is not running", http.StatusServiceUnavailable)
			return
		}
		http.Error(w, fmt.Sprintf("snapshot failed: %v", err), http.StatusTooManyRequests)
		return
	}
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Content-Disposition",
		fmt.Sprintf(`attachment; filename="flight-%s.trace"`, time.Now().UTC().Format("20060102T150405Z")))
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}

// LeakHandler returns an http.Handler that answers GET (and POST) requests
// with the runtime's goroutine leak profile, in pprof format, or as text
// with "created by" frames for ?debug=2: the goroutines blocked forever, for
// concurlint confirm -leaks. Taking it runs a garbage collection. It answers
// 501 when the runtime has no such profile (before Go 1.27, unless built
// with GOEXPERIMENT=goroutineleakprofile).
//
// Like the trace, the profile reveals the program's internals: serve it only
// behind your own authentication or on an internal listener.
func LeakHandler() http.Handler {
	return http.HandlerFunc(serveLeaks)
}

func serveLeaks(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := pprof.Lookup(leakProfile)
	if p == nil {
		http.Error(w, "this runtime has no goroutine leak profile (Go 1.27, or Go 1.26 with GOEXPERIMENT=goroutineleakprofile)", http.StatusNotImplemented)
		return
	}
	debug := 0
	if r.FormValue("debug") == "2" {
		debug = 2
	}
	var buf bytes.Buffer
	if err := p.WriteTo(&buf, debug); err != nil {
		http.Error(w, fmt.Sprintf("writing the leak profile: %v", err), http.StatusInternalServerError)
		return
	}
	if debug == 2 {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	} else {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Disposition",
			fmt.Sprintf(`attachment; filename="leaks-%s.pb.gz"`, time.Now().UTC().Format("20060102T150405Z")))
	}
	w.Header().Set("Cache-Control", "no-store")
	w.Write(buf.Bytes())
}
