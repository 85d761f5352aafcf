// Package provenance tells where a number comes from: a constant, the CPU count
// (runtime.NumCPU or runtime.GOMAXPROCS, scaled), configuration read at run
// time (a flag, an environment variable, a config struct), a parameter of
// the enclosing function, or nothing it can name. It follows constants,
// locals, package variables, struct fields set in the package, conversions,
// arithmetic, builtin max/min and the returns of helpers: the package's own,
// and those of other packages through a Fact that the analyzer running the
// resolver exports (ExportFacts) and declares among its FactTypes.
package provenance

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/printer"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/types/typeutil"
)

// Class is what a size is made of.
type Class int

const (
	Unknown  Class = iota // nothing the resolver can name: treat as no evidence
	Constant              // a compile-time or locally constant number
	CPU                   // Factor × the CPU count + Offset
	Config                // read at run time from a flag, the environment or a config struct
	Param                 // a parameter of the enclosing function
)

// Size is the provenance of an integer expression.
type Size struct {
	Class  Class
	Value  int64   // Constant: the value
	Factor float64 // CPU: the multiplier of the CPU count
	Offset int64   // CPU: the constant added to it
	Index  int     // Param: the parameter's index
	// Origin is the expression the size comes from: the runtime.NumCPU call,
	// the constant, the flag; Source says it in words.
	Origin token.Pos
	Source string
}

// maxOffset is how far from Factor×CPUs a size may stray and still count as
// sized to the cores (NumCPU()+k for a small constant k).
const maxOffset = 4

// CPUSized reports whether s is computed from the CPU count with a
// multiplier of at most maxFactor and a small offset.
func (s Size) CPUSized(maxFactor float64) bool {
	return s.Class == CPU && s.Factor <= maxFactor && s.Offset <= maxOffset
}

func (s Size) String() string {
	switch s.Class {
	case Constant:
		return fmt.Sprintf("the constant %d", s.Value)
	case CPU:
		return s.Source
	case Config:
		return "configuration (" + s.Source + ")"
	case Param:
		return "a parameter"
	}
	return "an unknown size"
}

// Fact marks a function whose result is a size known without its
// arguments: the CPU count (scaled) or a constant. Callers in other
// packages resolve a call of it to Size.
type Fact struct {
	Size Size // Origin is meaningless outside the function's package
}

func (*Fact) AFact()           {}
func (f *Fact) String() string { return "returns " + f.Size.String() }

// Resolver resolves sizes in one package. Build it once per pass.
type Resolver struct {
	pass      *analysis.Pass
	facts     bool // the pass's analyzer declares Fact: helpers of other packages resolve
	funcDecls map[*types.Func]*ast.FuncDecl
	defs      map[types.Object][]def     // assignments to locals, package variables and fields
	addressed map[types.Object]string    // variables whose address is passed to a call, by callee
	params    map[*types.Var]int         // parameters of the package's functions and literals, by index
	owners    map[*types.Var]*types.Func // parameters of the package's functions without a receiver, by function
	calls     *callSites                 // lazily, for Arguments
	tags      map[*types.Var]string      // struct tags of the package's fields
	// returns memoizes what a function returns, by declaration and result
	// index: without it, functions whose results feed each other's through
	// variables are evaluated once per path, exponentially (prometheus'
	// expfmt took minutes).
	returns map[returnKey]Size
}

type returnKey struct {
	decl  *ast.FuncDecl
	index int
}

// def is one value stored into a variable: expr, or the index-th result of
// the multi-value expr; for a compound assignment (n *= 2), op is the
// operator applied to the variable's other values.
type def struct {
	expr  ast.Expr
	index int // -1 for a single value
	op    token.Token
}

// NewResolver indexes the assignments of the package; in is the
// package's inspector (inspect.Analyzer's result), whose walk of the node
// types indexed took half the time of ast.Inspect over every node.
func NewResolver(pass *analysis.Pass, in *inspector.Inspector) *Resolver {
	r := &Resolver{
		pass:      pass,
		funcDecls: map[*types.Func]*ast.FuncDecl{},
		defs:      map[types.Object][]def{},
		addressed: map[types.Object]string{},
		params:    map[*types.Var]int{},
		owners:    map[*types.Var]*types.Func{},
		tags:      map[*types.Var]string{},
		facts: slices.ContainsFunc(pass.Analyzer.FactTypes, func(f analysis.Fact) bool {
			_, ok := f.(*Fact)
			return ok
		}),
	}
	info := pass.TypesInfo
	for _, name := range pass.Pkg.Scope().Names() {
		if tn, ok := pass.Pkg.Scope().Lookup(name).(*types.TypeName); ok {
			if st, ok := tn.Type().Underlying().(*types.Struct); ok {
				for i := range st.NumFields() {
					r.tags[st.Field(i)] = st.Tag(i)
				}
			}
		}
	}
	indexed := []ast.Node{(*ast.FuncDecl)(nil), (*ast.FuncLit)(nil), (*ast.AssignStmt)(nil), (*ast.ValueSpec)(nil),
		(*ast.RangeStmt)(nil), (*ast.CompositeLit)(nil), (*ast.CallExpr)(nil)}
	in.Preorder(indexed, func(n ast.Node) {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if fn, ok := info.Defs[n.Name].(*types.Func); ok {
				r.funcDecls[fn] = n
				sig := fn.Type().(*types.Signature)
				r.indexParams(sig)
				if sig.Recv() == nil {
					for v := range sig.Params().Variables() {
						r.owners[v] = fn
					}
				}
			}
		case *ast.FuncLit:
			if sig, ok := info.TypeOf(n).(*types.Signature); ok {
				r.indexParams(sig)
			}
		case *ast.AssignStmt:
			r.indexAssign(n.Lhs, n.Rhs, n.Tok)
		case *ast.ValueSpec:
			lhs := make([]ast.Expr, len(n.Names))
			for i, name := range n.Names {
				lhs[i] = name
			}
			if len(n.Values) > 0 {
				r.indexAssign(lhs, n.Values, token.DEFINE)
			}
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{n.Key, n.Value} {
				if obj := r.Object(e); obj != nil {
					r.defs[obj] = append(r.defs[obj], def{expr: nil})
				}
			}
		case *ast.CompositeLit:
			r.indexCompositeLit(n)
		case *ast.CallExpr:
			for _, arg := range n.Args {
				if u, ok := ast.Unparen(arg).(*ast.UnaryExpr); ok && u.Op == token.AND {
					if obj := r.Object(u.X); obj != nil {
						r.addressed[obj] = calleeName(info, n)
					}
				}
			}
		}
	})
	return r
}

func (r *Resolver) indexParams(sig *types.Signature) {
	for i := range sig.Params().Len() {
		r.params[sig.Params().At(i)] = i
	}
}

func (r *Resolver) indexAssign(lhs, rhs []ast.Expr, tok token.Token) {
	for i, l := range lhs {
		obj := r.Object(l)
		if obj == nil {
			continue
		}
		var d def
		switch {
		case len(rhs) == len(lhs):
			d = def{expr: rhs[i], index: -1}
			if tok != token.ASSIGN && tok != token.DEFINE {
				d.op = assignOp(tok)
			}
		case len(rhs) == 1:
			d = def{expr: rhs[0], index: i}
		default:
			d = def{expr: nil}
		}
		r.defs[obj] = append(r.defs[obj], d)
	}
}

func assignOp(tok token.Token) token.Token {
	switch tok {
	case token.ADD_ASSIGN:
		return token.ADD
	case token.SUB_ASSIGN:
		return token.SUB
	case token.MUL_ASSIGN:
		return token.MUL
	case token.QUO_ASSIGN:
		return token.QUO
	}
	return token.OR // an operator arith does not follow: the result is unknown
}

func (r *Resolver) indexCompositeLit(lit *ast.CompositeLit) {
	tv, ok := r.pass.TypesInfo.Types[lit]
	if !ok {
		return
	}
	t := tv.Type
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return
	}
	for i, elt := range lit.Elts {
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if key, ok := kv.Key.(*ast.Ident); ok {
				if obj := r.pass.TypesInfo.Uses[key]; obj != nil {
					r.defs[obj] = append(r.defs[obj], def{expr: kv.Value, index: -1})
				}
			}
		} else if i < st.NumFields() {
			r.defs[st.Field(i)] = append(r.defs[st.Field(i)], def{expr: elt, index: -1})
		}
	}
}

// Object returns the variable or field that e names, if any.
func (r *Resolver) Object(e ast.Expr) types.Object {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		if obj, ok := r.pass.TypesInfo.ObjectOf(e).(*types.Var); ok {
			return obj
		}
	case *ast.SelectorExpr:
		if sel, ok := r.pass.TypesInfo.Selections[e]; ok && sel.Kind() == types.FieldVal {
			return sel.Obj()
		}
		if obj, ok := r.pass.TypesInfo.Uses[e.Sel].(*types.Var); ok {
			return obj
		}
	}
	return nil
}

func calleeName(info *types.Info, call *ast.CallExpr) string {
	if fn, ok := typeutil.Callee(info, call).(*types.Func); ok {
		return fn.FullName()
	}
	return ""
}

// Defs returns the expressions stored into the variable or field obj
// anywhere in the package; for v, err := f(), the call f().
func (r *Resolver) Defs(obj types.Object) []ast.Expr {
	var exprs []ast.Expr
	for _, d := range r.defs[obj] {
		if d.expr != nil {
			exprs = append(exprs, d.expr)
		}
	}
	return exprs
}

// maxDepth bounds how far the resolver follows definitions, so that its
// cost per expression is bounded whatever the package looks like.
const maxDepth = 12

// Of returns the provenance of e.
func (r *Resolver) Of(e ast.Expr) Size {
	return r.eval(e, 0, map[types.Object]bool{})
}

func (r *Resolver) eval(e ast.Expr, depth int, seen map[types.Object]bool) Size {
	if e == nil || depth > maxDepth {
		return Size{}
	}
	info := r.pass.TypesInfo
	if tv, ok := info.Types[e]; ok && tv.Value != nil {
		if v, exact := constant.Int64Val(constant.ToInt(tv.Value)); exact {
			return Size{Class: Constant, Value: v, Origin: e.Pos()}
		}
		return Size{}
	}
	switch e := e.(type) {
	case *ast.ParenExpr:
		return r.eval(e.X, depth+1, seen)
	case *ast.StarExpr:
		return r.eval(e.X, depth+1, seen)
	case *ast.UnaryExpr:
		if e.Op == token.AND || e.Op == token.ADD {
			return r.eval(e.X, depth+1, seen)
		}
	case *ast.CallExpr:
		return r.evalCall(e, -1, depth, seen)
	case *ast.BinaryExpr:
		return arith(e.Op, r.eval(e.X, depth+1, seen), r.eval(e.Y, depth+1, seen))
	case *ast.Ident, *ast.SelectorExpr:
		obj := r.Object(e)
		if obj == nil {
			return Size{}
		}
		return r.evalVar(obj.(*types.Var), e, depth, seen)
	}
	return Size{}
}

// configTags are the struct tags of fields that are filled from outside.
var configTags = []string{"json", "yaml", "toml", "env", "mapstructure", "flag", "envconfig", "koanf", "ini"}

func (r *Resolver) evalVar(v *types.Var, use ast.Expr, depth int, seen map[types.Object]bool) Size {
	if seen[v] {
		return Size{}
	}
	seen[v] = true
	defer delete(seen, v)
	if v.IsField() {
		if tag := r.tags[v]; tag != "" {
			st := reflect.StructTag(tag)
			for _, key := range configTags {
				if _, ok := st.Lookup(key); ok {
					return Size{Class: Config, Origin: use.Pos(), Source: "field " + v.Name() + " with a " + key + " tag"}
				}
			}
		}
	}
	if callee, ok := r.addressed[v]; ok {
		if strings.HasPrefix(callee, "flag.") || strings.HasPrefix(callee, "(*flag.FlagSet).") {
			return Size{Class: Config, Origin: use.Pos(), Source: "flag variable " + v.Name()}
		}
		return Size{} // set by a call we cannot see into
	}
	if idx, ok := r.params[v]; ok {
		return Size{Class: Param, Index: idx, Origin: use.Pos()}
	}
	defs := r.defs[v]
	if len(defs) == 0 || (v.Pkg() != r.pass.Pkg) {
		return Size{}
	}
	// Plain assignments first, joined; then compound ones applied to that,
	// once each: flow-insensitive, which is enough to tell a size's origin.
	var result Size
	first := true
	for _, d := range defs {
		if d.op != token.ILLEGAL {
			continue
		}
		var s Size
		if d.expr != nil {
			if d.index >= 0 {
				s = r.evalMulti(d.expr, d.index, depth+1, seen)
			} else {
				s = r.eval(d.expr, depth+1, seen)
			}
		}
		if first {
			result, first = s, false
		} else {
			result = join(result, s)
		}
	}
	for _, d := range defs {
		if d.op != token.ILLEGAL {
			result = arith(d.op, result, r.eval(d.expr, depth+1, seen))
		}
	}
	return result
}

func (r *Resolver) evalMulti(e ast.Expr, index, depth int, seen map[types.Object]bool) Size {
	if call, ok := ast.Unparen(e).(*ast.CallExpr); ok {
		return r.evalCall(call, index, depth, seen)
	}
	return Size{}
}

// evalCall resolves a call, or the index-th result of a multi-value call.
func (r *Resolver) evalCall(call *ast.CallExpr, index, depth int, seen map[types.Object]bool) Size {
	info := r.pass.TypesInfo
	if tv, ok := info.Types[call.Fun]; ok && tv.IsType() && len(call.Args) == 1 {
		return r.eval(call.Args[0], depth+1, seen) // a conversion
	}
	switch callee := typeutil.Callee(info, call).(type) {
	case *types.Builtin:
		if callee.Name() == "max" || callee.Name() == "min" {
			var result Size
			for i, arg := range call.Args {
				s := r.eval(arg, depth+1, seen)
				if i == 0 {
					result = s
				} else {
					result = minMax(callee.Name(), result, s)
				}
			}
			if result.Class == CPU && len(call.Args) > 1 {
				result.Source = r.written(call) // the bound is part of the size
			}
			return result
		}
	case *types.Func:
		name := callee.FullName()
		switch {
		case name == "runtime.NumCPU":
			return Size{Class: CPU, Factor: 1, Origin: call.Pos(), Source: "runtime.NumCPU()"}
		case name == "runtime.GOMAXPROCS":
			return Size{Class: CPU, Factor: 1, Origin: call.Pos(), Source: r.written(call)}
		case configFuncs[name] || strings.HasPrefix(name, "flag.") || strings.HasPrefix(name, "(*flag.FlagSet)."):
			return Size{Class: Config, Origin: call.Pos(), Source: shortName(name) + "()"}
		}
		if decl := r.funcDecls[callee]; decl != nil && decl.Body != nil && !seen[callee] {
			seen[callee] = true
			defer delete(seen, callee)
			return r.evalReturns(decl, max(index, 0), depth+1, seen)
		}
		var fact Fact
		if index <= 0 && r.facts && callee.Pkg() != r.pass.Pkg && r.pass.ImportObjectFact(callee.Origin(), &fact) {
			s := fact.Size
			s.Origin = call.Pos()
			return s
		}
	}
	return Size{}
}

// callSites are the calls of the package's functions, by callee, and the
// functions used other than as the callee of a call (a function value:
// called where the resolver cannot see).
type callSites struct {
	calls   map[*types.Func][]*ast.CallExpr
	escaped map[*types.Func]bool
	stepped map[types.Object]bool // variables incremented (n++) or whose address is taken (&n): changed where defs does not see
}

// Arguments returns the provenance of the argument that every call in the
// package passes for parameter v, when those calls are all the calls there
// are and v keeps the value passed: v's function is unexported, has no
// receiver (a method may be called through an interface), is only ever
// called by name, is called at least once, and never assigns v, steps it
// or takes its address. ok is false otherwise, for a variadic parameter,
// and when a call passes the results of another call (f(g())).
func (r *Resolver) Arguments(v *types.Var) (sizes []Size, ok bool) {
	fn := r.owners[v]
	if fn == nil || fn.Exported() || len(r.defs[v]) > 0 {
		return nil, false
	}
	sig := fn.Type().(*types.Signature)
	index := r.params[v]
	if sig.Variadic() && index == sig.Params().Len()-1 {
		return nil, false
	}
	sites := r.callSites()
	if sites.escaped[fn] || sites.stepped[v] || len(sites.calls[fn]) == 0 {
		return nil, false
	}
	for _, call := range sites.calls[fn] {
		if len(call.Args) != sig.Params().Len() { // f(g()), g returning several values
			return nil, false
		}
		sizes = append(sizes, r.Of(call.Args[index]))
	}
	return sizes, true
}

// callSites indexes, once, the calls of the package's functions.
func (r *Resolver) callSites() *callSites {
	if r.calls != nil {
		return r.calls
	}
	sites := &callSites{calls: map[*types.Func][]*ast.CallExpr{}, escaped: map[*types.Func]bool{}, stepped: map[types.Object]bool{}}
	r.calls = sites
	info := r.pass.TypesInfo
	callees := map[*ast.Ident]bool{}
	for _, f := range r.pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
					if fn, ok := info.Uses[id].(*types.Func); ok && r.funcDecls[fn] != nil {
						sites.calls[fn] = append(sites.calls[fn], n)
						callees[id] = true
					}
				}
			case *ast.Ident:
				if fn, ok := info.Uses[n].(*types.Func); ok && !callees[n] {
					sites.escaped[fn] = true
				}
			case *ast.IncDecStmt:
				if obj := r.Object(n.X); obj != nil {
					sites.stepped[obj] = true
				}
			case *ast.UnaryExpr:
				if obj := r.Object(n.X); obj != nil && n.Op == token.AND {
					sites.stepped[obj] = true
				}
			}
			return true
		})
	}
	return sites
}

// ExportFacts exports a Fact for every function of the package whose
// first result is an integer that is the CPU count, or a constant (for
// functions without a receiver), whatever its arguments.
func (r *Resolver) ExportFacts() {
	for fn, decl := range r.funcDecls {
		results := fn.Type().(*types.Signature).Results()
		if decl.Body == nil || results.Len() == 0 {
			continue
		}
		if t, ok := results.At(0).Type().Underlying().(*types.Basic); !ok || t.Info()&types.IsInteger == 0 {
			continue
		}
		s := r.evalReturns(decl, 0, 0, map[types.Object]bool{fn: true})
		// Methods that return a constant (a hash's Size) are many and
		// never size a pool: their facts would only weigh on go vet.
		if s.Class == CPU || (s.Class == Constant && decl.Recv == nil) {
			s.Origin = token.NoPos
			r.pass.ExportObjectFact(fn, &Fact{Size: s})
		}
	}
}

// configFuncs read a value from outside the program at run time.
var configFuncs = map[string]bool{
	"os.Getenv": true, "os.LookupEnv": true, "strconv.Atoi": true, "strconv.ParseInt": true,
	"strconv.ParseUint": true, "strconv.ParseFloat": true,
}

func shortName(fullName string) string {
	if i := strings.LastIndex(fullName, "/"); i >= 0 {
		return fullName[i+1:]
	}
	return fullName
}

// evalReturns joins the index-th result of every return of a helper.
func (r *Resolver) evalReturns(decl *ast.FuncDecl, index, depth int, seen map[types.Object]bool) Size {
	key := returnKey{decl, index}
	if s, ok := r.returns[key]; ok {
		return s
	}
	if r.returns == nil {
		r.returns = map[returnKey]Size{}
	}
	r.returns[key] = Size{} // unknown while it is being evaluated: a cycle
	var result Size
	first := true
	ast.Inspect(decl.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			var s Size
			if index < len(n.Results) && len(n.Results) > 1 || (index == 0 && len(n.Results) == 1) {
				s = r.eval(n.Results[index], depth, seen)
			}
			if first {
				result, first = s, false
			} else {
				result = join(result, s)
			}
		}
		return true
	})
	r.returns[key] = result
	return result
}

// join merges the sizes a variable may hold: configuration wins, since the
// program then follows the user's choice; an unknown part makes the whole
// unknown; a CPU-derived part makes the whole CPU-derived (a CPU count
// capped by a constant is still sized to the cores).
func join(a, b Size) Size {
	switch {
	case a.Class == Config:
		return a
	case b.Class == Config:
		return b
	case a.Class == Unknown || b.Class == Unknown:
		return Size{}
	case a.Class == Param || b.Class == Param:
		if a == b {
			return a
		}
		return Size{}
	case a.Class == CPU && b.Class == CPU:
		if b.Factor > a.Factor {
			return b
		}
		return a
	case a.Class == CPU:
		return a
	case b.Class == CPU:
		return b
	}
	if b.Value > a.Value {
		return b
	}
	return a
}

func minMax(op string, a, b Size) Size {
	if a.Class == Constant && b.Class == Constant {
		if (op == "max") == (b.Value > a.Value) {
			return b
		}
		return a
	}
	return join(a, b)
}

// arith combines the operands of a binary expression.
func arith(op token.Token, x, y Size) Size {
	if x.Class == Config {
		return x
	}
	if y.Class == Config {
		return y
	}
	if x.Class == Constant && y.Class == Constant {
		v, ok := fold(op, x.Value, y.Value)
		if !ok {
			return Size{}
		}
		return Size{Class: Constant, Value: v, Origin: x.Origin}
	}
	if y.Class == CPU && x.Class == Constant && (op == token.MUL || op == token.ADD) {
		x, y = y, x
	}
	if x.Class != CPU || y.Class != Constant {
		return Size{}
	}
	k := y.Value
	switch op {
	case token.MUL:
		x.Factor *= float64(k)
		x.Offset *= k
		x.Source = fmt.Sprintf("%s×%d", x.Source, k)
	case token.QUO:
		if k == 0 {
			return Size{}
		}
		x.Factor /= float64(k)
		x.Offset /= k
		x.Source = fmt.Sprintf("%s/%d", x.Source, k)
	case token.ADD:
		x.Offset += k
		x.Source = fmt.Sprintf("%s+%d", x.Source, k)
	case token.SUB:
		x.Offset -= k
		x.Source = fmt.Sprintf("%s-%d", x.Source, k)
	default:
		return Size{}
	}
	return x
}

func fold(op token.Token, a, b int64) (int64, bool) {
	switch op {
	case token.ADD:
		return a + b, true
	case token.SUB:
		return a - b, true
	case token.MUL:
		return a * b, true
	case token.QUO:
		if b != 0 {
			return a / b, true
		}
	case token.SHL:
		if b >= 0 && b < 63 {
			return a << b, true
		}
	}
	return 0, false
}

// written is the expression as gofmt prints it (as the user wrote it, in
// formatted code).
func (r *Resolver) written(e ast.Expr) string {
	var b strings.Builder
	if err := printer.Fprint(&b, r.pass.Fset, e); err != nil {
		return types.ExprString(e)
	}
	return b.String()
}
