package reqscope

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// Origin says where a value's data comes from.
type Origin struct {
	Words string // "decoded from the request body", "parameter ids"
	Param int    // the index of the parameter the value derives from, or -1
}

// Inputs tells which values of one function carry input: the sources it
// was given, and what is computed from them (fields, elements, slices,
// calls on them or with them as arguments, values decoded from them,
// range variables over them), in the function and its literals. Contexts,
// response writers and errors never carry input: they are not data.
type Inputs struct {
	info    *types.Info
	vars    map[types.Object]Origin
	fields  map[fieldPath]Origin // fields stored into: job.Output = out
	sources map[types.Object]bool
}

// fieldPath is a field of a local variable: x.f, x.a.b.
type fieldPath struct {
	root types.Object
	path string // types.ExprString of the selector
}

// maxRounds bounds the propagation: each round follows one more step of
// assignments written out of order (a loop that feeds an earlier line).
const maxRounds = 4

// NewInputs propagates the sources through body.
func NewInputs(info *types.Info, body ast.Node, sources map[*types.Var]Origin) *Inputs {
	in := &Inputs{info: info, vars: map[types.Object]Origin{}, fields: map[fieldPath]Origin{}, sources: map[types.Object]bool{}}
	for v, o := range sources {
		in.vars[v] = o
		in.sources[v] = true
	}
	for range maxRounds {
		if !in.propagate(body) {
			break
		}
	}
	return in
}

// EntryInputs are the inputs of a request-scope entry point.
func EntryInputs(info *types.Info, e *Entry) *Inputs {
	sources := map[*types.Var]Origin{}
	for v, words := range e.Inputs {
		sources[v] = Origin{Words: words, Param: -1}
	}
	return NewInputs(info, e.Body(), sources)
}

// ParamInputs are the inputs of any function when its parameters (but
// contexts) are taken as input: the Origin's Param says which one.
func ParamInputs(info *types.Info, sig *types.Signature, body ast.Node) *Inputs {
	sources := map[*types.Var]Origin{}
	for i := range sig.Params().Len() {
		p := sig.Params().At(i)
		if !isContext(p.Type()) && p.Name() != "" && p.Name() != "_" {
			sources[p] = Origin{Words: "parameter " + p.Name(), Param: i}
		}
	}
	return NewInputs(info, body, sources)
}

// propagate runs one round and reports whether it marked a new variable.
func (in *Inputs) propagate(body ast.Node) bool {
	changed := false
	mark := func(lhs ast.Expr, o Origin) {
		// peers[id] = peer stores one element: the container's length
		// is not the input's.
		if _, isElement := ast.Unparen(lhs).(*ast.IndexExpr); isElement {
			return
		}
		obj := rootVar(in.info, lhs)
		if obj == nil {
			return
		}
		// job.Output = out stores into one field of what job points to: its
		// other fields (job.listeners) are not input. A struct value that
		// input is stored into is passed on whole, so it is.
		if sel, isField := ast.Unparen(lhs).(*ast.SelectorExpr); isField {
			key := fieldPath{obj, types.ExprString(sel)}
			if _, done := in.fields[key]; !done {
				in.fields[key] = o
				changed = true
			}
			if _, isPointer := obj.Type().Underlying().(*types.Pointer); isPointer {
				return
			}
		}
		if _, done := in.vars[obj]; !done {
			in.vars[obj] = o
			changed = true
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				rhs := n.Rhs[0]
				if len(n.Rhs) == len(n.Lhs) {
					rhs = n.Rhs[i]
				}
				if o, ok := in.Of(rhs); ok && !excluded(in.info.TypeOf(lhs)) {
					mark(lhs, o)
				}
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if len(n.Values) == 0 {
					break
				}
				rhs := n.Values[0]
				if len(n.Values) == len(n.Names) {
					rhs = n.Values[i]
				}
				if o, ok := in.Of(rhs); ok && !excluded(in.info.TypeOf(name)) {
					mark(name, o)
				}
			}
		case *ast.RangeStmt:
			if o, ok := in.Of(n.X); ok {
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if e != nil {
						mark(e, o)
					}
				}
			}
		case *ast.CallExpr:
			// json.NewDecoder(r.Body).Decode(&req), json.Unmarshal(body, &req):
			// what a call with input writes through a pointer is input.
			o, ok := in.anyArg(n)
			if !ok {
				break
			}
			if o.Words == fromBody {
				o.Words = "decoded from the request body"
			}
			for _, arg := range n.Args {
				if u, isAddr := ast.Unparen(arg).(*ast.UnaryExpr); isAddr && u.Op == token.AND {
					mark(u.X, o)
				}
			}
		}
		return true
	})
	return changed
}

// rootVar is the local variable that an assignment to e writes into: x for
// x, x.f, x[i] and *x.
func rootVar(info *types.Info, e ast.Expr) types.Object {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			if v, ok := info.ObjectOf(x).(*types.Var); ok && !v.IsField() && v.Parent() != v.Pkg().Scope() {
				return v
			}
			return nil
		case *ast.SelectorExpr:
			if _, isField := info.Selections[x]; !isField {
				return nil
			}
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		default:
			return nil
		}
	}
}

const fromBody = "read from the request body"

// requestParts say where a part of an *http.Request comes from.
var requestParts = map[string]string{
	"Body": fromBody, "GetBody": fromBody, "MultipartReader": fromBody,
	"URL": "from the request's query or form", "Form": "from the request's query or form",
	"PostForm": "from the request's query or form", "MultipartForm": "from the request's query or form",
	"FormValue": "from the request's query or form", "PostFormValue": "from the request's query or form",
	"FormFile": "from the request's query or form", "PathValue": "from the request's path",
	"Header": "from the request headers", "Cookies": "from the request headers",
	"Cookie": "from the request headers", "Trailer": "from the request trailers",
}

// Of reports whether e carries input, and where from.
func (in *Inputs) Of(e ast.Expr) (Origin, bool) {
	if e == nil || excluded(in.info.TypeOf(e)) {
		return Origin{}, false
	}
	if tv, ok := in.info.Types[e]; ok && tv.Value != nil {
		return Origin{}, false // a constant
	}
	switch e := e.(type) {
	case *ast.Ident:
		o, ok := in.vars[in.info.ObjectOf(e)]
		return o, ok
	case *ast.ParenExpr:
		return in.Of(e.X)
	case *ast.SelectorExpr:
		if _, ok := in.info.Selections[e]; !ok {
			return Origin{}, false // a qualified identifier
		}
		if root := rootVar(in.info, e); root != nil {
			if o, stored := in.fields[fieldPath{root, types.ExprString(e)}]; stored {
				return o, true
			}
		}
		return in.part(e.X, e.Sel.Name)
	case *ast.IndexExpr:
		return in.Of(e.X)
	case *ast.SliceExpr:
		return in.Of(e.X)
	case *ast.StarExpr:
		return in.Of(e.X)
	case *ast.UnaryExpr:
		return in.Of(e.X)
	case *ast.TypeAssertExpr:
		return in.Of(e.X)
	case *ast.BinaryExpr:
		if o, ok := in.Of(e.X); ok {
			return o, true
		}
		return in.Of(e.Y)
	case *ast.CallExpr:
		return in.call(e)
	}
	return Origin{}, false
}

// part is the origin of x.name: for the request itself, the part of it.
func (in *Inputs) part(x ast.Expr, name string) (Origin, bool) {
	o, ok := in.Of(x)
	if ok && o.Words == fromRequest && IsRequest(in.info.TypeOf(x)) {
		if words, known := requestParts[name]; known {
			o.Words = words
		}
	}
	return o, ok
}

func (in *Inputs) call(call *ast.CallExpr) (Origin, bool) {
	if tv, ok := in.info.Types[call.Fun]; ok && tv.IsType() {
		if len(call.Args) == 1 {
			return in.Of(call.Args[0]) // a conversion
		}
		return Origin{}, false
	}
	if b, ok := typeutil.Callee(in.info, call).(*types.Builtin); ok && b.Name() == "min" {
		for _, arg := range call.Args {
			if _, tainted := in.Of(arg); !tainted {
				return Origin{}, false // min(len(ids), limit) is bounded by the limit
			}
		}
	}
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if _, isMethod := in.info.Selections[sel]; isMethod {
			// A method of input (req.GetIds(), dec.More()) returns input; a
			// method of anything else (s.store.List(filter)) returns what the
			// server holds, whatever the arguments.
			return in.part(sel.X, sel.Sel.Name)
		}
	}
	switch fn := typeutil.Callee(in.info, call).(type) {
	case *types.Builtin:
		return in.anyArg(call) // len(ids), append(ids, more...)
	case *types.Func:
		if fn.Pkg() != nil && parses(fn.Pkg().Path()) {
			return in.anyArg(call) // strings.Split(q, ","), url.ParseQuery(body)
		}
	}
	// A function of the program may return anything (chunk(ids, 4) returns
	// four chunks): it returns input only when handed the request itself,
	// parseIDs(r) or parseIDs(r.URL.Query()).
	for _, arg := range call.Args {
		if in.sources[rootObject(in.info, arg)] {
			return in.Of(arg)
		}
	}
	return Origin{}, false
}

// parsers are the packages of the standard library whose functions turn
// input into input of the same size: splitting, parsing, decoding, copying.
var parsers = []string{"strings", "bytes", "strconv", "net/url", "net/textproto", "mime", "encoding",
	"bufio", "io", "slices", "maps", "sort", "regexp", "unicode", "path", "fmt", "html", "text"}

func parses(path string) bool {
	for _, p := range parsers {
		if path == p || strings.HasPrefix(path, p+"/") {
			return true
		}
	}
	return false
}

// rootObject is the variable at the root of x, x.f.g(), x[i].
func rootObject(info *types.Info, e ast.Expr) types.Object {
	for {
		switch x := ast.Unparen(e).(type) {
		case *ast.Ident:
			return info.ObjectOf(x)
		case *ast.SelectorExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.SliceExpr:
			e = x.X
		case *ast.StarExpr:
			e = x.X
		case *ast.UnaryExpr:
			e = x.X
		case *ast.CallExpr:
			sel, ok := ast.Unparen(x.Fun).(*ast.SelectorExpr)
			if !ok {
				return nil
			}
			e = sel.X
		default:
			return nil
		}
	}
}

// anyArg reports whether a call's receiver or one of its arguments is
// input: what such a call writes through a pointer argument is input
// (dec.Decode(&req), codec.Unmarshal(body, &req)).
func (in *Inputs) anyArg(call *ast.CallExpr) (Origin, bool) {
	if sel, ok := ast.Unparen(call.Fun).(*ast.SelectorExpr); ok {
		if _, isMethod := in.info.Selections[sel]; isMethod {
			if o, ok := in.part(sel.X, sel.Sel.Name); ok {
				return o, true
			}
		}
	}
	for _, arg := range call.Args {
		if o, ok := in.Of(arg); ok {
			return o, true
		}
	}
	return Origin{}, false
}

// excluded types never carry input data.
func excluded(t types.Type) bool {
	if t == nil {
		return false
	}
	return isContext(t) || isNamed(t, "net/http", "ResponseWriter") ||
		types.Identical(t, types.Universe.Lookup("error").Type())
}
