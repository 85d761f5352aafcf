// Package funcnames owns the two ways the analyzers name functions. The
// lists of functions that users give to the analyzers' flags
// (-cpupoolio.blocking, -unboundedgo.handlers) name them in the form of
// types.Func.FullName, as honnef.co/go/tools' code.IsCallTo matches calls:
// "pkg/path.Func", "(*pkg/path.T).Method", "(pkg/path.I).Method"; a name
// that could never match is an error, so that a typo in a flag does not
// pass silently. Messages name them as a Go programmer writes them
// (Display, DisplaySSA).
package funcnames

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/ssa"
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

// PackagePath is the import path of the package of a function named in
// types.Func.FullName form: "net/http" for "(*net/http.Client).Do" and
// for "net/http.Get".
func PackagePath(name string) string {
	if strings.HasPrefix(name, "(") {
		name = strings.TrimPrefix(name[1:strings.Index(name, ")")], "*") // the receiver type
	}
	return name[:strings.LastIndex(name, ".")]
}

// Display names a function for messages, the way a Go programmer writes
// it, with the package name rather than its path ("(*http.Client).Do",
// "smtp.SendMail"), and no qualifier at all inside package from.
func Display(fn *types.Func, from *types.Package) string {
	sig := fn.Type().(*types.Signature)
	qualifier := func(p *types.Package) string {
		if p == from {
			return ""
		}
		return p.Name()
	}
	if recv := sig.Recv(); recv != nil {
		t := recv.Type()
		if ptr, ok := t.(*types.Pointer); ok {
			return "(*" + types.TypeString(ptr.Elem(), qualifier) + ")." + fn.Name()
		}
		if _, isIface := t.Underlying().(*types.Interface); isIface {
			return "(" + types.TypeString(t, qualifier) + ")." + fn.Name()
		}
		return types.TypeString(t, qualifier) + "." + fn.Name()
	}
	if fn.Pkg() == nil || fn.Pkg() == from {
		return fn.Name()
	}
	return fn.Pkg().Name() + "." + fn.Name()
}

// DisplaySSA names an SSA function for messages: declared functions by
// their Display name, closures as "func literal in F", or "func literal in a
// package-level variable" for those of the package initializer.
func DisplaySSA(fn *ssa.Function, from *types.Package) string {
	if fn.Parent() == nil {
		if obj, ok := fn.Object().(*types.Func); ok {
			return Display(obj, from)
		}
		return "a package-level variable" // the synthetic package initializer
	}
	outer := fn
	for outer.Parent() != nil {
		outer = outer.Parent()
	}
	return "func literal in " + DisplaySSA(outer, from)
}

// Names remembers the names of the functions a package calls, for a scan
// that names them at every call: the tables are looked up by FullName, and
// building a name allocates, while a package calls the same few functions
// at thousands of sites (a tenth of the analysis of a large package went
// into FullName). A Names is used by one goroutine.
type Names struct {
	from          *types.Package
	full, display map[*types.Func]string
}

// NewNames returns an empty Names, for messages in package from.
func NewNames(from *types.Package) *Names {
	return &Names{from: from, full: map[*types.Func]string{}, display: map[*types.Func]string{}}
}

// Full returns fn.FullName().
func (n *Names) Full(fn *types.Func) string {
	name, ok := n.full[fn]
	if !ok {
		name = fn.FullName()
		n.full[fn] = name
	}
	return name
}

// Display returns Display(fn, from).
func (n *Names) Display(fn *types.Func) string {
	name, ok := n.display[fn]
	if !ok {
		name = Display(fn, n.from)
		n.display[fn] = name
	}
	return name
}
