package await_test

import (
	"go/constant"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"

	"github.com/concurlint/concurlint/internal/await"
)

// channelCase is f of a source whose body makes one channel ch, starts
// one goroutine with go send(ch), and receives from ch; the leaking
// returns return 1.
type channelCase struct {
	paths  *await.Paths
	def    *ssa.BasicBlock
	uses   []*ssa.BasicBlock
	spawn  await.Point
	awaits []await.Point
}

func buildChannelCase(t *testing.T, body string) channelCase {
	t.Helper()
	funcs, _ := build(t, `package p
func send(ch chan int) { ch <- 1 }
func f(c bool, n int, done chan int) int {
	`+body+`
}`)
	var fn *ssa.Function
	for _, f := range funcs {
		if f.Name() == "f" {
			fn = f
		}
	}
	ps := await.New(funcs, nil).Paths(fn)
	var cc channelCase
	cc.paths = ps
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.MakeChan:
				cc.def = b
				for _, r := range *instr.Referrers() {
					cc.uses = append(cc.uses, r.Block())
				}
			case *ssa.Go:
				cc.spawn = ps.At(instr)
			case *ssa.UnOp:
				if instr.Op == token.ARROW && isMake(instr.X) {
					cc.awaits = append(cc.awaits, ps.At(instr))
				}
			case *ssa.Select:
				for i, st := range instr.States {
					if st.Dir == types.RecvOnly && isMake(st.Chan) {
						cc.awaits = append(cc.awaits, ps.SelectCase(instr, i))
					}
				}
			}
		}
	}
	if cc.def == nil || cc.spawn.Block == nil {
		t.Fatal("no make or go in f")
	}
	return cc
}

func isMake(v ssa.Value) bool { _, ok := v.(*ssa.MakeChan); return ok }

// returned is the constant that ret returns, or -1 for a path back to the
// make (ret nil).
func returned(ret *ssa.Return) int64 {
	if ret == nil {
		return -1
	}
	k, _ := constant.Int64Val(ret.Results[0].(*ssa.Const).Value)
	return k
}

func TestSearch(t *testing.T) {
	for _, tc := range []struct {
		name       string
		body       string
		loopCredit bool
		found      bool
		ret        int64 // with found: the leaking return's result, or -1 for the next iteration
	}{
		{"receivedOnEveryPath", `ch := make(chan int); go send(ch); if c { <-ch; return 0 }; <-ch; return 0`, true, false, 0},
		{"earlyReturn", `ch := make(chan int); go send(ch); if c { return 1 }; <-ch; return 0`, true, true, 1},
		{"receiveBeforeSpawn", `ch := make(chan int, 1); ch <- 1; <-ch; go send(ch); return 1`, true, true, 1},
		{"emptySelectCases", `ch := make(chan int); go send(ch); select { case <-ch: case <-done: }; return 1`, true, true, 1},
		{"selectOnlyOnChannel", `ch := make(chan int); go send(ch); select { case <-ch: }; return 0`, true, false, 0},
		{"loopCredit", `ch := make(chan int); go send(ch); for range n { <-ch }; return 1`, true, false, 0},
		{"noLoopCredit", `ch := make(chan int); go send(ch); for range n { <-ch }; return 1`, false, true, 1},
		{"nextIteration", `for range n { ch := make(chan int); go send(ch); if c { continue }; <-ch }; return 0`, true, true, -1},
		{"flagTestedBefore", `ch := make(chan int); if c { go send(ch) }; if c { <-ch }; return 0`, true, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cc := buildChannelCase(t, tc.body)
			ret, found := cc.paths.Search(cc.def, cc.uses, cc.spawn, cc.awaits, nil, tc.loopCredit)
			if found != tc.found || (found && returned(ret) != tc.ret) {
				t.Errorf("Search = %d, %v; want %d, %v", returned(ret), found, tc.ret, tc.found)
			}
		})
	}
}

func TestCountingQuestions(t *testing.T) {
	for _, tc := range []struct {
		name          string
		body          string
		most, fewest  int
		everyPathRecv bool
	}{
		{"one", `ch := make(chan int); go send(ch); <-ch; return 0`, 1, 1, true},
		{"oneOnOneBranch", `ch := make(chan int); go send(ch); if c { <-ch }; return 0`, 1, 0, false},
		{"twoOnOneBranch", `ch := make(chan int); go send(ch); <-ch; if c { <-ch }; return 0`, 2, 1, true},
		{"inLoop", `ch := make(chan int); go send(ch); for range n { <-ch }; return 0`, -1, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cc := buildChannelCase(t, tc.body)
			if got := cc.paths.MostAwaits(cc.spawn, cc.awaits); got != tc.most {
				t.Errorf("MostAwaits = %d, want %d", got, tc.most)
			}
			if got := cc.paths.FewestAwaits(cc.def, cc.spawn, cc.awaits); got != tc.fewest {
				t.Errorf("FewestAwaits = %d, want %d", got, tc.fewest)
			}
			var blocks []*ssa.BasicBlock
			count := map[*ssa.BasicBlock]int{}
			for _, a := range cc.awaits {
				blocks = append(blocks, a.Block)
				count[a.Block]++
			}
			// Every receive follows the spawn: the longest path from the
			// entry counts as many.
			if got := cc.paths.MostPerPath(count); got != tc.most {
				t.Errorf("MostPerPath = %d, want %d", got, tc.most)
			}
			if got := cc.paths.EveryPathPasses(blocks); got != tc.everyPathRecv {
				t.Errorf("EveryPathPasses(receives) = %v, want %v", got, tc.everyPathRecv)
			}
		})
	}
}

func TestExecutions(t *testing.T) {
	for _, tc := range []struct {
		name string
		body string
		runs int
	}{
		{"once", `ch := make(chan int); go send(ch); <-ch; return 0`, 1},
		{"counted", `ch := make(chan int); for i := 0; i < 3; i++ { go send(ch) }; <-ch; return 0`, 3},
		{"countedRange", `ch := make(chan int); for range 4 { go send(ch) }; <-ch; return 0`, 4},
		{"nested", `ch := make(chan int); for range 2 { for i := 1; i <= 3; i++ { go send(ch) } }; <-ch; return 0`, 6},
		{"uncounted", `ch := make(chan int); for range n { go send(ch) }; <-ch; return 0`, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cc := buildChannelCase(t, tc.body)
			if got := cc.paths.Executions(cc.spawn.Block); got != tc.runs {
				t.Errorf("Executions(spawn) = %d, want %d", got, tc.runs)
			}
		})
	}
}
