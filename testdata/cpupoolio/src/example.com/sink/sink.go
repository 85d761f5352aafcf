// Package sink declares an interface that no package the pools see
// implements.
package sink

type Sink interface {
	Flush() error
}
