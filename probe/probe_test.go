package probe_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"runtime/trace"
	"sync"
	"testing"
	"time"

	"github.com/concurlint/concurlint/internal/leakprof"
	"github.com/concurlint/concurlint/internal/tracestats"
	"github.com/concurlint/concurlint/probe"
)

// spawn starts n goroutines that sleep briefly, from one go statement.
func spawn(n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() { // the site that the tests look for
			defer wg.Done()
			time.Sleep(time.Millisecond)
		}()
	}
	wg.Wait()
}

// siteIn reads a trace and returns the site of spawn's go statement.
func siteIn(t *testing.T, data []byte) *tracestats.Site {
	t.Helper()
	st, err := tracestats.Read(bytes.NewReader(data), tracestats.Options{})
	if err != nil {
		t.Fatalf("reading the trace: %v", err)
	}
	for _, s := range st.Sites {
		if s.Function == "github.com/concurlint/concurlint/probe_test.spawn" {
			return s
		}
	}
	t.Fatalf("no site in spawn among %d sites", len(st.Sites))
	return nil
}

func TestTrace(t *testing.T) {
	if trace.IsEnabled() {
		t.Skip("the test binary is already being traced")
	}
	dir := filepath.Join(t.TempDir(), "traces")
	var path string
	t.Run("load/heavy", func(t *testing.T) {
		path = probe.Trace(t, dir)
		spawn(20)
	})
	if want := filepath.Join(dir, "TestTrace_load_heavy.trace"); path != want {
		t.Fatalf("Trace returned %q, want %q", path, want)
	}
	if trace.IsEnabled() {
		t.Fatal("tracing still on after the subtest ended")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if s := siteIn(t, data); s.Created != 20 || s.SleepNS == 0 {
		t.Errorf("site %s: created %d, sleep %dns; want 20 goroutines that slept", s.Posn, s.Created, s.SleepNS)
	}
}

func TestTraceNoDir(t *testing.T) {
	if got := probe.Trace(t, ""); got != "" {
		t.Errorf("Trace(t, \"\") = %q, want no trace", got)
	}
}

func TestHandler(t *testing.T) {
	fr := trace.NewFlightRecorder(trace.FlightRecorderConfig{MinAge: time.Second, MaxBytes: 8 << 20})
	h := probe.Handler(fr)

	get := func(method string) *httptest.ResponseRecorder {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(method, "/debug/concurlint/trace", nil))
		return w
	}
	if w := get(http.MethodGet); w.Code != http.StatusServiceUnavailable {
		t.Errorf("before Start: status %d, want 503", w.Code)
	}
	if err := fr.Start(); err != nil {
		t.Fatal(err)
	}
	spawn(10)
	w := get(http.MethodGet)
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, want 200: %s", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/octet-stream" {
		t.Errorf("Content-Type %q", ct)
	}
	if s := siteIn(t, w.Body.Bytes()); s.Created != 10 {
		t.Errorf("site %s: created %d, want 10", s.Posn, s.Created)
	}
	if w := get(http.MethodDelete); w.Code != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: status %d, want 405", w.Code)
	}
	fr.Stop()
	if w := get(http.MethodGet); w.Code != http.StatusServiceUnavailable {
		t.Errorf("after Stop: status %d, want 503", w.Code)
	}
}

// leakSends starts n goroutines that block forever sending on a channel
// nobody receives from.
func leakSends(n int) {
	ch := make(chan int)
	for range n {
		//concurlint:ignore unawaited the leak that the tests look for
		go func() { ch <- 1 }()
	}
}

const leakDirEnv = "PROBE_TEST_LEAK_DIR"

// TestLeakChild is run by TestLeaks in a Go 1.27 test binary: it records a
// test that leaks, and asks the leak handler for its profile.
func TestLeakChild(t *testing.T) {
	dir := os.Getenv(leakDirEnv)
	if dir == "" {
		t.Skip("run by TestLeaks")
	}
	t.Run("leaky", func(t *testing.T) {
		probe.Trace(t, dir)
		leakSends(5)
		time.Sleep(10 * time.Millisecond)
	})
	w := httptest.NewRecorder()
	probe.LeakHandler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/debug/concurlint/leaks?debug=2", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("leak handler: status %d: %s", w.Code, w.Body)
	}
	if err := os.WriteFile(filepath.Join(dir, "handler.txt"), w.Body.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLeaks runs TestLeakChild with Go 1.27 and reads the leak profiles
// that Trace and LeakHandler wrote.
func TestLeaks(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the tests with Go 1.27")
	}
	dir := t.TempDir()
	cmd := exec.Command("go", "test", "-count=1", "-run", "^TestLeakChild$", ".")
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=go1.27.3", leakDirEnv+"="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		if bytes.Contains(out, []byte("toolchain")) {
			t.Skipf("Go 1.27.3 unavailable: %v\n%s", err, out)
		}
		t.Fatalf("go test with Go 1.27.3: %v\n%s", err, out)
	}
	for _, name := range []string{"TestLeakChild_leaky.leaks", "handler.txt"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		p, err := leakprof.Read(f, tracestats.Options{})
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		found := false
		for _, l := range p.Leaks {
			if l.Start.Func == "github.com/concurlint/concurlint/probe_test.leakSends.func1" && l.Count == 5 && l.Reason == "chan send" {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no 5 goroutines leaked in leakSends among %d leaks", name, len(p.Leaks))
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "TestLeakChild_leaky.trace")); err != nil {
		t.Errorf("no trace beside the leak profile: %v", err)
	}
}

// TestLeakHandlerUnsupported checks the answer of a runtime without the
// profile, and the methods.
func TestLeakHandlerUnsupported(t *testing.T) {
	w := httptest.NewRecorder()
	probe.LeakHandler().ServeHTTP(w, httptest.NewRequest(http.MethodDelete, "/", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("DELETE: status %d, want 405", w.Code)
	}
	if pprof.Lookup("goroutineleak") != nil {
		t.Skip("this runtime has the leak profile")
	}
	w = httptest.NewRecorder()
	probe.LeakHandler().ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/", nil))
	if w.Code != http.StatusNotImplemented {
		t.Errorf("status %d, want 501", w.Code)
	}
}
