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
