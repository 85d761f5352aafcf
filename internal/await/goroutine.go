package await

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"
)

// Goroutine is a goroutine that a spawn starts, with what it shares with
// the code around the spawn: the function that holds the spawn, or, when
// that is a literal, the declared function around it, with all their
// literals (a test server's handler hands its results to the test).
type Goroutine struct {
	m     *Model
	spawn ssa.CallInstruction
	scope *scope
	recv  place // the spawn call's receiver (ng.Go(f)), or none
	own   map[*ssa.Function]bool
	code  []*ssa.Function       // the goroutine's function and its literals
	env   map[ssa.Value]place   // binds code's parameters and free variables
	calls []ssa.CallInstruction // in code
	// shared are the places of the scope that the goroutine uses, with
	// what they are.
	shared map[place]kind
	// reach holds the blocks that may run after the spawn's, by after.
	reach map[*ssa.BasicBlock]bool
	// exhausted says that the budget ran out: the goroutine is awaited,
	// and shares what may await it.
	exhausted bool
}

// kind says what a place holds, when it matters to awaiting.
type kind uint8

const (
	chanKind kind = 1 << iota
	groupKind
	pipeKind
)

// scope is a declared function with its literals, nested ones included,
// and the places that the literals' free variables stand for; ops indexes
// the channel operations and Wait calls of all of them by their place.
type scope struct {
	funcs map[*ssa.Function]bool
	env   map[ssa.Value]place
	ops   map[place][]ssa.Instruction
}

// Goroutine returns the goroutine started at spawn (a go statement, or a
// call that runs its function argument in a new goroutine), or nil if the
// spawn is not in the package's SSA, or only in dead code. It is computed
// once per spawn.
func (m *Model) Goroutine(spawn ast.Node) *Goroutine {
	at := m.spawnAt(spawn)
	if at == nil {
		return nil
	}
	if g, ok := m.goroutines[at]; ok {
		return g
	}
	root := at.Parent()
	for root.Parent() != nil {
		root = root.Parent()
	}
	scope := m.scopeOf(root)
	for fn := at.Parent(); fn.Parent() != nil; fn = fn.Parent() {
		if len(fn.FreeVars) == 0 {
			continue
		}
		if _, made := scope.env[fn.FreeVars[0]]; !made {
			m.goroutines[at] = nil
			return nil // a literal made only in dead code (after t.Skip): so is the spawn
		}
	}
	g := &Goroutine{m: m, spawn: at, scope: scope, own: map[*ssa.Function]bool{}, shared: map[place]kind{}}
	m.goroutines[at] = g
	if r := receiver(at.Common()); r != nil {
		g.recv = locate(r, g.scope.env)
	}
	var ops [8]*ssa.Value
	use := func(v ssa.Value, env map[ssa.Value]place) {
		if p := locate(v, env); g.isShared(p) {
			g.shared[p] |= kindOf(v.Type(), m.isGroup)
		}
	}
	if _, ok := at.(*ssa.Go); ok {
		// what the go statement passes, whether or not its callee's
		// code is in the package
		for _, op := range at.Operands(ops[:0]) {
			use(*op, g.scope.env)
		}
	}
	first := goroutine(at, g.scope.env)
	if first.fn == nil {
		return g
	}
	g.env = first.env
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		g.own[fn] = true
		g.code = append(g.code, fn)
		bindLiterals(fn, g.env)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	add(first.fn)
	for _, fn := range g.code {
		for _, b := range fn.Blocks {
			if !m.budget.spend(len(b.Instrs)) {
				g.exhausted = true
				return g
			}
			for _, instr := range b.Instrs {
				if call, ok := instr.(ssa.CallInstruction); ok {
					g.calls = append(g.calls, call)
				}
				for _, op := range instr.Operands(ops[:0]) {
					if *op != nil {
						use(*op, g.env)
					}
				}
			}
		}
	}
	return g
}

// isShared reports whether p is a place of the scope outside the
// goroutine's own code, or a package variable.
func (g *Goroutine) isShared(p place) bool {
	switch p.root.(type) {
	case *ssa.Global:
		return true
	case *ssa.Function:
		return false // a literal
	}
	fn := p.root.Parent()
	return fn != nil && g.scope.funcs[fn] && !g.own[fn]
}

// kindOf says what a value of type t holds, or, for a pointer, the
// variable it points to.
func kindOf(t types.Type, isGroup func(types.Type) bool) kind {
	if isGroup == nil {
		return 0
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	switch {
	case isGroup(t):
		return groupKind
	case isNamed(t, "io", "PipeWriter") || isNamed(t, "io", "PipeReader"):
		return pipeKind
	}
	if _, ok := t.Underlying().(*types.Chan); ok {
		return chanKind
	}
	return 0
}

// scopeOf indexes the declared function root and its literals once.
func (m *Model) scopeOf(root *ssa.Function) *scope {
	if s, ok := m.scopes[root]; ok {
		return s
	}
	s := &scope{funcs: map[*ssa.Function]bool{}, env: map[ssa.Value]place{}, ops: map[place][]ssa.Instruction{}}
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		s.funcs[fn] = true
		bindLiterals(fn, s.env)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	add(root)
	for fn := range s.funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				for _, v := range awaitedBy(instr) {
					p := locate(v, s.env)
					s.ops[p] = append(s.ops[p], instr)
				}
			}
		}
	}
	m.scopes[root] = s
	return s
}

// bindLiterals binds, in env, the free variables of the literals that fn
// makes to the places of fn's values.
func bindLiterals(fn *ssa.Function, env map[ssa.Value]place) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if c, ok := instr.(*ssa.MakeClosure); ok {
				lit := c.Fn.(*ssa.Function)
				for i, v := range c.Bindings {
					env[lit.FreeVars[i]] = locate(v, env)
				}
			}
		}
	}
}

// awaitedBy returns the values that instr may wait for or signal: the
// channel of a receive, a send, a select's case or a close, the receiver
// of a Wait call.
func awaitedBy(instr ssa.Instruction) []ssa.Value {
	switch instr := instr.(type) {
	case *ssa.UnOp:
		if instr.Op == token.ARROW {
			return []ssa.Value{instr.X}
		}
	case *ssa.Send:
		return []ssa.Value{instr.Chan}
	case *ssa.Select:
		var chans []ssa.Value
		for _, st := range instr.States {
			chans = append(chans, st.Chan)
		}
		return chans
	case ssa.CallInstruction:
		call := instr.Common()
		if b, ok := call.Value.(*ssa.Builtin); ok && b.Name() == "close" {
			return call.Args
		}
		if r := receiver(call); r != nil && isCallTo(call, "Wait") {
			return []ssa.Value{r}
		}
	}
	return nil
}

// receiver is the receiver of a method call, or nil.
func receiver(call *ssa.CallCommon) ssa.Value {
	if call.IsInvoke() {
		return call.Value
	}
	if fn := call.StaticCallee(); fn != nil && fn.Signature.Recv() != nil && len(call.Args) > 0 {
		return call.Args[0]
	}
	return nil
}

// Awaited reports whether the code around the spawn may wait for the
// goroutine, on some path from its start: a Wait on a group the goroutine
// uses (or on the receiver of the call that started it), a receive from,
// a send on or a close of a channel it uses, in the function that starts
// it after the spawn or deferred, or anywhere in the literals of the scope
// (a closer goroutine's Wait, the test around a handler literal). A group
// that is not a variable of the scope (a parameter, a field) is waited for
// elsewhere; the two ends of an io.Pipe of the scope wait for each other.
// Once the budget runs out, the goroutine is awaited.
func (g *Goroutine) Awaited() bool {
	if g.exhausted {
		return true
	}
	if g.recv.root != nil && g.waited(g.recv) {
		return true
	}
	for p, k := range g.shared {
		_, variable := p.root.(ssa.Instruction)
		variable = variable && p.field == ""
		switch {
		case k&groupKind != 0 && !variable, k&pipeKind != 0 && variable:
			return true
		case k&(groupKind|chanKind) != 0 && g.waited(p):
			return true
		}
	}
	return false
}

// waited reports whether the scope waits for p after the spawn (see
// Awaited).
func (g *Goroutine) waited(p place) bool {
	for _, instr := range g.scope.ops[p] {
		fn := instr.Parent()
		_, deferred := instr.(*ssa.Defer)
		switch {
		case g.own[fn] || instr == g.spawn:
		case fn != g.spawn.Parent() || deferred || g.after(instr):
			return true
		}
	}
	return false
}

// after reports whether instr, in the function of the spawn, may run after
// it; it answers yes once the budget runs out.
func (g *Goroutine) after(instr ssa.Instruction) bool {
	from := g.spawn.Block()
	if instr.Block() == from && slices.Index(from.Instrs, instr) > slices.Index(from.Instrs, ssa.Instruction(g.spawn)) {
		return true // later in the spawn's block
	}
	if g.reach == nil {
		g.reach = map[*ssa.BasicBlock]bool{}
		queue := []*ssa.BasicBlock{from}
		for len(queue) > 0 {
			b := queue[len(queue)-1]
			queue = queue[:len(queue)-1]
			if !g.m.budget.spend(len(b.Succs)) {
				g.exhausted = true
				break
			}
			for _, s := range b.Succs {
				if !g.reach[s] {
					g.reach[s] = true
					queue = append(queue, s)
				}
			}
		}
	}
	return g.exhausted || g.reach[instr.Block()]
}

// AwaitedInIteration reports whether the goroutine is awaited before the
// spawn runs again, within loop (a loop statement around the spawn): on
// some path from the spawn that stays in the loop, a Wait on a group it
// uses or on the receiver of its spawn call, or a receive from a channel
// it uses, after the spawn or at the top of the next iteration. Then the
// loop runs one goroutine at a time. Once the budget runs out, it is.
func (g *Goroutine) AwaitedInIteration(loop ast.Node) bool {
	if g.exhausted {
		return true
	}
	awaits := func(instr ssa.Instruction) bool {
		switch instr.(type) {
		case *ssa.Call, *ssa.UnOp, *ssa.Select:
		default:
			return false // a deferred wait waits once, at the end
		}
		for _, v := range awaitedBy(instr) {
			p := locate(v, g.scope.env)
			if _, shared := g.shared[p]; p == g.recv || (shared && !isSignal(instr)) {
				return true
			}
		}
		return false
	}
	stopped, exhausted := g.m.forward(g.spawn, func(_ *ssa.BasicBlock, instrs []ssa.Instruction) step {
		for _, instr := range instrs {
			if instr == g.spawn || (instr.Pos().IsValid() && (instr.Pos() < loop.Pos() || instr.Pos() >= loop.End())) {
				return prune // the spawn again, or out of the loop
			}
			if awaits(instr) {
				return stop
			}
		}
		return goOn
	})
	return stopped || exhausted
}

// isSignal reports whether instr only signals a channel (a send, a close)
// or is a select that does not receive.
func isSignal(instr ssa.Instruction) bool {
	switch instr := instr.(type) {
	case *ssa.Select:
		for _, st := range instr.States {
			if st.Dir == types.RecvOnly {
				return false
			}
		}
		return true
	case *ssa.Call:
		return !isCallTo(instr.Common(), "Wait")
	}
	return false
}

// Shares reports whether the goroutine uses a channel or a group of the
// code around its spawn: then that code may await it.
func (g *Goroutine) Shares() bool {
	if g.exhausted {
		return true
	}
	for _, k := range g.shared {
		if k&(chanKind|groupKind) != 0 {
			return true
		}
	}
	return false
}

// Calls reports whether the goroutine's function or its literals make a
// call for which is holds.
func (g *Goroutine) Calls(is func(*ssa.CallCommon) bool) bool {
	return slices.ContainsFunc(g.calls, func(call ssa.CallInstruction) bool { return is(call.Common()) })
}

// WaitsOnContext reports whether the goroutine waits on the Done channel
// of a context that its starter does not detach from the caller's (one
// from context.Background, TODO or WithoutCancel, or derived from one):
// it ends when the context of the code that starts it is cancelled.
func (g *Goroutine) WaitsOnContext() bool {
	for _, call := range g.calls {
		ctx := receiver(call.Common())
		if ctx != nil && isCallTo(call.Common(), "Done") && isNamed(ctx.Type(), "context", "Context") &&
			!g.detached(locate(ctx, g.env), 8) {
			return true
		}
	}
	return false
}

// detached reports whether the context at p comes from one that no caller
// cancels, through at most depth definitions.
func (g *Goroutine) detached(p place, depth int) bool {
	if p.field != "" || depth == 0 {
		return false
	}
	switch v := p.root.(type) {
	case *ssa.Call:
		callee := v.Call.StaticCallee()
		if callee == nil {
			return false
		}
		fn, ok := callee.Object().(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "context" {
			return false
		}
		switch fn.Name() {
		case "Background", "TODO", "WithoutCancel":
			return true
		}
		return len(v.Call.Args) > 0 && g.detached(locate(v.Call.Args[0], g.scope.env), depth-1)
	case *ssa.Extract:
		return g.detached(place{root: v.Tuple}, depth-1)
	case *ssa.Phi:
		for _, e := range v.Edges {
			if g.detached(locate(e, g.scope.env), depth-1) {
				return true
			}
		}
	case *ssa.Alloc:
		for _, r := range *v.Referrers() {
			if st, ok := r.(*ssa.Store); ok && st.Addr == v && g.detached(locate(st.Val, g.scope.env), depth-1) {
				return true
			}
		}
	}
	return false
}

func isNamed(t types.Type, pkg, name string) bool {
	named, ok := types.Unalias(t).(*types.Named)
	return ok && named.Obj().Pkg() != nil && named.Obj().Pkg().Path() == pkg && named.Obj().Name() == name
}
