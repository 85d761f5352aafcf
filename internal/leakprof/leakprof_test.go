package leakprof

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/concurlint/concurlint/internal/tracestats"
)

// toolchains are the Go toolchains whose leak profiles are read: Go 1.27
// (where the profile is generally available) and the installed Go with the
// experiment of Go 1.26.
var toolchains = []struct {
	name string
	env  []string
}{
	{"go1.27", []string{"GOTOOLCHAIN=go1.27.3"}},
	{"go1.26+experiment", []string{"GOTOOLCHAIN=local", "GOEXPERIMENT=goroutineleakprofile"}},
}

// leakyProfiles builds testdata/confirm/leaky with a toolchain and runs it,
// writing its leak profile in both forms. It skips the test when the
// toolchain cannot be had (no network for Go 1.27, or a Go without the
// experiment).
func leakyProfiles(t *testing.T, env []string) (pprofForm, textForm []byte, src string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs a leaking program")
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "confirm", "leaky"))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	bin := filepath.Join(tmp, "leaky")
	build := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	build.Dir, build.Env = dir, append(os.Environ(), env...)
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("cannot build with %v (toolchain unavailable?): %v\n%s", env, err, out)
	}
	var forms [2][]byte
	for i, debug := range []string{"0", "2"} {
		name := filepath.Join(tmp, "leaks."+debug)
		if out, err := exec.CommandContext(ctx, bin, "-leaks", name, "-debug", debug).CombinedOutput(); err != nil {
			if bytes.Contains(out, []byte("no goroutineleak profile")) {
				t.Skipf("the runtime built with %v has no goroutineleak profile", env)
			}
			t.Fatalf("running leaky: %v\n%s", err, out)
		}
		if forms[i], err = os.ReadFile(name); err != nil {
			t.Fatal(err)
		}
	}
	return forms[0], forms[1], filepath.Join(dir, "main.go")
}

// leakLines finds the "leak:NAME" comments of the leaky program.
func leakLines(t *testing.T, src string) map[string]int {
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]int{}
	for i, line := range strings.Split(string(data), "\n") {
		if _, name, ok := strings.Cut(line, "// leak:"); ok {
			lines[name] = i + 1
		}
	}
	return lines
}

// TestRead reads the leak profiles of a program that leaks 10 goroutines at
// each of three go statements, per call: a func literal blocked in a send,
// a named function started with arguments (20, two per call), a func
// literal blocked in a receive.
func TestRead(t *testing.T) {
	for _, tc := range toolchains {
		t.Run(tc.name, func(t *testing.T) {
			pb, text, src := leakyProfiles(t, tc.env)
			lines := leakLines(t, src)
			for _, form := range []struct {
				name string
				data []byte
			}{{"pprof", pb}, {"debug=2", text}} {
				p, err := Read(bytes.NewReader(form.data), tracestats.Options{})
				if err != nil {
					t.Fatalf("%s: %v", form.name, err)
				}
				if p.Format != form.name || p.Total != 40 {
					t.Errorf("%s: format %s, %d goroutines leaked; want 40", form.name, p.Format, p.Total)
				}
				want := map[string]string{ // start function -> reason, count, go statement
					"main.withTimeout.func1": fmt.Sprintf("chan send 10 %d", lines["timeout"]),
					"main.produce":           fmt.Sprintf("chan send 20 %d", lines["first"]),
					"main.watch.func1":       fmt.Sprintf("chan receive 10 %d", lines["watch"]),
				}
				got := map[string]string{}
				for _, l := range p.Leaks {
					if l.Start.File != src || l.Blocked.File != src {
						t.Errorf("%s: leak %+v: frames outside %s", form.name, l, src)
					}
					goLine := l.CreatedBy.Line
					if form.name == "pprof" {
						// No go statement in this form: a func literal's first
						// line is its go statement's.
						goLine = l.Start.StartLine
						if l.Start.Func == "main.produce" {
							goLine = lines["first"]
						}
					}
					got[l.Start.Func] = fmt.Sprintf("%s %d %d", l.Reason, l.Count, goLine)
				}
				for fn, w := range want {
					if got[fn] != w {
						t.Errorf("%s: %s: got %q, want %q (reason, count, go statement line)", form.name, fn, got[fn], w)
					}
				}
			}
		})
	}
}

// TestBadInput checks that what is not a readable leak profile is a
// one-line error.
func TestBadInput(t *testing.T) {
	var heap, gz bytes.Buffer
	if err := pprof.Lookup("heap").WriteTo(&heap, 0); err != nil {
		t.Fatal(err)
	}
	var debug1 bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&debug1, 1); err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("not a profile"))
	zw.Close()
	for _, tc := range []struct{ name, data, want string }{
		{"empty", "", "empty file"},
		{"text", "hello\n", "not a goroutine leak profile"},
		{"gzipped junk", gz.String(), "not a goroutine leak profile"},
		{"heap profile", heap.String(), "not a goroutineleak profile"},
		{"debug=1 text", strings.Replace(debug1.String(), "goroutine profile", "goroutineleak profile", 1), "no function names"},
		{"bad dump", "goroutine 1 [chan send (leaked)]:\nmain.f()\n\tnot a position\n", "bad frame position"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Read(strings.NewReader(tc.data), tracestats.Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %v; want one line with %q", err, tc.want)
			}
		})
	}
}

// TestDump reads a hand-written goroutine dump: leaked goroutines only, the
// wait reason without its duration, the blocked frame outside the standard
// library, the created-by frame.
func TestDump(t *testing.T) {
	const dump = `goroutine 1 [running]:
main.main()
	/src/app/main.go:10 +0x1

goroutine 7 [sync.WaitGroup.Wait (leaked), 3 minutes]:
sync.runtime_SemacquireWaitGroup(0x0?, 0x0?)
	/go/src/runtime/sema.go:114 +0x2e
sync.(*WaitGroup).Wait(0x1)
	/go/src/sync/waitgroup.go:206 +0x85
main.(*server).drain.func1()
	/src/app/main.go:27 +0x17
created by main.(*server).drain in goroutine 1
	/src/app/main.go:26 +0x7a

goroutine 9 [chan send (leaked)]:
main.fetchAll.func1()
	/src/app/fetch.go:12 +0x1
golang.org/x/sync/errgroup.(*Group).Go.func1()
	/mod/golang.org/x/sync@v0.24.0/errgroup/errgroup.go:93 +0x50
created by golang.org/x/sync/errgroup.(*Group).Go in goroutine 1
	/mod/golang.org/x/sync@v0.24.0/errgroup/errgroup.go:78 +0x93

goroutine 8 [select]:
main.loop()
	/src/app/main.go:40 +0x1
created by main.main in goroutine 1
	/src/app/main.go:12 +0x1
`
	p, err := Read(strings.NewReader(dump), tracestats.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Leaks) != 2 || p.Total != 2 {
		t.Fatalf("%d leaks, %d goroutines; want the two leaked goroutines", len(p.Leaks), p.Total)
	}
	l := p.Leaks[0]
	if l.Reason != "sync.WaitGroup.Wait" || l.Blocked.String() != "main.(*server).drain.func1 /src/app/main.go:27" ||
		l.CreatedBy.String() != "main.(*server).drain /src/app/main.go:26" {
		t.Errorf("leak %+v", l)
	}
	// Started by errgroup: the start is the user's func literal.
	if l := p.Leaks[1]; l.Start.String() != "main.fetchAll.func1 /src/app/fetch.go:12" {
		t.Errorf("errgroup leak starts in %s, want main.fetchAll.func1", l.Start)
	}
}

// BenchmarkReadDump reads a debug=2 dump of 10,000 leaked goroutines, at
// 100 go statements.
func BenchmarkReadDump(b *testing.B) {
	var dump bytes.Buffer
	for i := range 10000 {
		fmt.Fprintf(&dump, "goroutine %d [chan send (leaked)]:\nmain.worker%d(...)\n\t/src/app/main.go:%d\ncreated by main.start in goroutine 1\n\t/src/app/main.go:%d +0x67\n\n",
			i+10, i%100, 1000+i%100, 10+i%100)
	}
	b.SetBytes(int64(dump.Len()))
	b.ReportAllocs()
	for b.Loop() {
		p, err := Read(bytes.NewReader(dump.Bytes()), tracestats.Options{})
		if err != nil || p.Total != 10000 || len(p.Leaks) != 100 {
			b.Fatalf("%v: %d goroutines in %d leaks", err, p.Total, len(p.Leaks))
		}
	}
}

// FuzzRead checks that no input makes Read panic.
func FuzzRead(f *testing.F) {
	var goroutines bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&goroutines, 0); err != nil {
		f.Fatal(err)
	}
	f.Add(goroutines.Bytes())
	f.Add([]byte("goroutine 7 [chan send (leaked)]:\nmain.f()\n\t/a.go:3 +0x1\ncreated by main.g in goroutine 1\n\t/a.go:2 +0x1\n"))
	f.Add([]byte("goroutine 7 [select (leaked)]:\n\t/a.go:3\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		Read(bytes.NewReader(data), tracestats.Options{})
	})
}
