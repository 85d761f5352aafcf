package vetdriver

import (
	"errors"
	"strings"
	"testing"
)

// stream is what go vet -json writes for a package, its test variant and a
// package whose analyzer failed: one tree per package, one after another.
const stream = `{}
{
	"p [p.test]": {
		"unawaited": [
			{"posn": "/m/p/b.go:3:1", "end": "/m/p/b.go:3:4", "message": "second"},
			{"posn": "/m/p/a.go:10:2", "end": "", "message": "first", "related": [{"posn": "/m/p/a.go:12:1", "end": "", "message": "here"}]}
		]
	}
}
{
	"p": {
		"unawaited": [
			{"posn": "/m/p/a.go:10:2", "end": "", "message": "first"}
		],
		"cpupoolio": []
	},
	"q": {
		"poolsize": {"error": "internal error: boom"}
	}
}
`

func TestDecode(t *testing.T) {
	res, err := decode(strings.NewReader(stream), nil)
	if err == nil || !strings.Contains(err.Error(), "poolsize on q: internal error: boom") {
		t.Errorf("decode: error %v, want the failed analyzer named", err)
	}
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Analyzer+" "+d.Posn+" "+d.Message)
	}
	want := []string{"unawaited /m/p/a.go:10:2 first", "unawaited /m/p/b.go:3:1 second"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics, each once and by position:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Tree) != 3 || len(res.Tree["p"]) != 2 || res.Tree["q"]["poolsize"] == nil {
		t.Errorf("tree has packages %v, want p, p [p.test] and q with all their analyzers", res.Tree)
	}
}

func TestDecodeTruncated(t *testing.T) {
	if _, err := decode(strings.NewReader(stream[:len(stream)/2]), nil); err == nil {
		t.Error("decode of a truncated stream: no error")
	}
}

func TestSplitPosn(t *testing.T) {
	for _, tc := range []struct {
		posn      string
		file      string
		line, col int
	}{
		{"/a/b.go:12:3", "/a/b.go", 12, 3},
		{`C:\a\b.go:12:3`, `C:\a\b.go`, 12, 3},
		{"/a/b.go:12", "/a/b.go", 12, 0},
		{"/a/b.go", "/a/b.go", 0, 0},
	} {
		file, line, col := SplitPosn(tc.posn)
		if file != tc.file || line != tc.line || col != tc.col {
			t.Errorf("SplitPosn(%q) = %q, %d, %d; want %q, %d, %d", tc.posn, file, line, col, tc.file, tc.line, tc.col)
		}
	}
}

// FuzzDecode checks that no output of go vet, however mangled, makes decode
// panic or return a nil diagnostic.
func FuzzDecode(f *testing.F) {
	f.Add(stream)
	f.Add(`{"p": {"a": [{"posn": ":::", "message": ""}]}}`)
	f.Add(`{"p": {"a": {"error": 1}}}`)
	f.Add(`{"p": {"a": [null]}}`)
	f.Fuzz(func(t *testing.T, s string) {
		res, _ := decode(strings.NewReader(s), nil)
		for _, d := range res.Diagnostics {
			if d == nil {
				t.Fatal("nil diagnostic")
			}
			SplitPosn(d.Posn)
		}
	})
}

// When go vet fails, the error keeps what its output says too.
func TestResultOfFailedRun(t *testing.T) {
	failed := errors.New("exit status 1")
	if _, err := resultOf(stream, failed); err == nil ||
		!strings.Contains(err.Error(), "go vet: exit status 1") || !strings.Contains(err.Error(), "poolsize on q: internal error: boom") {
		t.Errorf("failed run with a failed analyzer: error %v, want both", err)
	}
	if _, err := resultOf("{}\nnot json\n", failed); err == nil || !strings.Contains(err.Error(), "reading go vet's output") {
		t.Errorf("failed run with output that is not JSON: error %v, want the decoding error too", err)
	}
	if res, err := resultOf("{}\n", failed); err == nil || res == nil || len(res.Tree) != 0 {
		t.Errorf("failed run with clean output: %v, %v; want an empty result and the run's error", res, err)
	}
	if _, err := resultOf("{}\n", nil); err != nil {
		t.Errorf("clean run: %v", err)
	}
}

func resultOf(stdout string, runErr error) (*Result, error) {
	res, err := decode(strings.NewReader(stdout), nil)
	return result(res, err, runErr)
}

// TestDecodeProgress checks that done hears of each package's report.
func TestDecodeProgress(t *testing.T) {
	var got [][]string
	if _, err := decode(strings.NewReader(stream), func(pkgs []string) { got = append(got, pkgs) }); err == nil {
		t.Fatal("decode: no error for the failed analyzer")
	}
	if len(got) != 3 || len(got[0]) != 0 || len(got[1]) != 1 || strings.Join(got[2], " ") != "p q" {
		t.Errorf("done called with %q, want [] [p [p.test]] [p q]", got)
	}
}
