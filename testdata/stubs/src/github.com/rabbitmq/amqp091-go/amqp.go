// Package amqp091 is a stub of github.com/rabbitmq/amqp091-go for the fixtures of every analyzer.
package amqp091

type Table map[string]any

type Delivery struct {
	RoutingKey  string
	Body        []byte
	DeliveryTag uint64
}

func (d Delivery) Ack(multiple bool) error           { return nil }
func (d Delivery) Nack(multiple, requeue bool) error { return nil }
func (d Delivery) Reject(requeue bool) error         { return nil }

type Channel struct{}

func (ch *Channel) Qos(prefetchCount, prefetchSize int, global bool) error { return nil }

func (ch *Channel) Consume(queue, consumer string, autoAck, exclusive, noLocal, noWait bool, args Table) (<-chan Delivery, error) {
	return nil, nil
}

type Connection struct{}

func Dial(url string) (*Connection, error)       { return &Connection{}, nil }
func (c *Connection) Channel() (*Channel, error) { return &Channel{}, nil }
