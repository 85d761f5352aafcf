// Package pond is a stub of github.com/alitto/pond for the fixtures of every analyzer.
package pond

type WorkerPool struct{}

func New(maxWorkers, maxCapacity int) *WorkerPool { return &WorkerPool{} }
func (p *WorkerPool) Submit(task func())          { go task() }
func (p *WorkerPool) StopAndWait()                {}
