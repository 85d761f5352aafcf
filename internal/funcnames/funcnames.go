// Package funcnames reads the lists of functions that users give to the
// analyzers' flags (-cpupoolio.blocking, -unboundedgo.handlers). A function
// is named in the form of types.Func.FullName, as honnef.co/go/tools'
// code.IsCallTo matches calls: "pkg/path.Func", "(*pkg/path.T).Method",
// "(pkg/path.I).Method"; a name that could never match is an error, so that a
// typo in a flag does not pass silently.
package funcnames

import (
	"fmt"
	"go/token"
	"sort"
	"strings"
)

// List is a flag.Value: a set of function names, given comma-separated.
// Each Set adds to it, so repeating the flag adds names.
type List map[string]bool

func (l List) String() string {
	names := make([]string, 0, len(l))
	for n := range l {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ",")
}

func (l List) Set(s string) error {
	for _, name := range strings.Split(s, ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		if err := Check(name); err != nil {
			return err
		}
		l[name] = true
	}
	return nil
}

// Check rejects a name that could never match a function.
func Check(name string) error {
	if strings.HasPrefix(name, "(") {
		end := strings.Index(name, ")")
		if end < 0 || !strings.HasPrefix(name[end:], ").") || !token.IsIdentifier(name[end+2:]) {
			return fmt.Errorf("%q: want (pkg/path.T).Method or (*pkg/path.T).Method", name)
		}
		recv := strings.TrimPrefix(name[1:end], "*")
		dot := strings.LastIndex(recv, ".")
		if dot <= 0 || dot == len(recv)-1 {
			return fmt.Errorf("%q: the receiver needs its package path and type", name)
		}
		return nil
	}
	dot := strings.LastIndex(name, ".")
	if dot <= 0 || !token.IsIdentifier(name[dot+1:]) || strings.ContainsAny(name[:dot], "() ") {
		return fmt.Errorf("%q: want pkg/path.Func", name)
	}
	return nil
}
