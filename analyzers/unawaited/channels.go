package unawaited

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/await"
)

// A chanFlow describes how the function that makes a channel uses it.
type chanFlow struct {
	make      *ssa.MakeChan
	escapes   bool // stored, passed on, captured by a non-goroutine closure, or received by another goroutine
	returned  bool // returned by the function (a future, rule 3)
	awaits    []await.Point
	recvs     []ssa.Instruction // the receives (<-ch, a select) behind the awaits
	receives  []await.Point     // the awaits that take a value for sure: <-ch, a select case known to be on ch
	consumers []consumerCall    // calls that receive from it, and may stop (also awaits)
	uses      []*ssa.BasicBlock
	senders   []*sender
	rangers   []ssa.CallInstruction // goroutines that only range over it: they end when it is closed (rule 6)
	closes    []await.Point         // the starter's close(ch)
}

// A sender is a goroutine started by a go statement (or a call of a spawn
// helper) that sends on the channel, and receives nothing from it.
type sender struct {
	spawn ssa.CallInstruction
	body  *ssa.Function
	sendSummary
}

// A sendSite is where a goroutine sends on the channel: a send or a select
// in its body, or a call that hands the channel to a function of the
// package that only sends on it.
type sendSite struct {
	block       *ssa.BasicBlock
	n           int  // unguarded sends on one path through the site; -1: unbounded (a loop in a callee)
	guarded     bool // every send of the site can give up (a select with default or a receive case)
	every       bool // every path through the site sends (unguarded)
	loop        bool // the site sends in a loop of a callee
	someGuarded bool // some sends of the callee can give up
	bound       int  // most unguarded sends per run of the site, counted loops included; -1: unbounded
}

// shared reports whether another party than the starter may receive from
// the channel: it escapes, or a goroutine ranges over it.
func (f *chanFlow) shared() bool { return f.escapes || len(f.rangers) > 0 }

// flowOf follows the uses of the channel m in the function that makes it.
func (c *checker) flowOf(m *ssa.MakeChan) *chanFlow {
	f := &chanFlow{make: m}
	c.follow(f, m)
	return f
}

func (c *checker) follow(f *chanFlow, v ssa.Value) {
	paths := c.await.Paths(f.make.Parent())
	for _, instr := range *v.Referrers() {
		if _, ok := instr.(*ssa.DebugRef); ok {
			continue
		}
		f.uses = append(f.uses, instr.Block())
		switch instr := instr.(type) {
		case *ssa.UnOp:
			switch {
			case instr.Op == token.ARROW:
				f.awaits = append(f.awaits, paths.At(instr))
				f.receives = append(f.receives, paths.At(instr))
				f.recvs = append(f.recvs, instr)
			case instr.Op == token.MUL && instr.X == v:
				c.follow(f, instr) // a load of the variable that holds the channel
			default:
				f.escapes = true
			}
		case *ssa.Store:
			if a, ok := variable(instr, v); ok {
				if a != v {
					c.follow(f, a)
				}
			} else {
				f.escapes = true
			}
		case *ssa.Select:
			for i, st := range instr.States {
				if st.Send == v {
					f.escapes = true
				}
				if st.Chan == v && st.Dir == types.RecvOnly {
					at := paths.SelectCase(instr, i)
					f.awaits = append(f.awaits, at)
					if at != paths.At(instr) {
						f.receives = append(f.receives, at)
					}
					f.recvs = append(f.recvs, instr)
				}
			}
		case *ssa.Send:
			if instr.X == v {
				f.escapes = true
			}
		case *ssa.ChangeType:
			c.follow(f, instr)
		case *ssa.Call:
			if isBuiltin(instr.Common(), "close") {
				f.closes = append(f.closes, paths.At(instr))
				continue
			}
			if isBuiltin(instr.Common(), "len", "cap") {
				continue
			}
			if cc, ok := c.consumerOf(instr, v); ok {
				f.consumers = append(f.consumers, cc)
				f.awaits = append(f.awaits, paths.At(instr))
				continue
			}
			f.escapes = true
		case *ssa.Return:
			f.returned = true
		case *ssa.MakeClosure:
			spawn, ok := c.onlySpawn(instr)
			if !ok {
				f.escapes = true
				continue
			}
			body := instr.Fn.(*ssa.Function)
			for i, b := range instr.Bindings {
				if b == v {
					c.addGoroutine(f, spawn, body, body.FreeVars[i])
				}
			}
		case *ssa.Go:
			callee := instr.Call.StaticCallee()
			if callee == nil || len(callee.Blocks) == 0 || callee.Pkg != f.make.Parent().Pkg ||
				instr.Call.Value == v || len(callee.Params) != len(instr.Call.Args) {
				f.escapes = true
				continue
			}
			for i, a := range instr.Call.Args {
				if a == v {
					c.addGoroutine(f, instr, callee, callee.Params[i])
				}
			}
		default:
			f.escapes = true
		}
	}
}

// onlySpawn returns the go statement, or the call of a spawn helper, that
// runs the closure in a new goroutine, when that is its only use.
func (c *checker) onlySpawn(mc *ssa.MakeClosure) (ssa.CallInstruction, bool) {
	var spawn ssa.CallInstruction
	for _, r := range *mc.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
		case *ssa.Go:
			if r.Call.Value != mc || spawn != nil {
				return nil, false
			}
			spawn = r
		case *ssa.Call:
			if spawn != nil || c.spawnedClosure(r.Common()) != mc {
				return nil, false
			}
			spawn = r
		default:
			return nil, false
		}
	}
	return spawn, spawn != nil
}

// spawnedClosure returns the function value that call runs in a new
// goroutine when it calls a spawn helper (safe.Go(f)), or nil; the value
// must be handed to the call once, as that argument.
func (c *checker) spawnedClosure(call *ssa.CallCommon) ssa.Value {
	i, ok := c.spawns.SpawnedArg(call)
	if !ok {
		return nil
	}
	f := call.Args[i]
	if call.Value == f {
		return nil
	}
	for j, a := range call.Args {
		if a == f && j != i {
			return nil
		}
	}
	return f
}

// startsGoroutines reports whether fn has a go statement or calls a spawn
// helper.
func (c *checker) startsGoroutines(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Go:
				return true
			case *ssa.Call:
				if c.spawnedClosure(instr.Common()) != nil {
					return true
				}
			}
		}
	}
	return false
}

// variable recognises the store that initialises a local variable which
// closures capture (go/ssa captures variables by reference): v is stored,
// once, into an Alloc. It returns the Alloc, and true as well for that
// store seen from the Alloc itself.
func variable(store *ssa.Store, v ssa.Value) (ssa.Value, bool) {
	a, ok := store.Addr.(*ssa.Alloc)
	if !ok || (store.Val != v && a != v) {
		return nil, false
	}
	stores := 0
	for _, r := range *a.Referrers() {
		if s, ok := r.(*ssa.Store); ok && s.Addr == a {
			stores++
		}
	}
	return a, stores == 1
}

func isBuiltin(call *ssa.CallCommon, names ...string) bool {
	b, ok := call.Value.(*ssa.Builtin)
	if !ok {
		return false
	}
	for _, n := range names {
		if b.Name() == n {
			return true
		}
	}
	return false
}

// addGoroutine records the goroutine body that receives the channel as p:
// a sender, or a goroutine that only ranges over it; it marks the channel
// escaped when the body does more with it.
func (c *checker) addGoroutine(f *chanFlow, spawn ssa.CallInstruction, body *ssa.Function, p ssa.Value) {
	sum, ok := c.sendSummary(body, p)
	if !ok {
		if rangesUntilClosed(c.await.Paths(body), p) {
			f.rangers = append(f.rangers, spawn)
		} else {
			f.escapes = true
		}
		return
	}
	f.senders = append(f.senders, &sender{spawn: spawn, body: body, sendSummary: sum})
}

// A sendSummary says how a function sends on one of its channel values.
type sendSummary struct {
	sends       int  // most unguarded sends on one path; -1 when a loop sends
	every       bool // every path to a return sends (unguarded)
	any         bool // it sends at all, guarded or not
	stream      bool // it sends in a loop, guarded or not: a stream, not a future
	loopSend    bool // it sends unguarded in a loop: a stream that blocks when nobody receives
	finalSend   bool // it sends unguarded outside loops too: perhaps a last message, after the stream
	someGuarded bool // some of its sends can give up (a select on a done channel)
	bound       int  // most unguarded sends in its life, loops counted by a constant included; -1: unbounded
}

// sendSummary summarises fn's sends on p, or reports false when fn does
// more with p than send, close and measure it.
func (c *checker) sendSummary(fn *ssa.Function, p ssa.Value) (sendSummary, bool) {
	var sites []sendSite
	if !c.sendsOnly(fn, p, &sites) {
		return sendSummary{}, false
	}
	paths := c.await.Paths(fn)
	var unguarded []sendSite
	var every []*ssa.BasicBlock
	sum := sendSummary{any: len(sites) > 0}
	for _, st := range sites {
		inLoop := paths.Loops().Of[st.block.Index] >= 0 || st.loop
		sum.stream = sum.stream || inLoop
		sum.someGuarded = sum.someGuarded || st.someGuarded
		if st.guarded {
			sum.someGuarded = true
			continue
		}
		unguarded = append(unguarded, st)
		sum.loopSend = sum.loopSend || inLoop || st.n < 0
		sum.finalSend = sum.finalSend || (!inLoop && st.n > 0)
		if st.every {
			every = append(every, st.block)
		}
		runs := paths.Executions(st.block)
		if st.bound < 0 || runs < 0 || sum.bound < 0 {
			sum.bound = -1
		} else {
			sum.bound += st.bound * runs
		}
	}
	sum.sends = c.maxOnPath(fn, unguarded)
	sum.every = paths.EveryPathPasses(every)
	return sum, true
}

// calleeSends summarises the sends of a function of the package on its
// parameter p, once per parameter; a recursive call is not followed.
func (c *checker) calleeSends(fn *ssa.Function, p *ssa.Parameter) (sendSummary, bool) {
	if sum, ok := c.paramSends[p]; ok {
		if sum == nil {
			return sendSummary{}, false
		}
		return *sum, true
	}
	c.paramSends[p] = nil // in progress: a recursive call hands the channel on
	sum, ok := c.sendSummary(fn, p)
	if ok {
		c.paramSends[p] = &sum
	}
	return sum, ok
}

// sendsOnly reports whether fn's uses of channel p are sends, close, len
// and cap, and calls of functions of the package that only do the same;
// it collects where it sends. A send is unguarded outside a select, or in
// a select without default and without any receive case (a done channel
// or ctx.Done() lets the goroutine give up).
func (c *checker) sendsOnly(fn *ssa.Function, p ssa.Value, sites *[]sendSite) bool {
	for _, instr := range *p.Referrers() {
		switch instr := instr.(type) {
		case *ssa.DebugRef:
		case *ssa.Send:
			if instr.X == p {
				return false
			}
			*sites = append(*sites, sendSite{block: instr.Block(), n: 1, every: true, bound: 1})
		case *ssa.Select:
			guarded := !instr.Blocking
			for _, st := range instr.States {
				if st.Send == p || (st.Chan == p && st.Dir == types.RecvOnly) {
					return false
				}
				if st.Chan != p && st.Dir == types.RecvOnly {
					guarded = true
				}
			}
			*sites = append(*sites, sendSite{block: instr.Block(), n: 1, guarded: guarded, every: true, bound: 1})
		case *ssa.ChangeType:
			if !c.sendsOnly(fn, instr, sites) {
				return false
			}
		case *ssa.UnOp:
			// A load of the captured variable that holds the channel.
			if instr.Op != token.MUL || instr.X != p || !c.sendsOnly(fn, instr, sites) {
				return false
			}
		case *ssa.Defer, *ssa.Go:
			if !isBuiltin(instr.(ssa.CallInstruction).Common(), "len", "cap", "close") {
				return false
			}
		case *ssa.Call:
			if isBuiltin(instr.Common(), "len", "cap", "close") {
				continue
			}
			site, ok := c.callSite(fn, instr, p)
			if !ok {
				return false
			}
			*sites = append(*sites, site)
		default:
			return false
		}
	}
	return true
}

// callSite summarises a call that hands the channel p to a function of the
// package, when that function only sends on it.
func (c *checker) callSite(fn *ssa.Function, call *ssa.Call, p ssa.Value) (sendSite, bool) {
	callee := call.Call.StaticCallee()
	if callee == nil || len(callee.Blocks) == 0 || callee.Pkg != fn.Pkg || call.Call.Value == p ||
		len(callee.Params) != len(call.Call.Args) {
		return sendSite{}, false
	}
	site := sendSite{block: call.Block(), guarded: true}
	for i, a := range call.Call.Args {
		if a != p {
			continue
		}
		sum, ok := c.calleeSends(callee, callee.Params[i])
		if !ok {
			return sendSite{}, false
		}
		if !sum.any {
			continue
		}
		site.loop = site.loop || sum.stream
		site.someGuarded = site.someGuarded || sum.someGuarded
		if sum.sends != 0 {
			site.guarded = false
			site.every = site.every || sum.every
			if site.n < 0 || sum.sends < 0 {
				site.n = -1
			} else {
				site.n += sum.sends
			}
			if site.bound < 0 || sum.bound < 0 {
				site.bound = -1
			} else {
				site.bound += sum.bound
			}
		}
	}
	return site, true
}

// maxOnPath returns the largest number of sends of the given sites on one
// path through fn, or -1 when one of them is in a loop or unbounded.
func (c *checker) maxOnPath(fn *ssa.Function, sites []sendSite) int {
	count := map[*ssa.BasicBlock]int{}
	for _, st := range sites {
		if st.n < 0 {
			return -1
		}
		count[st.block] += st.n
	}
	return c.await.Paths(fn).MostPerPath(count)
}

// checkChannels applies rule 1 to the channels that fn makes.
func (c *checker) checkChannels(fn *ssa.Function) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if m, ok := instr.(*ssa.MakeChan); ok {
				c.checkChannel(m)
			}
		}
	}
}

func (c *checker) checkChannel(m *ssa.MakeChan) {
	f := c.flowOf(m)
	c.checkRangers(m, f) // whatever its buffer
	k, ok := m.Size.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return // a computed buffer: assume it has room
	}
	capacity, _ := constant.Int64Val(k.Value)
	if f.shared() || f.returned || len(f.senders) == 0 || runsUntilExit(m.Parent()) {
		return // main's return ends the program, and its goroutines with it
	}
	paths := c.await.Paths(m.Parent())
	def := m.Block()

	// Total sends of all the goroutines, and the buffer that holds them.
	total, bufferText := 0, ""
	for _, s := range f.senders {
		trips, tripText := 1, ""
		if c.spawnLoop(paths, s.spawn, def) >= 0 {
			trips, tripText = c.tripCount(s.spawn, m)
		}
		if s.sends < 0 || trips < 0 || total < 0 {
			total = -1
		} else {
			total += s.sends * trips
		}
		if tripText != "" && len(f.senders) == 1 && s.sends > 0 {
			bufferText = tripText
			if s.sends > 1 {
				bufferText = strconv.Itoa(s.sends) + "*" + tripText
			}
		}
	}
	if total > 0 && bufferText == "" {
		bufferText = strconv.Itoa(total)
	}
	// Buffered with enough room, or unsure: rules 1 and n-cast are quiet;
	// a stream (rule 5) fills any constant buffer.
	roomy := capacity > 0 && (total < 0 || capacity >= int64(total))
	name := c.nameOf(m.Pos(), "the channel")

	for _, s := range f.senders {
		if s.sends == 0 || c.leaking[s.spawn] {
			continue // every send is guarded, or reported on another channel
		}
		if !roomy && !(s.stream && s.someGuarded) {
			// A stream whose producer gives up on some sends (a select on
			// a done channel) was written to be stopped; its unguarded
			// sends are left to rule 5.
			ret, found := paths.Search(def, f.uses, paths.At(s.spawn), f.awaits, nil, true)
			if found {
				c.reportLeak(m, f, s, ret, name, capacity, bufferText)
				continue
			}
			c.checkNCast(m, f, s, name, capacity, bufferText)
			c.checkExtraSends(m, f, s, name, capacity)
		}
		if abandonedStreams {
			c.checkStream(m, f, s, name, capacity)
		}
	}
}

// spawnLoop returns the loop around the go statement that does not contain
// the channel's make (the loop starts many goroutines on one channel), or -1.
func (c *checker) spawnLoop(paths *await.Paths, spawn ssa.CallInstruction, def *ssa.BasicBlock) int {
	h := paths.Loops().Of[spawn.Block().Index]
	if h >= 0 && !paths.Loops().Contains(h, def.Index) {
		return h
	}
	return -1
}

// pathEnd says where the leaking path from the channel m ends, for
// messages: "the return at line 42 is reached without closing it" (ret),
// or, when ret is nil, the next iteration of a loop that makes m anew; and
// the related position.
func (c *checker) pathEnd(m *ssa.MakeChan, ret *ssa.Return, name, without string) (string, analysis.RelatedInformation) {
	if ret != nil {
		place, pos := c.returnPlace(m.Parent(), ret)
		return place + " is reached without " + without + " it",
			analysis.RelatedInformation{Pos: pos, Message: "returns here without " + without + " " + name}
	}
	return fmt.Sprintf("the loop makes %s anew at line %d without %s it", name, c.line(m.Pos()), without),
		analysis.RelatedInformation{Pos: m.Pos(), Message: name + " is replaced here on the next iteration"}
}

func (c *checker) reportLeak(m *ssa.MakeChan, f *chanFlow, s *sender, ret *ssa.Return, name string, capacity int64, bufferText string) {
	what := "unbuffered channel " + name
	if capacity > 0 {
		what = fmt.Sprintf("channel %s (buffer %d) more values than it holds", name, capacity)
	}
	where, related := c.pathEnd(m, ret, name, "receiving from")
	d := analysis.Diagnostic{
		Pos:     s.spawn.Pos(),
		Message: fmt.Sprintf("goroutine sends on %s, but %s: the sender blocks forever (goroutine leak); %s", what, where, c.advice(m, name, bufferText)),
		Related: []analysis.RelatedInformation{related},
	}
	d.SuggestedFixes = c.bufferFix(m, name, bufferText)
	c.leaking[s.spawn] = true
	c.rep.Report(d)
}

// checkNCast reports a goroutine started in a loop, each sending on the
// channel, when the starter receives a fixed number of times outside any
// loop: the first answers are taken, the other senders block forever.
func (c *checker) checkNCast(m *ssa.MakeChan, f *chanFlow, s *sender, name string, capacity int64, bufferText string) {
	paths := c.await.Paths(m.Parent())
	def := m.Block()
	if c.spawnLoop(paths, s.spawn, def) < 0 || len(f.awaits) == 0 || !s.every {
		return
	}
	for _, a := range f.awaits {
		if h := paths.Loops().Of[a.Block.Index]; h >= 0 && !paths.Loops().Contains(h, def.Index) {
			return // receives in a loop: no fixed count
		}
	}
	receives := int64(len(f.awaits))
	trips, _ := c.tripCount(s.spawn, m)
	if trips >= 0 && s.sends >= 0 && int64(trips*s.sends) <= receives+capacity {
		return
	}
	if trips < 0 && capacity > 0 {
		return
	}
	plural := "s"
	if receives == 1 {
		plural = ""
	}
	d := analysis.Diagnostic{
		Pos: s.spawn.Pos(),
		Message: fmt.Sprintf("goroutines started in a loop each send on %s, but it is received from only %d time%s after the loop: "+
			"the other senders block forever (goroutine leak); %s", chanWord(name, capacity), receives, plural, c.advice(m, name, bufferText)),
	}
	d.SuggestedFixes = c.bufferFix(m, name, bufferText)
	c.leaking[s.spawn] = true
	c.rep.Report(d)
}

func chanWord(name string, capacity int64) string {
	if capacity == 0 {
		return "unbuffered channel " + name
	}
	return fmt.Sprintf("channel %s (buffer %d)", name, capacity)
}

func (c *checker) advice(m *ssa.MakeChan, name, bufferText string) string {
	if call := c.calls[m.Pos()]; call != nil && bufferText != "" {
		return fmt.Sprintf("give %s a buffer: make(%s, %s)", name, types.ExprString(call.Args[0]), bufferText)
	}
	return fmt.Sprintf("receive from %s on every path, or let the sender give up (select on a done channel)", name)
}

func (c *checker) bufferFix(m *ssa.MakeChan, name, bufferText string) []analysis.SuggestedFix {
	call := c.calls[m.Pos()]
	if call == nil || bufferText == "" {
		return nil
	}
	text := fmt.Sprintf("make(%s, %s)", types.ExprString(call.Args[0]), bufferText)
	return []analysis.SuggestedFix{{
		Message:   fmt.Sprintf("Give %s a buffer of %s", name, bufferText),
		TextEdits: []analysis.TextEdit{{Pos: call.Pos(), End: call.End(), NewText: []byte(text)}},
	}}
}

// literalLen returns the length of a slice or array literal without
// indices ([]string{"a", "b"}), the trip count of a range over it.
func literalLen(e ast.Expr) (int, bool) {
	lit, ok := ast.Unparen(e).(*ast.CompositeLit)
	if !ok {
		return 0, false
	}
	if _, ok := lit.Type.(*ast.ArrayType); !ok {
		return 0, false
	}
	for _, elt := range lit.Elts {
		if _, keyed := elt.(*ast.KeyValueExpr); keyed {
			return 0, false
		}
	}
	return len(lit.Elts), true
}

// tripCount returns how many times the loop around the go statement runs,
// when it is a constant, and the expression that counts it when one is in
// scope at the make (len(xs) for a range over xs, n for i < n); -1 and ""
// when unknown.
func (c *checker) tripCount(spawn ssa.CallInstruction, m *ssa.MakeChan) (int, string) {
	loop := c.goLoops[spawn.Pos()]
	info := c.pass.TypesInfo
	constInt := func(e ast.Expr) (int, bool) {
		if tv, ok := info.Types[e]; ok && tv.Value != nil {
			if n, ok := constant.Int64Val(constant.ToInt(tv.Value)); ok && n >= 0 && n < 1<<20 {
				return int(n), true
			}
		}
		return 0, false
	}
	// inScope reports whether e is a plain variable visible at the make.
	inScope := func(e ast.Expr) bool {
		id, ok := ast.Unparen(e).(*ast.Ident)
		if !ok {
			return false
		}
		obj, ok := info.Uses[id].(*types.Var)
		return ok && obj.Pos() < m.Pos() && obj.Parent() != nil && obj.Parent().Contains(m.Pos())
	}
	switch loop := loop.(type) {
	case *ast.RangeStmt:
		if n, ok := constInt(loop.X); ok {
			return n, strconv.Itoa(n)
		}
		if n, ok := literalLen(loop.X); ok {
			return n, strconv.Itoa(n)
		}
		t := info.TypeOf(loop.X)
		if t == nil {
			return -1, ""
		}
		switch u := t.Underlying().(type) {
		case *types.Array:
			return int(u.Len()), strconv.Itoa(int(u.Len()))
		case *types.Pointer:
			if a, ok := u.Elem().Underlying().(*types.Array); ok {
				return int(a.Len()), strconv.Itoa(int(a.Len()))
			}
		case *types.Slice, *types.Map:
			if inScope(loop.X) {
				return -1, "len(" + types.ExprString(loop.X) + ")"
			}
		case *types.Basic:
			if u.Info()&types.IsInteger != 0 && inScope(loop.X) {
				return -1, types.ExprString(loop.X)
			}
		}
	case *ast.ForStmt:
		// for i := 0; i < N; i++
		init, ok := loop.Init.(*ast.AssignStmt)
		if !ok || len(init.Rhs) != 1 {
			return -1, ""
		}
		if start, ok := constInt(init.Rhs[0]); !ok || start != 0 {
			return -1, ""
		}
		cond, ok := loop.Cond.(*ast.BinaryExpr)
		if !ok || cond.Op != token.LSS {
			return -1, ""
		}
		if n, ok := constInt(cond.Y); ok {
			return n, strconv.Itoa(n)
		}
		if inScope(cond.Y) {
			return -1, types.ExprString(cond.Y)
		}
	}
	return -1, ""
}

// checkExtraSends reports a goroutine that may send on the channel more
// times than its starter receives after starting it, buffer included: a
// send on an error path without its return (if err != nil { ch <- nil };
// ch <- v) blocks forever.
func (c *checker) checkExtraSends(m *ssa.MakeChan, f *chanFlow, s *sender, name string, capacity int64) {
	paths := c.await.Paths(m.Parent())
	if c.leaking[s.spawn] || s.sends < 2 || len(f.consumers) > 0 || c.spawnLoop(paths, s.spawn, m.Block()) >= 0 {
		return
	}
	most := paths.MostAwaits(paths.At(s.spawn), f.awaits)
	if most < 0 || int64(s.sends) <= int64(most)+capacity {
		return
	}
	times := "times"
	if most == 1 {
		times = "time"
	}
	c.leaking[s.spawn] = true
	c.rep.Report(analysis.Diagnostic{
		Pos: s.spawn.Pos(),
		Message: fmt.Sprintf("goroutine may send on %s %d times, but it is received from at most %d %s after the goroutine starts: "+
			"the extra send blocks forever (goroutine leak); return after each send, or %s",
			chanWord(name, capacity), s.sends, most, times, c.advice(m, name, strconv.Itoa(s.sends))),
	})
}
