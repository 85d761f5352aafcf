// Package ants is a stub of github.com/panjf2000/ants/v2 for the fixtures of every analyzer.
package ants

type Pool struct{}

func NewPool(size int) (*Pool, error)    { return &Pool{}, nil }
func (p *Pool) Submit(task func()) error { go task(); return nil }

type PoolWithFunc struct{}

func NewPoolWithFunc(size int, pf func(any)) (*PoolWithFunc, error) { return &PoolWithFunc{}, nil }
func (p *PoolWithFunc) Invoke(arg any) error                        { return nil }
