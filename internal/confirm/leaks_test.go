package confirm

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/leakprof"
	"github.com/concurlint/concurlint/internal/vettooltest"
)

// leaky is testdata/confirm/leaky built with Go 1.27, whose leak profile is
// generally available.
type leaky struct {
	dir, bin, tmp string
}

// buildLeaky builds the leaky program with Go 1.27 and the build flags, or
// skips the test when that toolchain cannot be had.
func buildLeaky(t *testing.T, flags ...string) *leaky {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs a leaking program")
	}
	dir, err := filepath.Abs(filepath.Join("..", "..", "testdata", "confirm", "leaky"))
	if err != nil {
		t.Fatal(err)
	}
	l := &leaky{dir: dir, tmp: t.TempDir()}
	l.bin = filepath.Join(l.tmp, "leaky")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, "go", append(append([]string{"build", "-o", l.bin}, flags...), ".")...)
	build.Dir, build.Env = dir, append(os.Environ(), "GOTOOLCHAIN=go1.27.3")
	if out, err := build.CombinedOutput(); err != nil {
		t.Skipf("cannot build with Go 1.27.3 (toolchain unavailable?): %v\n%s", err, out)
	}
	return l
}

// run runs the program with its flags and returns the path of each output
// file flag's file, in the order given.
func (l *leaky) run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out := filepath.Join(l.tmp, name)
	for i, a := range args {
		if a == "OUT" {
			args[i] = out
		}
	}
	if msg, err := exec.Command(l.bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("running leaky %v: %v\n%s", args, err, msg)
	}
	return out
}

func confirmMain(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = Main(vettooltest.Tool(), analyzers.All(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestLeaks confirms the leaky program's two unawaited findings with its
// leak profile, in both forms, and lists the third leak, which no analyzer
// reports; -fail turns confirmed findings into exit status 3.
func TestLeaks(t *testing.T) {
	l := buildLeaky(t)
	for _, debug := range []string{"0", "2"} {
		t.Run("debug="+debug, func(t *testing.T) {
			prof := l.run(t, "leaks."+debug, "-leaks", "OUT", "-debug", debug)
			code, out, errOut := confirmMain("-leaks", prof, "-fail", l.dir)
			if code != exitConfirmed {
				t.Fatalf("-fail: exit %d, want %d; stderr %s", code, exitConfirmed, errOut)
			}
			for _, want := range []string{
				"leak profile " + prof + ": 40 goroutines leaked; 2 findings, 2 confirmed",
				"10 goroutines leaked (runtime leak profile), blocked in chan send at main.go:69 (main.withTimeout.func1).",
				"20 goroutines leaked (runtime leak profile), blocked in chan send at main.go:94 (main.produce).",
				"LEAKS NOBODY REPORTED",
				"10 goroutines blocked in chan receive at ",
			} {
				if !strings.Contains(out, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if code, _, _ := confirmMain("-leaks", prof, l.dir); code != exitOK {
				t.Errorf("without -fail: exit %d, want 0", code)
			}
		})
	}

	// A run with no leaks: nothing is confirmed, -fail exits 0.
	none := l.run(t, "none", "-leaks", "OUT", "-n", "0")
	code, out, errOut := confirmMain("-leaks", none, "-fail", "-json", l.dir)
	if code != exitOK {
		t.Fatalf("no leaks, -fail: exit %d, want 0; stderr %s", code, errOut)
	}
	var got struct {
		Findings   []Finding        `json:"findings"`
		Unreported []map[string]any `json:"leaks_nobody_reported"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Findings) != 2 || len(got.Unreported) != 0 {
		t.Fatalf("no leaks: %d findings, %d leaks nobody reported; want 2 and 0", len(got.Findings), len(got.Unreported))
	}
	for _, f := range got.Findings {
		if f.Verdict != NotObserved {
			t.Errorf("no leaks: %s %s, want %s", f.Posn, f.Verdict, NotObserved)
		}
	}
}

// TestLeaksWithTrace gives both inputs: the leak profile decides the
// unawaited findings, the trace draws the sites.
func TestLeaksWithTrace(t *testing.T) {
	l := buildLeaky(t)
	prof := l.run(t, "leaks", "-leaks", "OUT")
	trace := l.run(t, "trace", "-trace", "OUT")
	code, out, errOut := confirmMain("-leaks", prof, "-trace", trace, l.dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"trace " + trace + ": ", "leak profile " + prof + ": 40 goroutines leaked; 2 findings, 2 confirmed", "SITES (goroutine time by state"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

// TestForeign checks that a trace or leak profile of another program is a
// one-line error, exit 1.
func TestForeign(t *testing.T) {
	l := buildLeaky(t)
	misuse := traced(t, "misuse")
	prof := l.run(t, "leaks", "-leaks", "OUT")
	for _, tc := range []struct{ name, flag, file, dir, want string }{
		{"trace", "-trace", misuse.trace, l.dir, "the trace ran none of the analysed code: was it recorded from this module?"},
		{"leak profile", "-leaks", prof, misuse.dir, "none of its goroutines ran the analysed code: was it recorded from this module?"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := confirmMain(tc.flag, tc.file, tc.dir)
			if code != exitError || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 || out != "" {
				t.Errorf("exit %d, stderr %q, stdout %q; want exit 1 and one line with %q", code, errOut, out, tc.want)
			}
		})
	}
}

// TestTrimpath reads a trace and a leak profile of a -trimpath build, whose
// files are named by module path: they match after replacing the module
// path by the module's directory, and the output says so.
func TestTrimpath(t *testing.T) {
	l := buildLeaky(t, "-trimpath")
	prof := l.run(t, "leaks", "-leaks", "OUT")
	trace := l.run(t, "trace", "-trace", "OUT")
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := confirmMain("-leaks", prof, "-trace", trace, l.dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, input := range []string{"trace", "leak profile"} {
		want := "note: the " + input + `'s paths matched the analysed files after replacing the prefix "github.com/concurlint/concurlint/" with "` + root + `/"`
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "2 findings, 2 confirmed") || !strings.Contains(out, "main.go:88 main.firstOf") {
		t.Errorf("findings not confirmed, or sites not matched:\n%s", out)
	}
}

// TestHTMLScale checks that the bars of all sites share one scale: each
// bar's length is its site's goroutine time over the busiest site's, and
// the page gives the trace's wall time and the wait reasons of the
// goroutines blocked at the end.
func TestHTMLScale(t *testing.T) {
	p := traced(t, "misuse")
	html := filepath.Join(t.TempDir(), "report.html")
	if code, _, errOut := confirmMain("-trace", p.trace, "-html", html, "-sites", "0", p.dir); code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	page, err := os.ReadFile(html)
	if err != nil {
		t.Fatal(err)
	}
	rowRE := regexp.MustCompile(`(?s)<tr data-total="(\d+)".*?</tr>`)
	widthRE := regexp.MustCompile(`style="width:([0-9.]+)%"`)
	rows := rowRE.FindAllSubmatch(page, -1)
	if len(rows) != len(p.stats.Sites) {
		t.Fatalf("%d rows, want one per site (%d)", len(rows), len(p.stats.Sites))
	}
	var busiest int64
	for _, s := range p.stats.Sites {
		busiest = max(busiest, s.TotalNS())
	}
	for _, row := range rows {
		total, _ := strconv.ParseInt(string(row[1]), 10, 64)
		sum := 0.0
		for _, w := range widthRE.FindAllSubmatch(row[0], -1) {
			f, _ := strconv.ParseFloat(string(w[1]), 64)
			sum += f
		}
		if want := 100 * float64(total) / float64(busiest); sum < want-0.01 || sum > want+0.01 {
			t.Errorf("row with %d ns: bar of %.3f%%, want %.3f%% (its time over the busiest site's)", total, sum, want)
		}
	}
	for _, want := range []string{`id="time">Wall time of the trace: <b>`, "goroutine-seconds", `id="reasons"`, "<td>chan send</td><td>80</td>", `<button data-key="blocked">`} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("page lacks %q", want)
		}
	}
}

// TestJudgeLeaks joins leaks to findings by each key the forms give, and
// judges by where the goroutines block.
func TestJudgeLeaks(t *testing.T) {
	const file = "/src/app/main.go"
	at := func(fn string, line int) leakprof.Frame { return leakprof.Frame{Func: fn, File: file, Line: line} }
	finding := func(line int, related ...int) *Finding {
		f := &Finding{Analyzer: "unawaited", Pos: Position{file, line, 2}}
		for _, r := range related {
			f.Related = append(f.Related, Position{file, r, 3})
		}
		return f
	}
	for _, tc := range []struct {
		name    string
		leak    leakprof.Leak
		finding *Finding
		verdict string
	}{
		{"created by (debug=2)", leakprof.Leak{Reason: "chan send", Blocked: at("main.f.func1", 11), Start: at("main.f.func1", 11), CreatedBy: at("main.f", 10)}, finding(10), Confirmed},
		{"func literal's first line (pprof)", leakprof.Leak{Reason: "select", Blocked: at("main.f.func1", 12), Start: leakprof.Frame{Func: "main.f.func1", File: file, Line: 12, StartLine: 10}}, finding(10), Confirmed},
		{"blocked at the related send (channel field)", leakprof.Leak{Reason: "chan send", Blocked: at("main.(*w).run", 40), Start: at("main.(*w).run", 40)}, finding(5, 40), Confirmed},
		{"leaked in a lock before the send", leakprof.Leak{Reason: "sync.Mutex.Lock", Blocked: at("main.f.func1", 11), Start: at("main.f.func1", 11), CreatedBy: at("main.f", 10)}, finding(10), NotConfirmed},
		{"another go statement", leakprof.Leak{Reason: "chan send", Blocked: at("main.g.func1", 21), Start: leakprof.Frame{Func: "main.g.func1", File: file, Line: 21, StartLine: 20}, CreatedBy: at("main.g", 20)}, finding(10), NotObserved},
	} {
		t.Run(tc.name, func(t *testing.T) {
			leak := tc.leak
			leak.Count = 3
			unreported := JudgeLeaks([]*Finding{tc.finding}, &leakprof.Profile{Leaks: []*leakprof.Leak{&leak}, Total: 3}, false)
			if tc.finding.Verdict != tc.verdict {
				t.Errorf("verdict %s (%s), want %s", tc.finding.Verdict, tc.finding.Evidence, tc.verdict)
			}
			if joined := tc.verdict != NotObserved; joined != (len(unreported) == 0) {
				t.Errorf("joined %v, but %d leaks nobody reported", joined, len(unreported))
			}
		})
	}
}

// TestReconcile matches recorded paths to the analysed files: as they are,
// from another checkout (another directory), from a -trimpath build (the
// module path), or not at all.
func TestReconcile(t *testing.T) {
	lf := &localFiles{files: map[string]bool{}, byBase: map[string][]string{}, modules: map[string]string{"example.com/app": "/home/me/app"}}
	for _, f := range []string{"/home/me/app/main.go", "/home/me/app/server/server.go", "/home/me/app/server/pool.go"} {
		lf.files[f] = true
		lf.byBase[filepath.Base(f)] = append(lf.byBase[filepath.Base(f)], f)
	}
	for _, tc := range []struct {
		name     string
		recorded []string
		want     prefixMap
		matched  int
	}{
		{"same paths", []string{"/home/me/app/server/pool.go", "/usr/local/go/src/net/http/server.go"}, prefixMap{}, 1},
		{"another checkout", []string{"/ci/build/app/server/pool.go", "/ci/build/app/server/server.go", "/usr/local/go/src/net/http/server.go"}, prefixMap{From: "/ci/build/", To: "/home/me/"}, 2},
		{"-trimpath", []string{"example.com/app/main.go", "example.com/app/server/pool.go", "net/http/server.go"}, prefixMap{From: "example.com/app/", To: "/home/me/app/"}, 2},
		{"foreign", []string{"/src/other/main.go", "/src/other/worker.go"}, prefixMap{}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, n := lf.reconcile(tc.recorded)
			if m != tc.want || n != tc.matched {
				t.Errorf("reconcile: %+v matching %d files, want %+v matching %d", m, n, tc.want, tc.matched)
			}
		})
	}
}
