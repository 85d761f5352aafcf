// Package cacheprog_test shows that concurlint's results are shared through
// the go command's cache: two runs with empty local caches share a
// GOCACHEPROG program backed by one directory (standing in for a remote
// cache shared by CI runners), and the second run analyses nothing.
package cacheprog_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/concurlint/concurlint/internal/analyzertest"
)

// dirEnv names the directory the test binary, run as a GOCACHEPROG
// program, keeps the cache in.
const dirEnv = "CONCURLINT_TEST_CACHEPROG_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(dirEnv); dir != "" {
		if err := serveCache(dir, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "cacheprog:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// request and response are the messages of the GOCACHEPROG protocol
// (cmd/go/internal/cacheprog): JSON lines, a put's body following its
// request as a base64 JSON string.
type request struct {
	ID       int64
	Command  string
	ActionID []byte `json:",omitempty"`
	OutputID []byte `json:",omitempty"`
	BodySize int64  `json:",omitempty"`
}

type response struct {
	ID            int64
	Err           string     `json:",omitempty"`
	KnownCommands []string   `json:",omitempty"`
	Miss          bool       `json:",omitempty"`
	OutputID      []byte     `json:",omitempty"`
	Size          int64      `json:",omitempty"`
	Time          *time.Time `json:",omitempty"`
	DiskPath      string     `json:",omitempty"`
}

// serveCache answers the go command's requests from dir: each action's
// body in dir/ACTION and its output ID in dir/ACTION.out.
func serveCache(dir string, in io.Reader, out io.Writer) error {
	dec := json.NewDecoder(bufio.NewReader(in))
	enc := json.NewEncoder(out)
	if err := enc.Encode(response{KnownCommands: []string{"get", "put", "close"}}); err != nil {
		return err
	}
	for {
		var req request
		if err := dec.Decode(&req); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		resp := response{ID: req.ID}
		path := filepath.Join(dir, hex.EncodeToString(req.ActionID))
		switch req.Command {
		case "get":
			outputID, err := os.ReadFile(path + ".out")
			info, statErr := os.Stat(path)
			if err != nil || statErr != nil {
				resp.Miss = true
				break
			}
			mtime := info.ModTime()
			resp.OutputID, resp.Size, resp.Time, resp.DiskPath = outputID, info.Size(), &mtime, path
		case "put":
			var body []byte
			if req.BodySize > 0 {
				if err := dec.Decode(&body); err != nil {
					return fmt.Errorf("reading the body of put %d: %v", req.ID, err)
				}
			}
			if err := os.WriteFile(path, body, 0o666); err != nil {
				return err
			}
			if err := os.WriteFile(path+".out", req.OutputID, 0o666); err != nil {
				return err
			}
			resp.DiskPath = path
		case "close":
			return enc.Encode(resp)
		default:
			resp.Err = "unknown command " + req.Command
		}
		if err := enc.Encode(resp); err != nil {
			return err
		}
	}
}

func TestSharedCache(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module and its standard-library dependencies from empty caches")
	}
	tmp := t.TempDir()
	concurlint := filepath.Join(tmp, "concurlint")
	build := exec.Command("go", "build", "-o", concurlint, "github.com/concurlint/concurlint/cmd/concurlint")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building concurlint: %v\n%s", err, out)
	}
	// The tool go vet runs logs each analysis (a run given a vet.cfg
	// file), then is concurlint.
	log := filepath.Join(tmp, "analyses.log")
	tool := filepath.Join(tmp, "tool")
	script := fmt.Sprintf("#!/bin/sh\ncase \"$*\" in *.cfg) echo \"$*\" >>%q;; esac\nexec %q \"$@\"\n", log, concurlint)
	if err := os.WriteFile(tool, []byte(script), 0o777); err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	shared := filepath.Join(tmp, "shared")
	if err := os.Mkdir(shared, 0o777); err != nil {
		t.Fatal(err)
	}
	module := analyzertest.Module(t, "integration/sample", nil)

	// runner analyses the sample module as a fresh CI runner would: its own
	// empty GOCACHE, the shared cache program; -json so that findings do
	// not fail the tool and its results are cached.
	runner := func(name string) (findings string, analyses int) {
		t.Helper()
		if err := os.WriteFile(log, nil, 0o666); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(t.Context(), 8*time.Minute)
		defer cancel()
		vet := exec.CommandContext(ctx, "go", "vet", "-json", "-vettool="+tool, "./...")
		vet.Dir = module
		vet.Env = append(os.Environ(),
			"GOCACHE="+filepath.Join(tmp, name+"-gocache"),
			"GOCACHEPROG="+self,
			dirEnv+"="+shared,
		)
		var stdout, stderr bytes.Buffer
		vet.Stdout, vet.Stderr = &stdout, &stderr
		if err := vet.Run(); err != nil {
			t.Fatalf("%s: go vet: %v\n%s", name, err, stderr.Bytes())
		}
		logged, err := os.ReadFile(log)
		if err != nil {
			t.Fatal(err)
		}
		return stdout.String() + stderr.String(), strings.Count(string(logged), "\n")
	}

	first, firstAnalyses := runner("first")
	second, secondAnalyses := runner("second")
	t.Logf("analyses: first runner %d, second runner %d", firstAnalyses, secondAnalyses)
	if firstAnalyses == 0 {
		t.Fatalf("the first runner analysed nothing: the log of the tool's runs is empty")
	}
	if !strings.Contains(first, `"unawaited"`) {
		t.Errorf("the first runner's output has no unawaited finding:\n%s", first)
	}
	if secondAnalyses != 0 {
		t.Errorf("the second runner analysed %d packages, want 0: every result was in the shared cache", secondAnalyses)
	}
	// go vet prints the packages as they finish: compare the lines.
	if !slices.Equal(sortedLines(first), sortedLines(second)) {
		t.Errorf("the runners' findings differ:\nfirst:\n%s\nsecond:\n%s", first, second)
	}
}

func sortedLines(s string) []string {
	lines := strings.Split(s, "\n")
	slices.Sort(lines)
	return lines
}
