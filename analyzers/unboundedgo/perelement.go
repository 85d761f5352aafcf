package unboundedgo

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/reqscope"
)

// PerElement marks a function that starts one goroutine per element of
// some of its parameters, with no bound: a request-scope caller that
// passes request data there is reported at the call.
type PerElement struct {
	Spawns []ElementSpawn
}

// ElementSpawn is one parameter that sets a goroutine count, and the go
// statement (or Go call) that the count applies to.
type ElementSpawn struct {
	Param int
	Pos   token.Pos // the spawn; valid only where the file set is shared
	File  string    // where the spawn stands, for messages in any file set
	Line  int
	Via   string // the calls from the function to the spawn: "fetchAll → fetchOne", or ""
}

func (*PerElement) AFact() {}

func (f *PerElement) String() string {
	var parts []string
	for _, s := range f.Spawns {
		parts = append(parts, fmt.Sprintf("param %d", s.Param))
	}
	return "spawns one goroutine per element of " + strings.Join(parts, ", ")
}

// spawnOf returns the spawn recorded for parameter i, or nil.
func (f *PerElement) spawnOf(i int) *ElementSpawn {
	for k := range f.Spawns {
		if f.Spawns[k].Param == i {
			return &f.Spawns[k]
		}
	}
	return nil
}

// exportFacts computes the PerElement facts of the package's functions
// outside request scope, following calls between them until nothing
// changes, and exports them.
func (c *checker) exportFacts(isEntry map[*types.Func]bool) {
	var candidates []*types.Func
	for fn, decl := range c.decls {
		// a cheap filter: functions with parameters that start goroutines,
		// themselves or through calls (buildCallees' maySpawn)
		if !isEntry[fn] && decl.Type.Params.NumFields() > 0 && c.callees.Reaches(fn.Pos(), maySpawn) {
			candidates = append(candidates, fn)
		}
	}
	sort.Slice(candidates, func(i, j int) bool { return candidates[i].Pos() < candidates[j].Pos() })
	inputs := map[*types.Func]*reqscope.Inputs{}
	for _, fn := range candidates {
		inputs[fn] = reqscope.ParamInputs(c.pass.TypesInfo, fn.Type().(*types.Signature), c.decls[fn].Body)
	}
	for range 4 { // each round follows one more call between the package's functions
		changed := false
		for _, fn := range candidates {
			decl := c.decls[fn]
			for _, fo := range c.fanOuts(decl.Body, inputs[fn], nil) {
				if fo.origin.Param < 0 {
					continue
				}
				fact := c.facts[fn]
				if fact == nil {
					fact = &PerElement{}
					c.facts[fn] = fact
				}
				if fact.spawnOf(fo.origin.Param) == nil {
					fact.Spawns = append(fact.Spawns, c.elementSpawn(fo))
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	for fn, fact := range c.facts {
		c.pass.ExportObjectFact(fn, fact)
	}
}

// elementSpawn is what a fact records of a fan-out.
func (c *checker) elementSpawn(fo fanOut) ElementSpawn {
	if fo.spawn != nil { // through a call: the spawn is the callee's
		s := *fo.spawn
		s.Param = fo.origin.Param
		s.Via = funcnames.Display(fo.callee, nil) + joinVia(s.Via)
		return s
	}
	p := c.pass.Fset.Position(fo.node.Pos())
	return ElementSpawn{Param: fo.origin.Param, Pos: fo.node.Pos(), File: p.Filename, Line: p.Line}
}

func joinVia(via string) string {
	if via == "" {
		return ""
	}
	return " → " + via
}
