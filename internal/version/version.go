// Package version says which concurlint this is: the module version that
// go install recorded in the binary, or, for a build from a checkout, the
// release the source belongs to (Fallback) and the commit it was built from.
package version

import (
	"runtime/debug"
	"strings"
)

// Fallback is the version of a build that carries no module version (go
// build or go run in a checkout). It is the release the source is at or
// after: bump it with each release, in the same commit as CHANGELOG.md.
const Fallback = "v0.2.0"

// Version is the version of the running binary: the module version
// (v0.2.0, or a pseudo-version v0.0.0-20261201120000-abcdef123456 for a
// commit without a tag) when there is one; else Fallback followed by
// "-devel" and, when the build recorded it, "+" and the commit's first 12
// hex digits ("+dirty" when the checkout had changes).
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return Fallback + "-devel"
	}
	return fromBuildInfo(info)
}

func fromBuildInfo(info *debug.BuildInfo) string {
	if v := info.Main.Version; strings.HasPrefix(v, "v") && !strings.Contains(v, "+dirty") {
		return v
	}
	v := Fallback + "-devel"
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		v += "+" + rev[:min(12, len(rev))]
		if settings["vcs.modified"] == "true" {
			v += ".dirty"
		}
	}
	return v
}
