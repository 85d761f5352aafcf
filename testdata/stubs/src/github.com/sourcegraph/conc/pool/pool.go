// Package pool is a stub of github.com/sourcegraph/conc/pool for the fixtures of every analyzer.
package pool

import "context"

type Pool struct{}

func New() *Pool                                             { return &Pool{} }
func (p *Pool) WithMaxGoroutines(n int) *Pool                { return p }
func (p *Pool) WithErrors() *ErrorPool                       { return &ErrorPool{} }
func (p *Pool) WithContext(ctx context.Context) *ContextPool { return &ContextPool{} }
func (p *Pool) Go(f func())                                  { go f() }
func (p *Pool) Wait()                                        {}

type ErrorPool struct{}

func (p *ErrorPool) WithMaxGoroutines(n int) *ErrorPool { return p }
func (p *ErrorPool) Go(f func() error)                  { go f() }
func (p *ErrorPool) Wait() error                        { return nil }

type ContextPool struct{}

func (p *ContextPool) WithMaxGoroutines(n int) *ContextPool { return p }
func (p *ContextPool) Go(f func(ctx context.Context) error) { go f(context.Background()) }
func (p *ContextPool) Wait() error                          { return nil }
