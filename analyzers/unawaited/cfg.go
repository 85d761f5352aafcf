package unawaited

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/await"
	"github.com/concurlint/concurlint/internal/ssabuild"
)

// funcInfo holds what every search in one function shares: the natural
// loops of its CFG, the return each block can reach, and the position of
// each instruction in its block. It is computed once per function, in time
// linear in its size (times the loop nesting depth).
type funcInfo struct {
	fn    *ssa.Function
	loops await.Loops
	ret   []*ssa.Return // per block: the nearest return reachable from it, or nil
	index map[ssa.Instruction]int

	// Scratch marks for the searches, reset by bumping stamp.
	stamp int32
	live  []int32
	seen  []int32

	// walks is what is left of the blocks that the searches may visit to
	// decide branches on flags (see flagSearch): a few times the function,
	// so that all its searches together stay linear in its size. The sets
	// they fill are reused.
	walks             int
	fromStart, walked blockSet
	stored            map[*ssa.Global]bool // lazily: the package variables fn stores to
	bounds            map[int]loopBound    // lazily: the counted loops, by header
}

// blockSet is a set of blocks, emptied in constant time: block i is in it
// when at[i] == stamp.
type blockSet struct {
	at    []int32
	stamp int32
}

func (s *blockSet) clear(n int) {
	if s.at == nil {
		s.at = make([]int32, n)
	}
	s.stamp++
}

func (s *blockSet) has(b *ssa.BasicBlock) bool { return s.at[b.Index] == s.stamp }

func (s *blockSet) add(b *ssa.BasicBlock) { s.at[b.Index] = s.stamp }

// walksPerBlock sets funcInfo.walks.
const walksPerBlock = 8

func newFuncInfo(fn *ssa.Function) *funcInfo {
	n := len(fn.Blocks)
	fi := &funcInfo{
		fn:    fn,
		loops: await.FindLoops(fn),
		ret:   make([]*ssa.Return, n),
		index: map[ssa.Instruction]int{},
		live:  make([]int32, n),
		seen:  make([]int32, n),
		walks: walksPerBlock * n,
	}
	fi.findReturns()
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			fi.index[instr] = i
		}
	}
	return fi
}

// findReturns records for each block the nearest return it reaches, by a
// backward breadth-first search from the returning blocks.
func (fi *funcInfo) findReturns() {
	var queue []*ssa.BasicBlock
	for _, b := range fi.fn.Blocks {
		if ret, ok := ssabuild.Last(b).(*ssa.Return); ok {
			fi.ret[b.Index] = ret
			queue = append(queue, b)
		}
	}
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		for _, p := range b.Preds {
			if fi.ret[p.Index] == nil {
				fi.ret[p.Index] = fi.ret[b.Index]
				queue = append(queue, p)
			}
		}
	}
}

// point is an instruction's place: its block and index there. An await
// point with index 0 stands for the whole block (a select case's body).
// When to is set, the point is the edge from block to to: the case of a
// select whose body is empty, which go/ssa leaves without a block of its
// own (case <-ch: jumps straight to the code after the select).
type point struct {
	block *ssa.BasicBlock
	index int
	to    *ssa.BasicBlock
}

func (fi *funcInfo) pointOf(instr ssa.Instruction) point {
	return point{block: instr.Block(), index: fi.index[instr]}
}

// leak is a path found by search: it ends at ret, or, when ret is nil,
// re-enters the block that defines the tracked value (the next loop
// iteration replaces it).
type leak struct {
	ret *ssa.Return
}

// search looks for a path from start to a return of the function that
// passes through none of the awaits. The tracked value (a channel, a
// WaitGroup) is defined in def and used in the blocks of uses.
//
// The search is confined to the blocks where the value is live: once a
// path leaves them, no await can follow, and the precomputed nearest
// return answers. A loop that awaits (a receive in its body) and does not
// contain def counts as an await at its header: the search does not reason
// about trip counts, and assumes that a loop entered after the spawn runs.
// The work is linear in the size of the value's live range.
//
// Barriers are edges that no path may take either, without counting as
// awaits (a receive that reports the channel closed). Without loopCredit,
// a loop that awaits is only an await where it does (a stream's consumer
// may leave its loop without receiving again).
func (fi *funcInfo) search(def *ssa.BasicBlock, uses []*ssa.BasicBlock, start point, awaits, barriers []point, loopCredit bool) (leak, bool) {
	fi.stamp++
	stamp := fi.stamp

	// cut holds, per block, the indices of its first and last await;
	// cutEdges the edges that await.
	cut := map[int][2]int{}
	cutEdges := map[[2]int]bool{}
	addCut := func(b, i int) {
		if c, ok := cut[b]; ok {
			cut[b] = [2]int{min(c[0], i), max(c[1], i)}
		} else {
			cut[b] = [2]int{i, i}
		}
	}
	for _, a := range barriers {
		cutEdges[[2]int{a.block.Index, a.to.Index}] = true
	}
	for _, a := range awaits {
		if a.to != nil {
			cutEdges[[2]int{a.block.Index, a.to.Index}] = true
		} else {
			addCut(a.block.Index, a.index)
		}
		for h := fi.loops.Of[a.block.Index]; loopCredit && h >= 0 && !fi.loops.Contains(h, def.Index); h = fi.loops.Parent[h] {
			addCut(h, 0)
			// go/ssa rotates some loops (range over an int): a guard
			// before the loop tests the first iteration. It counts as
			// entering the loop too.
			header := fi.fn.Blocks[h]
			if g := header.Idom(); g != nil && len(g.Succs) == 2 && !fi.loops.Contains(h, g.Index) {
				if g.Succs[0] == header || g.Succs[1] == header {
					addCut(g.Index, len(g.Instrs)-1)
				}
			}
		}
	}
	if c, ok := cut[start.block.Index]; ok && c[1] > start.index {
		return leak{}, false
	}

	// Live range: blocks from which a use is reachable without passing def.
	// An await counts as a use: a select's case body is a block of its own,
	// after the select (the return in case <-ch: is not a leak).
	var stack []*ssa.BasicBlock
	seed := func(u *ssa.BasicBlock) {
		if u != def && fi.live[u.Index] != stamp {
			fi.live[u.Index] = stamp
			stack = append(stack, u)
		}
	}
	for _, u := range uses {
		seed(u)
	}
	for _, a := range awaits {
		seed(a.block)
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, p := range b.Preds {
			if p != def && fi.live[p.Index] != stamp {
				fi.live[p.Index] = stamp
				stack = append(stack, p)
			}
		}
	}

	if ret, ok := ssabuild.Last(start.block).(*ssa.Return); ok {
		return leak{ret}, true
	}
	var queue []*ssa.BasicBlock
	follow := func(from, to *ssa.BasicBlock) {
		if !cutEdges[[2]int{from.Index, to.Index}] {
			queue = append(queue, to)
		}
	}
	for _, s := range start.block.Succs {
		follow(start.block, s)
	}
	flags := flagSearch{fi: fi, start: start.block}
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		if fi.seen[b.Index] == stamp {
			continue
		}
		fi.seen[b.Index] = stamp
		if b == def {
			return leak{}, true
		}
		if _, ok := cut[b.Index]; ok {
			continue
		}
		if fi.live[b.Index] != stamp {
			if h := fi.loops.Of[def.Index]; h >= 0 && fi.loops.Contains(h, b.Index) {
				return leak{}, true // back to def, on the next iteration
			}
			if r := fi.ret[b.Index]; r != nil {
				return leak{r}, true
			}
			continue
		}
		if ret, ok := ssabuild.Last(b).(*ssa.Return); ok {
			return leak{ret}, true
		}
		if succ := flags.target(b); succ != nil {
			follow(b, succ)
		} else {
			for _, s := range b.Succs {
				follow(b, s)
			}
		}
	}
	return leak{}, false
}

// flagSearch decides, for a search from start, the branches whose
// condition has the same value on every path from start: a condition that
// a branch above start already tested,
//
//	if parallel { wg.Add(1); go work() }
//	if parallel { wg.Wait() }
//
// or a flag that every path from start sets to the same constant,
//
//	started := false
//	for _, x := range xs { wg.Add(1); started = true; go work(x) }
//	if started { wg.Wait() }
type flagSearch struct {
	fi    *funcInfo
	start *ssa.BasicBlock
	// Lazily: whether fi.fromStart was filled with the blocks reachable
	// from start (start included), and whether that walk finished within
	// the budget; the conditions tested on the way to start, with their
	// values there.
	reached, reachComplete bool
	tested                 map[ssa.Value]bool
}

// target returns the successor that b's If takes on every path from start,
// or nil.
func (f *flagSearch) target(b *ssa.BasicBlock) *ssa.BasicBlock {
	br, ok := ssabuild.Last(b).(*ssa.If)
	if !ok || b == f.start {
		return nil
	}
	value, ok := f.testedValue(b, br.Cond)
	if !ok {
		value, ok = f.flagValue(b, br.Cond)
	}
	switch {
	case !ok:
		return nil
	case value:
		return b.Succs[0]
	default:
		return b.Succs[1]
	}
}

// reach returns the blocks reachable from start, start included, or nil
// when the function's walks are spent.
func (f *flagSearch) reach() *blockSet {
	if !f.reached {
		f.reached = true
		f.reachComplete = f.fi.reachable(f.start, nil, &f.fi.fromStart)
		f.fi.fromStart.add(f.start)
	}
	if !f.reachComplete {
		return nil
	}
	return &f.fi.fromStart
}

// testedValue reports the value of cond, b's condition, on every path from
// start when a branch on cond dominates start: the edge to start's side
// has a block of its own, which dominates start. An SSA value changes only
// when its definition runs again: it must not be b's block, nor on a path
// from start to b.
func (f *flagSearch) testedValue(b *ssa.BasicBlock, cond ssa.Value) (value, ok bool) {
	if f.tested == nil {
		f.tested = map[ssa.Value]bool{}
		for d := f.start; d != nil && f.fi.walks > 0; d = d.Idom() {
			f.fi.walks-- // a partial list decides less, never wrongly
			if len(d.Preds) != 1 {
				continue
			}
			p := d.Preds[0]
			if br, ok := ssabuild.Last(p).(*ssa.If); ok && p.Succs[0] != p.Succs[1] {
				key := f.fi.condKey(br.Cond)
				if _, seen := f.tested[key]; !seen {
					f.tested[key] = d == p.Succs[0]
				}
			}
		}
	}
	key := f.fi.condKey(cond)
	value, ok = f.tested[key]
	if def, isInstr := key.(ssa.Instruction); ok && isInstr {
		if def.Block() == b {
			return false, false
		}
		if !f.fi.reachable(f.start, b, &f.fi.walked) || f.fi.walked.has(def.Block()) {
			return false, false
		}
	}
	return value, ok
}

// condKey is what a branch condition tests: the package variable for a
// load of one that the function does not store to (if enabled { ... },
// a flag set at start-up), else the condition itself.
func (fi *funcInfo) condKey(cond ssa.Value) ssa.Value {
	load, ok := cond.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return cond
	}
	g, ok := load.X.(*ssa.Global)
	if !ok {
		return cond
	}
	if fi.stored == nil {
		fi.stored = map[*ssa.Global]bool{}
		for _, b := range fi.fn.Blocks {
			for _, instr := range b.Instrs {
				if st, ok := instr.(*ssa.Store); ok {
					if g, ok := st.Addr.(*ssa.Global); ok {
						fi.stored[g] = true
					}
				}
			}
		}
	}
	if fi.stored[g] {
		return cond
	}
	return g
}

// flagValue reports the value of cond, b's condition, on every path from
// start when it is a φ-node that every such path passes through after
// start (a path that does not keeps the value from before start) and that
// merges the same constant on every edge reachable from start.
func (f *flagSearch) flagValue(b *ssa.BasicBlock, cond ssa.Value) (value, ok bool) {
	phi, isPhi := cond.(*ssa.Phi)
	if !isPhi || phi.Block() == f.start {
		return false, false
	}
	merge := phi.Block()
	if !f.fi.reachable(f.start, merge, &f.fi.walked) || f.fi.walked.has(b) {
		return false, false // b is reached without passing the merge again
	}
	fromStart := f.reach()
	if fromStart == nil {
		return false, false
	}
	decided := -1
	for i, e := range phi.Edges {
		if !fromStart.has(merge.Preds[i]) {
			continue
		}
		c, ok := e.(*ssa.Const)
		if !ok || (c.Value != nil && c.Value.Kind() != constant.Bool) {
			return false, false
		}
		v := 0 // a nil Value is the zero value, false
		if c.Value != nil && constant.BoolVal(c.Value) {
			v = 1
		}
		if decided >= 0 && decided != v {
			return false, false
		}
		decided = v
	}
	if decided < 0 {
		return false, false
	}
	return decided == 1, true
}

// reachable fills set with the blocks reached from from's successors
// without passing through avoid (nil: none); it reports false, the set
// unfinished, when the function's walks are spent.
func (fi *funcInfo) reachable(from, avoid *ssa.BasicBlock, set *blockSet) bool {
	set.clear(len(fi.fn.Blocks))
	stack := append([]*ssa.BasicBlock(nil), from.Succs...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == avoid || set.has(b) {
			continue
		}
		if fi.walks--; fi.walks < 0 {
			return false
		}
		set.add(b)
		stack = append(stack, b.Succs...)
	}
	return true
}

// awaitWeights counts the awaits a path meets: per block, per edge (an
// empty select case), and in start's block after start.
type awaitWeights struct {
	blocks  map[*ssa.BasicBlock]int
	edges   map[[2]int]int
	inStart int
}

func weigh(start point, awaits []point) awaitWeights {
	w := awaitWeights{blocks: map[*ssa.BasicBlock]int{}, edges: map[[2]int]int{}}
	for _, a := range awaits {
		switch {
		case a.to != nil:
			w.edges[[2]int{a.block.Index, a.to.Index}]++
		case a.block == start.block:
			if a.index > start.index {
				w.inStart++
			}
		default:
			w.blocks[a.block]++
		}
	}
	return w
}

// mostAwaits returns the largest number of awaits on one path from start
// to a return, or -1 when an await is in a loop (no fixed count).
func (fi *funcInfo) mostAwaits(start point, awaits []point) int {
	for _, a := range awaits {
		if fi.loops.Of[a.block.Index] >= 0 {
			return -1
		}
	}
	w := weigh(start, awaits)
	count, edges, inStart := w.blocks, w.edges, w.inStart
	// Longest path on the CFG without its back edges, which is acyclic.
	best := make([]int, len(fi.fn.Blocks))
	done := make([]bool, len(fi.fn.Blocks))
	var visit func(b *ssa.BasicBlock) int
	after := func(b *ssa.BasicBlock) int {
		m := 0
		for _, s := range b.Succs {
			if !s.Dominates(b) {
				m = max(m, visit(s)+edges[[2]int{b.Index, s.Index}])
			}
		}
		return m
	}
	visit = func(b *ssa.BasicBlock) int {
		if !done[b.Index] {
			done[b.Index] = true
			best[b.Index] = count[b] + after(b)
		}
		return best[b.Index]
	}
	return inStart + after(start.block)
}

// A loopBound bounds the iterations of a loop counted by a constant: an
// induction variable that starts at a constant, steps by one, and must
// pass a test against a constant to go on (for i := 0; i < 2; i++, a range
// over an array or a constant int).
type loopBound struct {
	passes int             // the values of the variable that pass the test
	after  *ssa.BasicBlock // the loop's side of the test: blocks it dominates run only after a pass
}

// maxLoopPasses bounds the counts that loopBounds accepts.
const maxLoopPasses = 1 << 20

// loopBounds computes, once per function, the bound of each counted loop,
// by header; a loop without one is absent.
func (fi *funcInfo) loopBounds() map[int]loopBound {
	if fi.bounds != nil {
		return fi.bounds
	}
	fi.bounds = map[int]loopBound{}
	for _, b := range fi.fn.Blocks {
		h := fi.loops.Of[b.Index]
		br, ok := ssabuild.Last(b).(*ssa.If)
		if h < 0 || !ok || len(b.Succs) != 2 || !fi.loops.Contains(h, b.Succs[0].Index) || fi.loops.Contains(h, b.Succs[1].Index) {
			continue // not a test whose true side stays in the loop
		}
		header := fi.fn.Blocks[h]
		if !fi.dominatesLatches(b, header) {
			continue // an iteration may go on without passing the test
		}
		passes, ok := countedTest(br.Cond, header, fi)
		if !ok {
			continue
		}
		if old, ok := fi.bounds[h]; !ok || passes < old.passes {
			fi.bounds[h] = loopBound{passes: passes, after: b.Succs[0]}
		}
	}
	return fi.bounds
}

// dominatesLatches reports whether b dominates every block that jumps back
// to header.
func (fi *funcInfo) dominatesLatches(b, header *ssa.BasicBlock) bool {
	for _, p := range header.Preds {
		if header.Dominates(p) && !b.Dominates(p) {
			return false
		}
	}
	return true
}

// countedTest returns how many values of the header's induction variable
// pass cond, "x < N" or "x <= N" where x is the variable or the variable
// plus one.
func countedTest(cond ssa.Value, header *ssa.BasicBlock, fi *funcInfo) (int, bool) {
	cmp, ok := cond.(*ssa.BinOp)
	if !ok || (cmp.Op != token.LSS && cmp.Op != token.LEQ) {
		return 0, false
	}
	limit, ok := intConst(cmp.Y)
	if !ok {
		return 0, false
	}
	if cmp.Op == token.LEQ {
		limit++
	}
	x, offset := cmp.X, int64(0)
	if next, ok := x.(*ssa.BinOp); ok {
		if step, ok := intConst(next.Y); ok && next.Op == token.ADD && step == 1 {
			x, offset = next.X, 1
		}
	}
	phi, ok := x.(*ssa.Phi)
	if !ok || phi.Block() != header {
		return 0, false
	}
	start, known := int64(0), false
	for i, e := range phi.Edges {
		if fi.loops.Contains(header.Index, header.Preds[i].Index) {
			next, ok := e.(*ssa.BinOp)
			if step, isConst := intConst(next.Y); !ok || !isConst || next.Op != token.ADD || next.X != phi || step != 1 {
				return 0, false
			}
			continue
		}
		v, ok := intConst(e)
		if !ok || (known && v != start) {
			return 0, false
		}
		start, known = v, true
	}
	passes := limit - offset - start
	if !known || passes >= maxLoopPasses {
		return 0, false
	}
	return int(max(passes, 0)), true
}

func intConst(v ssa.Value) (int64, bool) {
	k, ok := v.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(k.Value)
}

// executions bounds how many times block b runs per run of the function,
// or returns -1 when a loop around it is not counted by a constant. A
// block of a counted loop that follows its test runs once per pass; the
// blocks before the test once more.
func (fi *funcInfo) executions(b *ssa.BasicBlock) int {
	bounds := fi.loopBounds()
	n := 1
	for h := fi.loops.Of[b.Index]; h >= 0; h = fi.loops.Parent[h] {
		lb, ok := bounds[h]
		if !ok {
			return -1
		}
		runs := lb.passes
		if lb.after == fi.fn.Blocks[h] || !lb.after.Dominates(b) {
			runs++ // the test follows b in the iteration (or b is the test)
		}
		if n *= runs; n >= maxLoopPasses {
			return -1
		}
		b = fi.fn.Blocks[h]
	}
	return n
}

// fewestAwaits returns the fewest awaits on a path from start to the end
// of the value's life: a return, or the back edge that makes it anew when
// def is in a loop. A path that goes around a loop again only adds
// awaits, so back edges are left out and the count is linear in the
// function. It returns -1 when the function's walks are spent.
func (fi *funcInfo) fewestAwaits(def *ssa.BasicBlock, start point, awaits []point) int {
	const none = 1 << 30 // no path ends from here (a panic)
	w := weigh(start, awaits)
	count, edges, inStart := w.blocks, w.edges, w.inStart
	best := make([]int, len(fi.fn.Blocks))
	done := make([]bool, len(fi.fn.Blocks))
	spent := false
	var visit func(b *ssa.BasicBlock) int
	after := func(b *ssa.BasicBlock) int {
		if _, ok := ssabuild.Last(b).(*ssa.Return); ok {
			return 0
		}
		m := none
		for _, s := range b.Succs {
			if !s.Dominates(b) {
				m = min(m, visit(s)+edges[[2]int{b.Index, s.Index}])
			} else if fi.loops.Contains(s.Index, def.Index) {
				m = min(m, edges[[2]int{b.Index, s.Index}]) // the next iteration makes it anew
			}
		}
		return m
	}
	visit = func(b *ssa.BasicBlock) int {
		if !done[b.Index] {
			done[b.Index] = true
			if fi.walks--; fi.walks < 0 {
				spent = true
			}
			best[b.Index] = min(none, count[b]+after(b))
		}
		return best[b.Index]
	}
	n := inStart + after(start.block)
	if spent {
		return -1
	}
	return n
}
