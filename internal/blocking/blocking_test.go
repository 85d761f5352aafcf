package blocking

import (
	"testing"

	"github.com/concurlint/concurlint/internal/funcnames"
)

func TestLookup(t *testing.T) {
	var builtins *Table
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
		if got, ok := builtins.Lookup(name); !ok || got != want {
			t.Errorf("Lookup(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, pure := range []string{"net.ParseIP", "net.JoinHostPort", "fmt.Println", "(io.Reader).Read"} {
		if c, ok := builtins.Lookup(pure); ok {
			t.Errorf("Lookup(%q) = %q, want not blocking", pure, c)
		}
	}
}

func TestCustomCalls(t *testing.T) {
	custom := funcnames.List{"example.com/db.Query": true, "(*example.com/db.Conn).Exec": true}
	table := NewTable(custom)
	clear(custom) // the table keeps its own copy
	for _, name := range []string{"example.com/db.Query", "(*example.com/db.Conn).Exec"} {
		if c, ok := table.Lookup(name); !ok || c != Custom {
			t.Errorf("Lookup(%q) = %q, %v; want custom", name, c, ok)
		}
	}
	if c, ok := table.Lookup("net.Dial"); !ok || c != Net {
		t.Errorf("Lookup(net.Dial) = %q, %v; want the built-in net", c, ok)
	}
	if c, ok := NewTable(nil).Lookup("example.com/db.Query"); ok {
		t.Errorf("a table without custom calls: Lookup(example.com/db.Query) = %q, want not blocking", c)
	}
}
