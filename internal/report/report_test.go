package report

import (
	"slices"
	"strings"
	"testing"
)

func TestIgnoredNames(t *testing.T) {
	for text, want := range map[string][]string{
		"//concurlint:ignore cpupoolio sized on purpose":      {"cpupoolio"},
		"//concurlint:ignore cpupoolio,poolsize two at once":  {"cpupoolio", "poolsize"},
		"//concurlint:ignore\tunawaited reason":               {"unawaited"},
		"//concurlint:ignore":                                 nil,
		"//concurlint:ignorecpupoolio glued to the directive": nil,
		"// concurlint:ignore cpupoolio with a space":         nil,
		"//lint:ignore cpupoolio another tool's directive":    nil,
	} {
		names, ok := ignoredNames(text)
		if ok != (want != nil) || len(names) != len(want) {
			t.Errorf("ignoredNames(%q) = %v, %v; want %v", text, names, ok, want)
			continue
		}
		if !slices.Equal(names, want) {
			t.Errorf("ignoredNames(%q) = %v, want %v", text, names, want)
		}
	}
}

// FuzzIgnoredNames: any comment text parses without a panic, and a parsed
// directive names at least one analyzer, none of them empty of spaces.
func FuzzIgnoredNames(f *testing.F) {
	f.Add("//concurlint:ignore cpupoolio reason")
	f.Add("//concurlint:ignore a,b")
	f.Add("//concurlint:ignore\t")
	f.Fuzz(func(t *testing.T, text string) {
		names, ok := ignoredNames(text)
		if ok && len(names) == 0 {
			t.Errorf("ignoredNames(%q): a directive without names", text)
		}
		for _, n := range names {
			if strings.ContainsAny(n, " \t\n") {
				t.Errorf("ignoredNames(%q): name %q has white space", text, n)
			}
		}
	})
}
