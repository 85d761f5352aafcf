// Package reqscope recognises request scope: the functions that run once
// per incoming request (HTTP handlers, ServeHTTP methods, gRPC service
// methods, and entry points the user names), and which of their values
// carry data the client sent.
package reqscope

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/chains"
)

// Kind is how a function was recognised as an entry point.
type Kind int

const (
	HandlerFunc Kind = iota // func(http.ResponseWriter, *http.Request), declared or literal
	ServeHTTP               // a ServeHTTP method with that signature
	GRPC                    // a method of a type embedding an Unimplemented...Server type
	Configured              // named by the user (a message consumer, a job handler)
)

// Entry is a function in request scope.
type Entry struct {
	Kind Kind
	Decl *ast.FuncDecl // the declaration, or nil for a literal
	Lit  *ast.FuncLit  // the literal, or nil for a declaration
	Func *types.Func   // the declared function, or nil for a literal
	// Name says what the entry is, for messages: "handler listUsers",
	// "gRPC method (*server).GetUsers", "handler func literal in main".
	Name string
	// Inputs are the parameters that carry request data, with the words
	// that say where their data comes from.
	Inputs map[*types.Var]string
}

// Body is the entry's function body.
func (e *Entry) Body() *ast.BlockStmt {
	if e.Lit != nil {
		return e.Lit.Body
	}
	return e.Decl.Body
}

// Node is the entry's declaration or literal.
func (e *Entry) Node() ast.Node {
	if e.Lit != nil {
		return e.Lit
	}
	return e.Decl
}

// Find returns the entry points of the package, in source order. extra
// names more entry points in types.Func.FullName form
// ("example.com/queue.Handle", "(*example.com/queue.Consumer).Handle");
// all their parameters but contexts carry input.
func Find(pass *analysis.Pass, extra map[string]bool) []*Entry {
	info := pass.TypesInfo
	var entries []*Entry
	for _, f := range pass.Files {
		var outer *ast.FuncDecl
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				outer = n
				fn, ok := info.Defs[n.Name].(*types.Func)
				if !ok || n.Body == nil {
					return true
				}
				if e := declEntry(pass, n, fn, extra); e != nil {
					entries = append(entries, e)
				}
			case *ast.FuncLit:
				if sig, ok := info.TypeOf(n).(*types.Signature); ok && isHandlerSig(sig) {
					name := "handler func literal"
					if outer != nil {
						if fn, ok := info.Defs[outer.Name].(*types.Func); ok {
							name += " in " + chains.DisplayName(fn, pass.Pkg)
						}
					}
					entries = append(entries, &Entry{Kind: HandlerFunc, Lit: n, Name: name,
						Inputs: map[*types.Var]string{sig.Params().At(1): fromRequest}})
				}
			}
			return true
		})
	}
	return entries
}

// fromRequest describes the request parameter of an HTTP handler.
const fromRequest = "from the request"

func declEntry(pass *analysis.Pass, decl *ast.FuncDecl, fn *types.Func, extra map[string]bool) *Entry {
	sig := fn.Type().(*types.Signature)
	name := chains.DisplayName(fn, pass.Pkg)
	e := &Entry{Decl: decl, Func: fn, Inputs: map[*types.Var]string{}}
	switch {
	case isHandlerSig(sig) || isServeHTTP(fn, sig):
		e.Kind, e.Name = HandlerFunc, "handler "+name
		if fn.Name() == "ServeHTTP" && sig.Recv() != nil {
			e.Kind = ServeHTTP
		}
		e.Inputs[sig.Params().At(1)] = fromRequest
	case isGRPCMethod(fn):
		e.Kind, e.Name = GRPC, "gRPC method "+name
		for i := range sig.Params().Len() {
			p := sig.Params().At(i)
			switch {
			case isContext(p.Type()):
			case IsStream(p.Type()):
				e.Inputs[p] = "received from the gRPC stream"
			default:
				e.Inputs[p] = "from the gRPC request"
			}
		}
	case extra[fn.FullName()] || extra[fn.Origin().FullName()]:
		e.Kind, e.Name = Configured, "entry point "+name
		for i := range sig.Params().Len() {
			if p := sig.Params().At(i); !isContext(p.Type()) {
				e.Inputs[p] = "from parameter " + p.Name() + " of the entry point"
			}
		}
	default:
		return nil
	}
	return e
}

// isHandlerSig reports whether sig is func(http.ResponseWriter, *http.Request).
func isHandlerSig(sig *types.Signature) bool {
	if sig.Params().Len() != 2 || sig.Results().Len() != 0 {
		return false
	}
	return isNamed(sig.Params().At(0).Type(), "net/http", "ResponseWriter") &&
		isNamed(deref(sig.Params().At(1).Type()), "net/http", "Request")
}

// isServeHTTP reports whether fn is a ServeHTTP method whose parameters
// start with (http.ResponseWriter, *http.Request), whatever follows: the
// middleware of frameworks such as Caddy add a next handler and an error.
func isServeHTTP(fn *types.Func, sig *types.Signature) bool {
	return fn.Name() == "ServeHTTP" && sig.Recv() != nil && sig.Params().Len() >= 2 &&
		isNamed(sig.Params().At(0).Type(), "net/http", "ResponseWriter") && IsRequest(sig.Params().At(1).Type())
}

// IsRequest reports whether t is *http.Request.
func IsRequest(t types.Type) bool {
	_, ptr := t.(*types.Pointer)
	return ptr && isNamed(deref(t), "net/http", "Request")
}

// isGRPCMethod reports whether fn is a method of a type that embeds an
// Unimplemented...Server type which has a method of the same name: the
// service methods generated gRPC code asks the server to implement.
func isGRPCMethod(fn *types.Func) bool {
	recv := fn.Type().(*types.Signature).Recv()
	if recv == nil || !fn.Exported() || strings.HasPrefix(fn.Name(), "mustEmbed") {
		return false
	}
	st, ok := deref(recv.Type()).Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for i := range st.NumFields() {
		f := st.Field(i)
		named, ok := deref(f.Type()).(*types.Named)
		if !f.Embedded() || !ok {
			continue
		}
		tname := named.Obj().Name()
		if !strings.HasPrefix(tname, "Unimplemented") || !strings.HasSuffix(tname, "Server") {
			continue
		}
		if hasMethod(named, fn.Name()) {
			return true
		}
	}
	return false
}

func hasMethod(t types.Type, name string) bool {
	obj, _, _ := types.LookupFieldOrMethod(t, true, nil, name)
	_, ok := obj.(*types.Func)
	return ok
}

// IsStream reports whether t is a gRPC server stream: an interface with a
// Recv or Send method.
func IsStream(t types.Type) bool {
	if !types.IsInterface(t) {
		return false
	}
	return hasMethod(t, "Recv") || hasMethod(t, "Send")
}

func isContext(t types.Type) bool { return isNamed(t, "context", "Context") }

func isNamed(t types.Type, pkg, name string) bool {
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == pkg && named.Obj().Name() == name
}

func deref(t types.Type) types.Type {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		return p.Elem()
	}
	return types.Unalias(t)
}
