package golangci_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/analyzers/cpupoolio"
	_ "github.com/concurlint/concurlint/plugin/golangci"
)

// build calls the plugin as golangci-lint does: by its registered name,
// with the settings map decoded from .golangci.yml.
func build(t *testing.T, settings any) ([]string, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin("concurlint")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		return nil, err
	}
	if mode := p.GetLoadMode(); mode != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", mode, register.LoadModeTypesInfo)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	return names(as), nil
}

func TestSelection(t *testing.T) {
	all := strings.Join(names(analyzers.All()), ",")
	for _, tc := range []struct {
		settings any
		want     string
	}{
		{nil, all},
		{map[string]any{}, all},
		{map[string]any{"enable": []any{"unawaited"}}, "unawaited"},
		{map[string]any{"enable": []any{"unawaited", "cpupoolio"}}, "cpupoolio,unawaited"}, // in All's order
		{map[string]any{"disable": []any{"unawaited"}}, strings.Join(slices.DeleteFunc(names(analyzers.All()), func(n string) bool { return n == "unawaited" }), ",")},
		{map[string]any{"Enable": []any{"CPUPoolIO", "unawaited"}, "disable": []any{"unawaited"}}, "cpupoolio"},
	} {
		got, err := build(t, tc.settings)
		if err != nil {
			t.Errorf("%v: %v", tc.settings, err)
			continue
		}
		if strings.Join(got, ",") != tc.want {
			t.Errorf("%v: analyzers %s, want %s", tc.settings, strings.Join(got, ","), tc.want)
		}
	}
}

func names(as []*analysis.Analyzer) []string {
	var n []string
	for _, a := range as {
		n = append(n, a.Name)
	}
	return n
}

func TestFlags(t *testing.T) {
	fileio := cpupoolio.Analyzer.Flags.Lookup("fileio")
	defer fileio.Value.Set(fileio.DefValue)
	if _, err := build(t, map[string]any{"cpupoolio": map[string]any{"fileio": false}}); err != nil {
		t.Fatal(err)
	}
	if got := fileio.Value.String(); got != "false" {
		t.Errorf("cpupoolio.fileio = %s after fileio: false, want false", got)
	}
	// Kebab-case and snake_case spellings of the same keys.
	if _, err := build(t, map[string]any{"cpu-pool-io": map[string]any{"file_io": true}}); err != nil {
		t.Fatal(err)
	}
	if got := fileio.Value.String(); got != "true" {
		t.Errorf("cpupoolio.fileio = %s after file_io: true, want true", got)
	}
	// A list is joined with commas, as the flag expects.
	blocking := cpupoolio.Analyzer.Flags.Lookup("blocking")
	if _, err := build(t, map[string]any{"cpupoolio": map[string]any{"blocking": []any{"example.com/db.Query", "(*example.com/db.Conn).Exec"}}}); err != nil {
		t.Fatal(err)
	}
	if got := blocking.Value.String(); !strings.Contains(got, "example.com/db.Query") || !strings.Contains(got, "(*example.com/db.Conn).Exec") {
		t.Errorf("cpupoolio.blocking = %s, want both calls", got)
	}
}

func TestErrors(t *testing.T) {
	for _, tc := range []struct {
		settings any
		want     string
	}{
		{map[string]any{"enabled": []any{"unawaited"}}, `unknown setting "enabled"`},
		{map[string]any{"enable": []any{"nosuch"}}, `unknown analyzer "nosuch"`},
		{map[string]any{"enable": "unawaited"}, `want a list of analyzer names`},
		{map[string]any{"cpupoolio": map[string]any{"nosuch": 1}}, `analyzer cpupoolio has no option "nosuch"`},
		{map[string]any{"cpupoolio": map[string]any{"fileio": "maybe"}}, `cpupoolio.fileio`},
		{map[string]any{"cpupoolio": map[string]any{"blocking": []any{"nodot"}}}, `cpupoolio.blocking`},
		{[]any{"unawaited"}, `settings must be a map`},
	} {
		_, err := build(t, tc.settings)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: error %v, want one containing %q", tc.settings, err, tc.want)
		}
	}
}

// TestRelatedFolded runs the plugin's cpupoolio on a pool whose finding
// has related positions: golangci-lint would make an issue of each, so
// they are in the one message instead.
func TestRelatedFolded(t *testing.T) {
	dir := t.TempDir()
	os.MkdirAll(filepath.Join(dir, "src", "p"), 0o777)
	os.WriteFile(filepath.Join(dir, "src", "p", "p.go"), []byte(`package p

import (
	"os"
	"runtime"
)

func Load(names chan string) {
	for range runtime.NumCPU() {
		go func() { // want "blocks on file IO.*see p.go:9: pool size comes from runtime.NumCPU.*; p.go:12: calls os.ReadFile"
			for n := range names {
				os.ReadFile(n)
			}
		}()
	}
}
`), 0o666)
	newPlugin, _ := register.GetPlugin("concurlint")
	// fileio set again: TestErrors' bad value left it false (flag's
	// boolValue.Set stores false before it reports the error).
	p, err := newPlugin(map[string]any{"enable": []any{"cpupoolio"}, "cpupoolio": map[string]any{"fileio": true}})
	if err != nil {
		t.Fatal(err)
	}
	as, _ := p.BuildAnalyzers()
	for _, r := range analysistest.Run(t, dir, as[0], "p") {
		for _, d := range r.Diagnostics {
			if len(d.Related) > 0 {
				t.Errorf("diagnostic %q keeps %d related positions", d.Message, len(d.Related))
			}
		}
	}
}
