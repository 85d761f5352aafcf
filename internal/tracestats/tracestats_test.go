package tracestats

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"runtime/trace"
	"strings"
	"sync"
	"testing"
	"time"

	xtrace "golang.org/x/exp/trace"
	"golang.org/x/sync/errgroup"

	"github.com/concurlint/concurlint/internal/blocking"
	"github.com/concurlint/concurlint/internal/funcnames"
)

// The workloads below each start their goroutines from one go statement (or
// errgroup call) whose line carries a "site:" comment; the tests find the
// sites by those comments.

func leak(n int) (release func()) {
	ch := make(chan int)
	for i := range n {
		go func() { ch <- i }() // site:leak
	}
	return func() {
		for range n {
			<-ch
		}
	}
}

func sleepers(n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() { // site:sleep
			defer wg.Done()
			time.Sleep(5 * time.Millisecond)
		}()
	}
	wg.Wait()
}

// waiters each wait for a group of sleepers they start.
func waiters(n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() { // site:waiter
			defer wg.Done()
			var g errgroup.Group
			for range 3 {
				g.Go(func() error { time.Sleep(5 * time.Millisecond); return nil }) // site:waited
			}
			g.Wait()
		}()
	}
	wg.Wait()
}

func lockers(n int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() { // site:lock
			defer wg.Done()
			mu.Lock()
			time.Sleep(time.Millisecond)
			mu.Unlock()
		}()
	}
	wg.Wait()
}

// netReaders read from loopback connections that answer after a delay.
func netReaders(t testing.TB, n int) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				time.Sleep(5 * time.Millisecond)
				c.Write([]byte("x"))
				c.Close()
			}()
		}
	}()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() { // site:net
			defer wg.Done()
			c, err := net.Dial("tcp", ln.Addr().String())
			if err != nil {
				return
			}
			io.ReadAll(c)
			c.Close()
		}()
	}
	wg.Wait()
}

// clients call an HTTP server: they wait in a select inside net/http.
func clients(url string, n int) {
	var g errgroup.Group
	for range n {
		g.Go(func() error { // site:http
			resp, err := http.Get(url)
			if err != nil {
				return err
			}
			defer resp.Body.Close()
			_, err = io.Copy(io.Discard, resp.Body)
			return err
		})
	}
	g.Wait()
}

func spin(n int) {
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() { // site:spin
			defer wg.Done()
			x := 0
			for i := range 3_000_000 {
				x += i * i
			}
			runtime.KeepAlive(x)
		}()
	}
	wg.Wait()
}

// record runs f with tracing on and returns the trace.
func record(t testing.TB, f func()) []byte {
	t.Helper()
	if trace.IsEnabled() {
		t.Skip("the test binary is already being traced")
	}
	var buf bytes.Buffer
	if err := trace.Start(&buf); err != nil {
		t.Fatal(err)
	}
	f()
	trace.Stop()
	return buf.Bytes()
}

var (
	workloadOnce  sync.Once
	workloadTrace []byte
)

// workload records one trace of every workload above, shared by the tests.
func workload(t testing.TB) []byte {
	workloadOnce.Do(func() {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(5 * time.Millisecond)
			io.WriteString(w, "ok")
		}))
		defer srv.Close()
		var release func()
		workloadTrace = record(t, func() {
			sleepers(10)
			waiters(2)
			lockers(5)
			netReaders(t, 4)
			clients(srv.URL, 4)
			spin(8)
			release = leak(7)
			time.Sleep(20 * time.Millisecond) // until the senders block
		})
		release()
	})
	if workloadTrace == nil {
		t.Skip("no trace")
	}
	return workloadTrace
}

// siteLines maps the "site:" comments of this file to their lines.
func siteLines(t testing.TB) map[string]int {
	data, err := os.ReadFile("tracestats_test.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]int{}
	for i, l := range strings.Split(string(data), "\n") {
		if _, name, ok := strings.Cut(l, "// "+"site:"); ok {
			lines[strings.TrimSpace(name)] = i + 1
		}
	}
	return lines
}

func TestRead(t *testing.T) {
	st, err := Read(bytes.NewReader(workload(t)), Options{})
	if err != nil {
		t.Fatal(err)
	}
	sites := map[string]*Site{}
	for name, line := range siteLines(t) {
		for _, s := range st.Sites {
			if s.Line == line && strings.HasSuffix(s.File, "/tracestats_test.go") {
				sites[name] = s
			}
		}
		if sites[name] == nil {
			t.Fatalf("no site for %s at line %d", name, line)
		}
	}
	ms := func(ns int64) time.Duration { return time.Duration(ns) }
	check := func(name string, created int, ok bool, what string) {
		t.Helper()
		s := sites[name]
		if s.Created != created {
			t.Errorf("%s: created %d, want %d", name, s.Created, created)
		}
		if !ok {
			t.Errorf("%s: want %s; got running %v runnable %v syscall %v io %v sync %v sleep %v",
				name, what, ms(s.RunningNS), ms(s.RunnableNS), ms(s.SyscallNS), ms(s.IONS), ms(s.SyncNS), ms(s.SleepNS))
		}
	}
	s := sites["sleep"]
	check("sleep", 10, s.SleepNS >= 10*4*int64(time.Millisecond) && s.Peak == 10, "about 50ms asleep, peak 10")
	// A wait for a group is sync, and group wait; the sites of the
	// goroutines the waiters started are their children.
	s = sites["waiter"]
	check("waiter", 2, s.GroupWaitNS >= 2*4*int64(time.Millisecond) && s.GroupWaitNS <= s.SyncNS &&
		len(s.Children) == 1 && s.Children[0] == sites["waited"], "about 10ms waiting for the group of waited")
	check("waited", 6, sites["waited"].SleepNS >= 6*4*int64(time.Millisecond) && sites["waited"].GroupWaitNS == 0, "asleep, no group wait")
	if sites["sleep"].GroupWaitNS != 0 || len(sites["sleep"].Children) != 0 {
		t.Errorf("sleep: group wait %d, children %v; want none", sites["sleep"].GroupWaitNS, sites["sleep"].Children)
	}
	s = sites["lock"]
	check("lock", 5, s.SyncNS > 0 && s.SleepNS > 0, "time blocked on the mutex")
	s = sites["net"]
	check("net", 4, s.IONS >= 4*3*int64(time.Millisecond), "at least 12ms in network IO")
	// errgroup's frames are skipped: the site is the call of g.Go. The
	// clients wait in a select in net/http: IO, because the blocking table
	// names (*net/http.Client).Do.
	s = sites["http"]
	check("http", 4, s.IONS >= 4*3*int64(time.Millisecond) && s.IONS > 4*s.SyncNS, "mostly IO")
	if s.Function != "github.com/concurlint/concurlint/internal/tracestats.clients" {
		t.Errorf("http site function %q, want the function that calls g.Go", s.Function)
	}
	s = sites["spin"]
	check("spin", 8, s.RunningNS > 0 && s.IONS == 0 && s.SleepNS == 0, "running, no IO")
	s = sites["leak"]
	check("leak", 7, s.BlockedOnChannel() == 7, "7 blocked on chan send at the end")
	if len(s.BlockedAtEnd) != 1 || s.BlockedAtEnd[0].Reason != "chan send" ||
		!strings.Contains(s.BlockedAtEnd[0].Where, "tracestats.leak.func1 ") {
		t.Errorf("leak: blocked at end %+v, want 7 in chan send in leak.func1", s.BlockedAtEnd)
	}
	for _, s := range sites {
		if s.TotalNS() == 0 {
			t.Errorf("%s: no time", s.Posn)
		}
	}
	for _, s := range st.Sites {
		if strings.HasPrefix(s.Function, "runtime.") {
			t.Errorf("site %s in the runtime: %s", s.Posn, s.Function)
		}
	}
	if st.Duration <= 0 || st.Events == 0 {
		t.Errorf("duration %v, %d events", st.Duration, st.Events)
	}
}

// TestBlockingTable: a wait in a call that Options.Blocking adds is IO.
func TestBlockingTable(t *testing.T) {
	data := workload(t)
	line := siteLines(t)["lock"]
	lockSite := func(opts Options) *Site {
		t.Helper()
		st, err := Read(bytes.NewReader(data), opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st.Sites {
			if s.Line == line && strings.HasSuffix(s.File, "/tracestats_test.go") {
				return s
			}
		}
		t.Fatalf("no site at line %d", line)
		return nil
	}
	if s := lockSite(Options{}); s.SyncNS == 0 || s.IONS != 0 {
		t.Errorf("built-in table: lock site io %d sync %d, want all its waits sync", s.IONS, s.SyncNS)
	}
	custom := blocking.NewTable(funcnames.List{"(*sync.Mutex).Lock": true})
	if s := lockSite(Options{Blocking: custom}); s.IONS == 0 || s.SyncNS != 0 {
		t.Errorf("(*sync.Mutex).Lock as blocking: lock site io %d sync %d, want all its waits IO", s.IONS, s.SyncNS)
	}
}

// TestSkip checks that pool libraries are skipped, and that Options.Skip
// adds to them: the goroutines of errgroup's Go belong to the call of Go.
func TestSkip(t *testing.T) {
	data := workload(t)
	saved := PoolLibraries
	defer func() { PoolLibraries = saved }()
	PoolLibraries = nil
	for _, tc := range []struct {
		skip []string
		want string
	}{
		{nil, "golang.org/x/sync/errgroup.(*Group).Go"},
		{[]string{"golang.org/x/sync"}, "github.com/concurlint/concurlint/internal/tracestats.clients"},
	} {
		st, err := Read(bytes.NewReader(data), Options{Skip: tc.skip})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, s := range st.Sites {
			found = found || s.Function == tc.want
		}
		if !found {
			t.Errorf("skip %v: no site in %s", tc.skip, tc.want)
		}
	}
}

// TestPoolLibraryFrames checks frames of libraries that no trace of this
// module can hold: minio's errgroup, whose Go starts the goroutine.
func TestPoolLibraryFrames(t *testing.T) {
	for fn, want := range map[string]bool{
		"github.com/minio/pkg/v3/sync/errgroup.(*Group).Go.func1": true,
		"github.com/minio/pkg/v2/sync/errgroup.(*Group).Go":       true,
		"github.com/minio/pkg/v3/sync.(*Group).Go":                false,
		"github.com/minio/minio/cmd.(*IAMSys).PolicyDBGet":        false,
	} {
		if got := (&Options{}).Skipped(fn, ""); got != want {
			t.Errorf("Skipped(%s) = %v, want %v", fn, got, want)
		}
	}
}

func TestBadInput(t *testing.T) {
	good := workload(t)
	for _, tc := range []struct {
		name, data, want string
	}{
		{"empty", "", "empty file"},
		{"text", "hello, world\n", "not a Go execution trace"},
		{"pprof", "\x1f\x8b\x08\x00\x00\x00\x00\x00", "not a Go execution trace"},
		{"header only", "go 1.26 trace\x00\x00\x00", "empty trace"},
		{"future", "go 1.99 trace\x00\x00\x00" + string(good[16:]), "unsupported trace version go 1.99"},
		{"old", "go 1.21 trace\x00\x00\x00" + string(good[16:]), "unsupported trace version go 1.21"},
		{"truncated", string(good[:len(good)/2]), "truncated or corrupt"},
		{"garbage", "go 1.26 trace\x00\x00\x00" + strings.Repeat("\xff\x01garbage", 100), "trace"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, err := Read(strings.NewReader(tc.data), Options{})
			if err == nil {
				t.Fatalf("no error; read %d sites", len(st.Sites))
			}
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q, want one line containing %q", err, tc.want)
			}
		})
	}
}

// TestTruncations cuts a real trace at many places: every cut gives an error
// or a result, never a panic.
func TestTruncations(t *testing.T) {
	good := workload(t)
	for i := 1; i < 64; i++ {
		n := len(good) * i / 64
		if _, err := Read(bytes.NewReader(good[:n]), Options{}); err == nil && n < len(good) {
			t.Logf("cut at %d of %d bytes read without error", n, len(good))
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte("go 1.26 trace\x00\x00\x00"))
	f.Add([]byte("go 1.26 trace\x00\x00\x00\x01\x02\x03"))
	f.Fuzz(func(t *testing.T, data []byte) {
		Read(bytes.NewReader(data), Options{}) // must not panic
	})
}

var (
	benchOnce  sync.Once
	benchTrace []byte
)

// busy records a trace of a few megabytes: goroutines that pass tokens
// around rings of channels, created and destroyed in rounds, so that the
// trace is mostly goroutine state transitions, like a busy server's.
func busy(b *testing.B) []byte {
	benchOnce.Do(func() {
		benchTrace = record(b, func() {
			for range 40 {
				var wg sync.WaitGroup
				ring := make([]chan int, 50)
				for i := range ring {
					ring[i] = make(chan int)
				}
				for i := range ring {
					wg.Add(1)
					go func() { // a ring node
						defer wg.Done()
						for v := range ring[i] {
							if v > 0 {
								ring[(i+1)%len(ring)] <- v - 1
							} else {
								for _, c := range ring {
									close(c)
								}
							}
						}
					}()
				}
				ring[0] <- 2000
				wg.Wait()
			}
		})
	})
	if benchTrace == nil {
		b.Skip("no trace")
	}
	return benchTrace
}

// BenchmarkRead measures Read on a trace of a few megabytes; compare with
// BenchmarkReadEvents, the cost of the trace parser alone.
func BenchmarkRead(b *testing.B) {
	data := busy(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(bytes.NewReader(data), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadEvents(b *testing.B) {
	data := busy(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := xtrace.NewReader(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := r.ReadEvent(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
}
