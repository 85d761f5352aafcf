package blocking

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	for name, want := range map[string]Category{
		"net.Dial":                    Net,
		"(net.Conn).Read":             Net,
		"(*net/http.Client).Do":       HTTP,
		"(*database/sql.DB).QueryRow": SQL,
		"(*os/exec.Cmd).Wait":         Exec,
		"time.Sleep":                  Sleep,
		"os.ReadFile":                 File,
		"(*net/rpc.Client).Call":      RPC,
	} {
		if got, ok := Lookup(name); !ok || got != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, pure := range []string{"net.ParseIP", "net.JoinHostPort", "fmt.Println", "(io.Reader).Read"} {
		if c, ok := Lookup(pure); ok {
			t.Errorf("Lookup(%q) = %q, want not blocking", pure, c)
		}
	}
}

func TestExtraFlag(t *testing.T) {
	var f ExtraFlag
	if err := f.Set("example.com/db.Query, (*example.com/db.Conn).Exec"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"example.com/db.Query", "(*example.com/db.Conn).Exec"} {
		if c, ok := Lookup(name); !ok || c != Custom {
			t.Errorf("after Set, Lookup(%q) = %q, %v; want custom", name, c, ok)
		}
	}
	if got := f.String(); got != "(*example.com/db.Conn).Exec,example.com/db.Query" {
		t.Errorf("String() = %q", got)
	}
	for _, bad := range []string{"Query", "db.", "(Conn).Exec", "(*example.com/db.Conn.Exec", "(example.com/db.Conn)."} {
		if err := f.Set(bad); err == nil {
			t.Errorf("Set(%q) accepted a malformed name", bad)
		}
	}
}

// FuzzCheckName: the name check of the flags never panics, and what it accepts
// has a package path and a name.
func FuzzCheckName(f *testing.F) {
	for _, s := range []string{"net.Dial", "(*net/http.Client).Do", "(a.T).M", "x.", "(", ")."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if CheckFuncName("blocking call", name) == nil && (!strings.Contains(name, ".") || strings.HasSuffix(name, ".")) {
			t.Errorf("CheckFuncName(%q) accepted a name without package or function", name)
		}
	})
}
