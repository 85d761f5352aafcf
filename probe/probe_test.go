package probe_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/trace"
	"sync"
	"testing"
	"time"

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
