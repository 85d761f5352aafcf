// Package tunny is a stub of github.com/Jeffail/tunny for the tests.
package tunny

type Pool struct{}

func NewFunc(n int, f func(any) any) *Pool { return &Pool{} }
func (p *Pool) Process(payload any) any    { return nil }
