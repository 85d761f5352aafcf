// Package nats is a stub of github.com/nats-io/nats.go for the fixtures of every analyzer.
package nats

type Msg struct {
	Subject string
	Data    []byte
}

type MsgHandler func(msg *Msg)

type Subscription struct{}

type Conn struct{}

func Connect(url string) (*Conn, error) { return &Conn{}, nil }

func (nc *Conn) Subscribe(subj string, cb MsgHandler) (*Subscription, error) { return nil, nil }

func (nc *Conn) QueueSubscribe(subj, queue string, cb MsgHandler) (*Subscription, error) {
	return nil, nil
}

func (nc *Conn) SubscribeSync(subj string) (*Subscription, error) { return nil, nil }

func (nc *Conn) Publish(subj string, data []byte) error { return nil }

type SubOpt interface{}

type JetStream interface {
	Subscribe(subj string, cb MsgHandler, opts ...SubOpt) (*Subscription, error)
	QueueSubscribe(subj, queue string, cb MsgHandler, opts ...SubOpt) (*Subscription, error)
}

type JetStreamContext interface {
	JetStream
}

func (nc *Conn) JetStream() (JetStreamContext, error) { return nil, nil }
