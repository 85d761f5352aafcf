package report

import "testing"

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
		for _, n := range want {
			if !names[n] {
				t.Errorf("ignoredNames(%q) lacks %q", text, n)
			}
		}
	}
}
