// Package pool is a stub of github.com/sourcegraph/conc/pool for the fixtures of every analyzer.
package pool

type Pool struct{}

func New() *Pool                              { return &Pool{} }
func (p *Pool) WithMaxGoroutines(n int) *Pool { return p }
func (p *Pool) Go(f func())                   { go f() }
func (p *Pool) Wait()                         {}
