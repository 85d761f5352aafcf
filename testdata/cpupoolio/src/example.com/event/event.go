// Package event declares the targets that events are sent to; their
// implementations live in package target, which imports this one.
package event

// Target receives events.
type Target interface {
	ID() string
	Send(ev string) error
}

// Store keeps events; one implementation of it does not block.
type Store interface {
	Put(ev string) error
}
