// Package pond is a stub of github.com/alitto/pond/v2 for the fixtures of every analyzer.
package pond

type Task interface{ Wait() error }

type Pool interface {
	Submit(task func()) Task
	Go(task func()) error
	StopAndWait()
}

type pool struct{}

func NewPool(maxConcurrency int) Pool   { return &pool{} }
func (p *pool) Submit(task func()) Task { go task(); return nil }
func (p *pool) Go(task func()) error    { go task(); return nil }
func (p *pool) StopAndWait()            {}
