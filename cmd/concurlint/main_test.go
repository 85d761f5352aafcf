package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestConfirmDispatch checks that "concurlint confirm" reaches the confirm
// subcommand rather than the multichecker.
func TestConfirmDispatch(t *testing.T) {
	empty := filepath.Join(t.TempDir(), "empty.trace")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "confirm", "-trace", empty).CombinedOutput()
	ee, ok := err.(*exec.ExitError)
	if !ok || ee.ExitCode() != 1 || !strings.HasPrefix(string(out), "concurlint confirm: trace ") || strings.Count(string(out), "\n") != 1 {
		t.Errorf("concurlint confirm on an empty trace: %v, output %q; want exit 1 and a one-line error", err, out)
	}
}

// factsOnly reads VetxOnly from the .cfg file go vet passes last, and
// leaves any other call (flags, a file it cannot read) to the full list.
func TestFactsOnly(t *testing.T) {
	dir := t.TempDir()
	dep, root := filepath.Join(dir, "dep.cfg"), filepath.Join(dir, "root.cfg")
	for file, text := range map[string]string{dep: `{"ID": "a", "VetxOnly": true}`, root: `{"ID": "b", "VetxOnly": false}`} {
		if err := os.WriteFile(file, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		args []string
		want bool
	}{
		{[]string{"-unawaited.streams", dep}, true},
		{[]string{root}, false},
		{[]string{filepath.Join(dir, "missing.cfg")}, false},
		{[]string{"-flags"}, false},
	} {
		if got := factsOnly(tc.args); got != tc.want {
			t.Errorf("factsOnly(%q) = %v, want %v", tc.args, got, tc.want)
		}
	}
}

// TestStartupFirst checks, in the built command's initialization trace,
// that internal/startup turns memory-profile sampling off before the
// packages whose initializers allocate most run.
func TestStartupFirst(t *testing.T) {
	cmd := exec.Command(bin, "-flags")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var trace strings.Builder
	cmd.Stderr = &trace
	if err := cmd.Run(); err != nil {
		t.Fatalf("concurlint -flags: %v\n%s", err, trace.String())
	}
	order := map[string]int{}
	for i, line := range strings.Split(trace.String(), "\n") {
		// "init PACKAGE @0.01 ms, 0.002 ms clock, 0 bytes, 0 allocs"
		if fields := strings.Fields(line); len(fields) > 1 && fields[0] == "init" {
			order[fields[1]] = i + 1
		}
	}
	first := order["github.com/concurlint/concurlint/internal/startup"]
	if first == 0 {
		t.Fatalf("internal/startup is not in the initialization trace:\n%s", trace.String())
	}
	for _, pkg := range []string{"github.com/google/pprof/profile", "encoding/gob", "go/types"} {
		if order[pkg] == 0 || order[pkg] < first {
			t.Errorf("%s initialized at %d, internal/startup at %d: want it after", pkg, order[pkg], first)
		}
	}
}
