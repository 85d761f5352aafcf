package funcnames

import (
	"strings"
	"testing"
)

func TestList(t *testing.T) {
	l := List{}
	if err := l.Set("example.com/db.Query, (*example.com/db.Conn).Exec"); err != nil {
		t.Fatal(err)
	}
	if err := l.Set("(example.com/db.Querier).Query,"); err != nil {
		t.Fatal(err)
	}
	if got, want := l.String(), "(*example.com/db.Conn).Exec,(example.com/db.Querier).Query,example.com/db.Query"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	for _, bad := range []string{"Query", "db.", "(Conn).Exec", "(*example.com/db.Conn.Exec", "(example.com/db.Conn).", "a b.F"} {
		if err := l.Set(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("Set(%q) = %v, want an error naming it", bad, err)
		}
	}
	if len(l) != 3 {
		t.Errorf("after malformed names, %d names, want 3", len(l))
	}
}

// FuzzCheck: Check never panics, and what it accepts has a package path and
// a name.
func FuzzCheck(f *testing.F) {
	for _, s := range []string{"net.Dial", "(*net/http.Client).Do", "(a.T).M", "x.", "(", ")."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if Check(name) == nil && (!strings.Contains(name, ".") || strings.HasSuffix(name, ".")) {
			t.Errorf("Check(%q) accepted a name without package or function", name)
		}
	})
}
