package await

import (
	"sort"

	"golang.org/x/tools/go/ssa"
)

// Loops are the natural loops of a function's CFG: a back edge goes from a
// block to one that dominates it, and the loop of header h is h plus every
// block that reaches a back edge into h without passing through h.
type Loops struct {
	Of     []int // per block: the header of the innermost loop around it, or -1
	Parent []int // per header block: the header of the enclosing loop, or -1
}

// FindLoops computes the loops of fn, in time linear in its size times the
// loop nesting depth.
func FindLoops(fn *ssa.Function) Loops {
	n := len(fn.Blocks)
	l := Loops{Of: make([]int, n), Parent: make([]int, n)}
	for i := range n {
		l.Of[i], l.Parent[i] = -1, -1
	}
	type loop struct {
		header int
		body   []int
	}
	var loops []loop
	mark := make([]int, n)
	for _, h := range fn.Blocks {
		var latches []*ssa.BasicBlock
		for _, p := range h.Preds {
			if h.Dominates(p) {
				latches = append(latches, p)
			}
		}
		if latches == nil {
			continue
		}
		stamp := h.Index + 1
		mark[h.Index] = stamp
		body := []int{h.Index}
		stack := latches
		for len(stack) > 0 {
			b := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if mark[b.Index] == stamp {
				continue
			}
			mark[b.Index] = stamp
			body = append(body, b.Index)
			stack = append(stack, b.Preds...)
		}
		loops = append(loops, loop{h.Index, body})
	}
	// Outer loops first, so that inner ones overwrite Of.
	sort.SliceStable(loops, func(i, j int) bool { return len(loops[i].body) > len(loops[j].body) })
	for _, lp := range loops {
		l.Parent[lp.header] = l.Of[lp.header]
		for _, b := range lp.body {
			l.Of[b] = lp.header
		}
	}
	return l
}

// Contains reports whether block b lies in the loop headed by h.
func (l Loops) Contains(h, b int) bool {
	for x := l.Of[b]; x >= 0; x = l.Parent[x] {
		if x == h {
			return true
		}
	}
	return false
}

// Exit returns the successor outside the loop when b tests whether
// its loop goes on: one successor is in the loop, the other outside.
func (l Loops) Exit(b *ssa.BasicBlock) *ssa.BasicBlock {
	h := l.Of[b.Index]
	if h < 0 {
		return nil
	}
	in0, in1 := l.Contains(h, b.Succs[0].Index), l.Contains(h, b.Succs[1].Index)
	switch {
	case in0 && !in1:
		return b.Succs[1]
	case in1 && !in0:
		return b.Succs[0]
	}
	return nil
}
