// Package workerpool is a stub of github.com/gammazero/workerpool for the fixtures of every analyzer.
package workerpool

type WorkerPool struct{}

func New(maxWorkers int) *WorkerPool     { return &WorkerPool{} }
func (p *WorkerPool) Submit(task func()) { go task() }
func (p *WorkerPool) StopWait()          {}
