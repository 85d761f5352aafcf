// Package redis is a stub of github.com/gomodule/redigo/redis for the fixtures of every analyzer.
package redis

type Conn interface {
	Close() error
	Err() error
	Do(commandName string, args ...any) (reply any, err error)
	Send(commandName string, args ...any) error
	Flush() error
	Receive() (reply any, err error)
}

type Pool struct{}

func (p *Pool) Get() Conn { return nil }
