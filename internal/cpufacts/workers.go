package cpufacts

import (
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/chains"
	"github.com/concurlint/concurlint/internal/funcnames"
	"github.com/concurlint/concurlint/internal/pools"
)

// The workers of a pool that a starter of another package starts
// ((*TargetList).Init(workers int): a pools.HelperFact with WorkerParam -1)
// are out of the caller's sight; the starter's WorkersFact says why they
// are not CPU-bound. A starter without one starts workers that only
// compute, as a function without a Fact only computes.

// WorkersFact marks a pool starter whose workers are not CPU-bound, with
// the effect that keeps them from being so.
type WorkersFact struct {
	Effects EffectSet
}

func (*WorkersFact) AFact() {}

func (f *WorkersFact) String() string { return "workers " + f.Effects.String() }

// exportWorkers exports the WorkersFact of each of the package's pool
// starters whose workers are not CPU-bound. The starter's own pool may be
// one whose semaphore is a channel; its workers are judged without that
// allowance, which can only keep a caller's pool from being reported.
func exportWorkers(pass *analysis.Pass, r *Result) {
	for fn, w := range pass.ResultOf[pools.Analyzer].(*pools.Result).Starters {
		if c := r.PoolWorker(w, false); c != nil {
			pass.ExportObjectFact(fn, &WorkersFact{Effects: 1 << index(c.Effect)})
		}
	}
}

// PoolWorker returns why a pool's worker is not CPU-bound, or nil when it
// only computes: a function literal or a function of any package, or the
// worker of another package's pool starter (its WorkersFact). release is
// as for Worker.
func (r *Result) PoolWorker(w pools.Worker, release bool) *Chain {
	switch {
	case w.Lit != nil:
		return r.Worker(chains.LitKey(w.Lit), release)
	case w.Func != nil:
		return r.WorkerObject(w.Func, release)
	case w.StartedBy != nil:
		return r.startedWorkers(w.StartedBy)
	}
	return &Chain{Effect: Unknown, Names: []string{"a worker out of sight"}}
}

// startedWorkers is PoolWorker for the workers of starter, a function of
// another package.
func (r *Result) startedWorkers(starter *types.Func) *Chain {
	var fact WorkersFact
	if !r.pass.ImportObjectFact(starter.Origin(), &fact) {
		return nil
	}
	for _, e := range Effects {
		if fact.Effects.Has(e) {
			return &Chain{Effect: e, Names: []string{"the workers of " + funcnames.Display(starter, r.pkg)}}
		}
	}
	return nil
}
