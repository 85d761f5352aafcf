package await

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/ssabuild"
)

// Paths answers the path questions of one function's CFG (see Search,
// MostAwaits, FewestAwaits, Executions, EveryPathPasses), and holds what
// they share: the function's loops, the return each block can reach, and
// the position of each instruction in its block. Model.Paths computes it
// once per function, in time linear in its size (times the loop nesting
// depth).
type Paths struct {
	fn    *ssa.Function
	loops Loops
	ret   []*ssa.Return // per block: the nearest return reachable from it, or nil
	index map[ssa.Instruction]int

	// Scratch marks for the searches, reset by bumping stamp.
	stamp int32
	live  []int32
	seen  []int32

	// budget is what is left of the blocks that the searches may visit
	// beyond one pass over the value's live range (see Spend): a few times
	// the function, so that all its searches together stay linear in its
	// size. The sets they fill are reused.
	budget            budget
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

// stepsPerBlock sets Paths.budget.
const stepsPerBlock = 8

// Paths returns the path questions of fn, one of the package's functions.
func (m *Model) Paths(fn *ssa.Function) *Paths {
	if ps, ok := m.paths[fn]; ok {
		return ps
	}
	n := len(fn.Blocks)
	ps := &Paths{
		fn:     fn,
		loops:  m.loopsOf(fn),
		ret:    make([]*ssa.Return, n),
		index:  map[ssa.Instruction]int{},
		live:   make([]int32, n),
		seen:   make([]int32, n),
		budget: stepsPerBlock * budget(n),
	}
	ps.findReturns()
	for _, b := range fn.Blocks {
		for i, instr := range b.Instrs {
			ps.index[instr] = i
		}
	}
	m.paths[fn] = ps
	return ps
}

// Function returns the function.
func (ps *Paths) Function() *ssa.Function { return ps.fn }

// Loops returns the function's loops.
func (ps *Paths) Loops() Loops { return ps.loops }

// Spend takes n steps from the function's budget and reports whether there
// were some left: a search of the caller's that visits the function's
// blocks draws on it as Paths' own searches do.
func (ps *Paths) Spend(n int) bool { return ps.budget.spend(n) }

// findReturns records for each block the nearest return it reaches, by a
// backward breadth-first search from the returning blocks.
func (ps *Paths) findReturns() {
	var queue []*ssa.BasicBlock
	for _, b := range ps.fn.Blocks {
		if ret, ok := ssabuild.Last(b).(*ssa.Return); ok {
			ps.ret[b.Index] = ret
			queue = append(queue, b)
		}
	}
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		for _, p := range b.Preds {
			if ps.ret[p.Index] == nil {
				ps.ret[p.Index] = ps.ret[b.Index]
				queue = append(queue, p)
			}
		}
	}
}

// Point is an instruction's place: its block and index there. An await
// point with index 0 stands for the whole block (a select case's body).
// When To is set, the point is the edge from Block to To: the case of a
// select whose body is empty, which go/ssa leaves without a block of its
// own (case <-ch: jumps straight to the code after the select).
type Point struct {
	Block *ssa.BasicBlock
	Index int
	To    *ssa.BasicBlock
}

// At is the point of instr.
func (ps *Paths) At(instr ssa.Instruction) Point {
	return Point{Block: instr.Block(), Index: ps.index[instr]}
}

// Precedes reports whether every path to b passes a first.
func Precedes(a, b Point) bool {
	if a.Block == b.Block {
		return a.Index < b.Index
	}
	return a.Block.Dominates(b.Block)
}

// SelectCase returns the point where case i of a select, a receive, has
// received: the first block of the case's body, found through the
// select's dispatch "if idx == i", or the edge the dispatch takes when the
// body is empty, or the select itself when the shape is not recognised.
func (ps *Paths) SelectCase(sel *ssa.Select, i int) Point {
	for _, r := range *sel.Referrers() {
		idx, ok := r.(*ssa.Extract)
		if !ok || idx.Index != 0 {
			continue
		}
		for _, r := range *idx.Referrers() {
			cmp, ok := r.(*ssa.BinOp)
			if !ok || cmp.Op != token.EQL {
				continue
			}
			k, ok := cmp.Y.(*ssa.Const)
			if !ok || k.Value == nil || k.Int64() != int64(i) {
				continue
			}
			for _, r := range *cmp.Referrers() {
				if ifi, ok := r.(*ssa.If); ok && len(ifi.Block().Succs) == 2 {
					body := ifi.Block().Succs[0]
					if len(body.Preds) == 1 {
						return Point{Block: body}
					}
					// An empty case body: the edge taken on this case.
					return Point{Block: ifi.Block(), Index: ps.index[ifi], To: body}
				}
			}
		}
	}
	return ps.At(sel)
}

// EveryPathPasses reports whether every path from the function's entry
// to a return passes through one of the blocks.
func (ps *Paths) EveryPathPasses(blocks []*ssa.BasicBlock) bool {
	if len(blocks) == 0 {
		return false
	}
	ps.stamp++
	for _, b := range blocks {
		ps.seen[b.Index] = ps.stamp
	}
	// Search for a return that avoids the blocks.
	stack := []*ssa.BasicBlock{ps.fn.Blocks[0]}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if ps.seen[b.Index] == ps.stamp {
			continue
		}
		ps.seen[b.Index] = ps.stamp
		if _, ok := ssabuild.Last(b).(*ssa.Return); ok {
			return false
		}
		stack = append(stack, b.Succs...)
	}
	return true
}

// Search looks for a path from start to a return of the function that
// passes through none of the awaits: "is there a path from the spawn to
// a return that does not receive from (or wait on, or close) the value?".
// It reports whether there is one, with the return it ends at, or nil for
// a path that re-enters def, the block that defines the tracked value (the
// next loop iteration replaces it). The tracked value (a channel, a
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
func (ps *Paths) Search(def *ssa.BasicBlock, uses []*ssa.BasicBlock, start Point, awaits, barriers []Point, loopCredit bool) (*ssa.Return, bool) {
	ps.stamp++
	stamp := ps.stamp

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
		cutEdges[[2]int{a.Block.Index, a.To.Index}] = true
	}
	for _, a := range awaits {
		if a.To != nil {
			cutEdges[[2]int{a.Block.Index, a.To.Index}] = true
		} else {
			addCut(a.Block.Index, a.Index)
		}
		for h := ps.loops.Of[a.Block.Index]; loopCredit && h >= 0 && !ps.loops.Contains(h, def.Index); h = ps.loops.Parent[h] {
			addCut(h, 0)
			// go/ssa rotates some loops (range over an int): a guard
			// before the loop tests the first iteration. It counts as
			// entering the loop too.
			header := ps.fn.Blocks[h]
			if g := header.Idom(); g != nil && len(g.Succs) == 2 && !ps.loops.Contains(h, g.Index) {
				if g.Succs[0] == header || g.Succs[1] == header {
					addCut(g.Index, len(g.Instrs)-1)
				}
			}
		}
	}
	if c, ok := cut[start.Block.Index]; ok && c[1] > start.Index {
		return nil, false
	}

	// Live range: blocks from which a use is reachable without passing def.
	// An await counts as a use: a select's case body is a block of its own,
	// after the select (the return in case <-ch: is not a leak).
	var stack []*ssa.BasicBlock
	seed := func(u *ssa.BasicBlock) {
		if u != def && ps.live[u.Index] != stamp {
			ps.live[u.Index] = stamp
			stack = append(stack, u)
		}
	}
	for _, u := range uses {
		seed(u)
	}
	for _, a := range awaits {
		seed(a.Block)
	}
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, p := range b.Preds {
			if p != def && ps.live[p.Index] != stamp {
				ps.live[p.Index] = stamp
				stack = append(stack, p)
			}
		}
	}

	if ret, ok := ssabuild.Last(start.Block).(*ssa.Return); ok {
		return ret, true
	}
	var queue []*ssa.BasicBlock
	follow := func(from, to *ssa.BasicBlock) {
		if !cutEdges[[2]int{from.Index, to.Index}] {
			queue = append(queue, to)
		}
	}
	for _, s := range start.Block.Succs {
		follow(start.Block, s)
	}
	flags := flagSearch{ps: ps, start: start.Block}
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		if ps.seen[b.Index] == stamp {
			continue
		}
		ps.seen[b.Index] = stamp
		if b == def {
			return nil, true
		}
		if _, ok := cut[b.Index]; ok {
			continue
		}
		if ps.live[b.Index] != stamp {
			if h := ps.loops.Of[def.Index]; h >= 0 && ps.loops.Contains(h, b.Index) {
				return nil, true // back to def, on the next iteration
			}
			if r := ps.ret[b.Index]; r != nil {
				return r, true
			}
			continue
		}
		if ret, ok := ssabuild.Last(b).(*ssa.Return); ok {
			return ret, true
		}
		if succ := flags.target(b); succ != nil {
			follow(b, succ)
		} else {
			for _, s := range b.Succs {
				follow(b, s)
			}
		}
	}
	return nil, false
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
	ps    *Paths
	start *ssa.BasicBlock
	// Lazily: whether ps.fromStart was filled with the blocks reachable
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
// when the function's budget is spent.
func (f *flagSearch) reach() *blockSet {
	if !f.reached {
		f.reached = true
		f.reachComplete = f.ps.reachable(f.start, nil, &f.ps.fromStart)
		f.ps.fromStart.add(f.start)
	}
	if !f.reachComplete {
		return nil
	}
	return &f.ps.fromStart
}

// testedValue reports the value of cond, b's condition, on every path from
// start when a branch on cond dominates start: the edge to start's side
// has a block of its own, which dominates start. An SSA value changes only
// when its definition runs again: it must not be b's block, nor on a path
// from start to b.
func (f *flagSearch) testedValue(b *ssa.BasicBlock, cond ssa.Value) (value, ok bool) {
	if f.tested == nil {
		f.tested = map[ssa.Value]bool{}
		// a partial list decides less, never wrongly
		for d := f.start; d != nil && f.ps.budget.spend(1); d = d.Idom() {
			if len(d.Preds) != 1 {
				continue
			}
			p := d.Preds[0]
			if br, ok := ssabuild.Last(p).(*ssa.If); ok && p.Succs[0] != p.Succs[1] {
				key := f.ps.condKey(br.Cond)
				if _, seen := f.tested[key]; !seen {
					f.tested[key] = d == p.Succs[0]
				}
			}
		}
	}
	key := f.ps.condKey(cond)
	value, ok = f.tested[key]
	if def, isInstr := key.(ssa.Instruction); ok && isInstr {
		if def.Block() == b {
			return false, false
		}
		if !f.ps.reachable(f.start, b, &f.ps.walked) || f.ps.walked.has(def.Block()) {
			return false, false
		}
	}
	return value, ok
}

// condKey is what a branch condition tests: the package variable for a
// load of one that the function does not store to (if enabled { ... },
// a flag set at start-up), else the condition itself.
func (ps *Paths) condKey(cond ssa.Value) ssa.Value {
	load, ok := cond.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return cond
	}
	g, ok := load.X.(*ssa.Global)
	if !ok {
		return cond
	}
	if ps.stored == nil {
		ps.stored = map[*ssa.Global]bool{}
		for _, b := range ps.fn.Blocks {
			for _, instr := range b.Instrs {
				if st, ok := instr.(*ssa.Store); ok {
					if g, ok := st.Addr.(*ssa.Global); ok {
						ps.stored[g] = true
					}
				}
			}
		}
	}
	if ps.stored[g] {
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
	if !f.ps.reachable(f.start, merge, &f.ps.walked) || f.ps.walked.has(b) {
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
// unfinished, when the function's budget is spent.
func (ps *Paths) reachable(from, avoid *ssa.BasicBlock, set *blockSet) bool {
	set.clear(len(ps.fn.Blocks))
	stack := append([]*ssa.BasicBlock(nil), from.Succs...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == avoid || set.has(b) {
			continue
		}
		if !ps.budget.spend(1) {
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

func weigh(start Point, awaits []Point) awaitWeights {
	w := awaitWeights{blocks: map[*ssa.BasicBlock]int{}, edges: map[[2]int]int{}}
	for _, a := range awaits {
		switch {
		case a.To != nil:
			w.edges[[2]int{a.Block.Index, a.To.Index}]++
		case a.Block == start.Block:
			if a.Index > start.Index {
				w.inStart++
			}
		default:
			w.blocks[a.Block]++
		}
	}
	return w
}

// MostAwaits returns the largest number of awaits on one path from start
// to a return, or -1 when an await is in a loop (no fixed count). Paths
// do not take back edges: start is outside loops, as Search's callers
// ask it of a spawn that no loop repeats.
func (ps *Paths) MostAwaits(start Point, awaits []Point) int {
	for _, a := range awaits {
		if ps.loops.Of[a.Block.Index] >= 0 {
			return -1
		}
	}
	return ps.longest(start, weigh(start, awaits))
}

// MostPerPath returns the largest sum of the counts of the blocks on one
// path through the function, or -1 when a block with a count is in a loop.
func (ps *Paths) MostPerPath(count map[*ssa.BasicBlock]int) int {
	entry := ps.fn.Blocks[0]
	w := awaitWeights{blocks: map[*ssa.BasicBlock]int{}, inStart: count[entry]}
	total := 0
	for b, n := range count {
		if ps.loops.Of[b.Index] >= 0 {
			return -1
		}
		if b != entry {
			w.blocks[b] = n
		}
		total += n
	}
	if len(count) <= 1 {
		return total // one block, on some path: no search
	}
	return ps.longest(Point{Block: entry, Index: -1}, w)
}

// longest returns the largest weight of a path from start on the CFG
// without its back edges, which is acyclic.
func (ps *Paths) longest(start Point, w awaitWeights) int {
	best := make([]int, len(ps.fn.Blocks))
	done := make([]bool, len(ps.fn.Blocks))
	var visit func(b *ssa.BasicBlock) int
	after := func(b *ssa.BasicBlock) int {
		m := 0
		for _, s := range b.Succs {
			if !s.Dominates(b) {
				m = max(m, visit(s)+w.edges[[2]int{b.Index, s.Index}])
			}
		}
		return m
	}
	visit = func(b *ssa.BasicBlock) int {
		if !done[b.Index] {
			done[b.Index] = true
			best[b.Index] = w.blocks[b] + after(b)
		}
		return best[b.Index]
	}
	return w.inStart + after(start.Block)
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
func (ps *Paths) loopBounds() map[int]loopBound {
	if ps.bounds != nil {
		return ps.bounds
	}
	ps.bounds = map[int]loopBound{}
	for _, b := range ps.fn.Blocks {
		h := ps.loops.Of[b.Index]
		br, ok := ssabuild.Last(b).(*ssa.If)
		if h < 0 || !ok || len(b.Succs) != 2 || !ps.loops.Contains(h, b.Succs[0].Index) || ps.loops.Contains(h, b.Succs[1].Index) {
			continue // not a test whose true side stays in the loop
		}
		header := ps.fn.Blocks[h]
		if !ps.dominatesLatches(b, header) {
			continue // an iteration may go on without passing the test
		}
		passes, ok := countedTest(br.Cond, header, ps)
		if !ok {
			continue
		}
		if old, ok := ps.bounds[h]; !ok || passes < old.passes {
			ps.bounds[h] = loopBound{passes: passes, after: b.Succs[0]}
		}
	}
	return ps.bounds
}

// dominatesLatches reports whether b dominates every block that jumps back
// to header.
func (ps *Paths) dominatesLatches(b, header *ssa.BasicBlock) bool {
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
func countedTest(cond ssa.Value, header *ssa.BasicBlock, ps *Paths) (int, bool) {
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
		if ps.loops.Contains(header.Index, header.Preds[i].Index) {
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

// Executions bounds how many times block b runs per run of the function,
// or returns -1 when a loop around it is not counted by a constant. A
// block of a counted loop that follows its test runs once per pass; the
// blocks before the test once more.
func (ps *Paths) Executions(b *ssa.BasicBlock) int {
	bounds := ps.loopBounds()
	n := 1
	for h := ps.loops.Of[b.Index]; h >= 0; h = ps.loops.Parent[h] {
		lb, ok := bounds[h]
		if !ok {
			return -1
		}
		runs := lb.passes
		if lb.after == ps.fn.Blocks[h] || !lb.after.Dominates(b) {
			runs++ // the test follows b in the iteration (or b is the test)
		}
		if n *= runs; n >= maxLoopPasses {
			return -1
		}
		b = ps.fn.Blocks[h]
	}
	return n
}

// FewestAwaits returns the fewest awaits on a path from start to the end
// of the value's life: a return, or the back edge that makes it anew when
// def is in a loop. A path that goes around a loop again only adds
// awaits, so back edges are left out and the count is linear in the
// function (from a start in a loop that does not hold def, no path ends).
// It returns -1 when the function's budget is spent.
func (ps *Paths) FewestAwaits(def *ssa.BasicBlock, start Point, awaits []Point) int {
	const none = 1 << 30 // no path ends from here (a panic)
	w := weigh(start, awaits)
	count, edges, inStart := w.blocks, w.edges, w.inStart
	best := make([]int, len(ps.fn.Blocks))
	done := make([]bool, len(ps.fn.Blocks))
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
			} else if ps.loops.Contains(s.Index, def.Index) {
				m = min(m, edges[[2]int{b.Index, s.Index}]) // the next iteration makes it anew
			}
		}
		return m
	}
	visit = func(b *ssa.BasicBlock) int {
		if !done[b.Index] {
			done[b.Index] = true
			if !ps.budget.spend(1) {
				spent = true
			}
			best[b.Index] = min(none, count[b]+after(b))
		}
		return best[b.Index]
	}
	n := inStart + after(start.Block)
	if spent {
		return -1
	}
	return n
}
