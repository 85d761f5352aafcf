// Package auditlog sends each entry from a goroutine of its own: its Log
// carries a Detaches fact to the packages that call it.
package auditlog

func write(msg string) {}

func Log(msg string) { // want Log:`starts a goroutine nobody awaits: go write\(\) \(auditlog.go:8\)`
	go write(msg)
}

// Logf reaches Log on every call.
func Logf(format string, args ...any) { // want Logf:`starts a goroutine nobody awaits: auditlog.Log → go write\(\) \(auditlog.go:8\)`
	Log(format)
}
