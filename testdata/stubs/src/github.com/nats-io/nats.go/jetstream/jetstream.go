// Package jetstream is a stub of github.com/nats-io/nats.go/jetstream for the fixtures of every analyzer.
package jetstream

type Msg interface {
	Data() []byte
	Ack() error
}

type MessageHandler func(msg Msg)

type PullConsumeOpt interface{}

type ConsumeContext interface{ Stop() }

type Consumer interface {
	Consume(handler MessageHandler, opts ...PullConsumeOpt) (ConsumeContext, error)
}
