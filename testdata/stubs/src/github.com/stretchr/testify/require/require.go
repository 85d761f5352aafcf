// Package require is a stub of testify's require: its failures end the test.
package require

// TestingT is what the assertions need of a test.
type TestingT interface {
	Errorf(format string, args ...any)
	FailNow()
}

// FailNow fails the test and stops it.
func FailNow(t TestingT, msg string, args ...any) { t.FailNow() }

// Fail fails the test and stops it (require's Fail calls FailNow).
func Fail(t TestingT, msg string, args ...any) {
	if fail(t, msg) {
		return
	}
	t.FailNow()
}

func fail(t TestingT, msg string) bool { t.Errorf("%s", msg); return false }

// Assertions binds the assertions to a test.
type Assertions struct{ t TestingT }

// New returns the assertions of t.
func New(t TestingT) *Assertions { return &Assertions{t} }

// FailNow fails the test and stops it.
func (a *Assertions) FailNow(msg string, args ...any) { FailNow(a.t, msg, args...) }
