package golangci

import (
	"testing"

	"golang.org/x/tools/go/analysis"
)

// A module version's packages get the facts-only form; the main modules',
// the standard library's and replacement directories' the whole analyzer.
func TestFactsOnlyInDependencies(t *testing.T) {
	var ran string
	whole := &analysis.Analyzer{Name: "a", Run: func(*analysis.Pass) (any, error) { ran = "whole"; return nil, nil }}
	facts := &analysis.Analyzer{Name: "a", Run: func(*analysis.Pass) (any, error) { ran = "facts"; return nil, nil }}
	a := factsOnlyInDependencies(whole, facts)
	for _, tc := range []struct {
		name   string
		module *analysis.Module
		want   string
	}{
		{"standard library", nil, "whole"},
		{"main module", &analysis.Module{Path: "example.com/main"}, "whole"},
		{"module version", &analysis.Module{Path: "example.com/dep", Version: "v1.2.3"}, "facts"},
		{"replaced by a directory", &analysis.Module{Path: "example.com/dep", Version: "v1.2.3", Replace: &analysis.Module{Path: "../dep"}}, "whole"},
		{"replaced by a module version", &analysis.Module{Path: "example.com/dep", Version: "v1.2.3", Replace: &analysis.Module{Path: "example.com/fork", Version: "v1.2.4"}}, "facts"},
	} {
		ran = ""
		a.Run(&analysis.Pass{Module: tc.module})
		if ran != tc.want {
			t.Errorf("%s: ran %s, want %s", tc.name, ran, tc.want)
		}
	}
}

func TestNamesVersionedDir(t *testing.T) {
	for _, tc := range []struct {
		args []string
		wd   string
		want bool
	}{
		{[]string{"run", "./..."}, "/src/project", false},
		{[]string{"run", "-c", "/tmp/x.yml", "./cmd/...", "/src/other/pkg"}, "/src/project", false},
		{[]string{"run", "/root/go/pkg/mod/github.com/google/uuid@v1.6.0"}, "/src/project", true},
		{[]string{"run", "../../go/pkg/mod/golang.org/x/tools@v0.30.0/go/ssa/..."}, "/src/project", true},
		{[]string{"run", "./vendor/github.com/google/uuid"}, "/src/project", true},
		{[]string{"run", "./..."}, "/src/project/vendor/github.com/google/uuid", true},
		{[]string{"run", "./..."}, "/root/go/pkg/mod/github.com/google/uuid@v1.6.0", true},
	} {
		if got := namesVersionedDir(tc.args, tc.wd); got != tc.want {
			t.Errorf("namesVersionedDir(%q, %q) = %v, want %v", tc.args, tc.wd, got, tc.want)
		}
	}
}
