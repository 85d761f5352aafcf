package version

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	for _, tc := range []struct {
		main     string
		settings map[string]string
		want     string
	}{
		{"v0.2.0", nil, "v0.2.0"},
		{"v0.0.0-20261201120000-abcdef123456", nil, "v0.0.0-20261201120000-abcdef123456"},
		{"(devel)", nil, Fallback + "-devel"},
		{"(devel)", map[string]string{"vcs.revision": "190803e0123456789abc", "vcs.modified": "false"}, Fallback + "-devel+190803e01234"},
		{"v0.0.0-20261201120000-190803e01234+dirty", map[string]string{"vcs.revision": "190803e0123456789abc", "vcs.modified": "true"}, Fallback + "-devel+190803e01234.dirty"},
	} {
		info := &debug.BuildInfo{Main: debug.Module{Version: tc.main}}
		for k, v := range tc.settings {
			info.Settings = append(info.Settings, debug.BuildSetting{Key: k, Value: v})
		}
		if got := fromBuildInfo(info); got != tc.want {
			t.Errorf("version of main %q, settings %v = %q, want %q", tc.main, tc.settings, got, tc.want)
		}
	}
}
