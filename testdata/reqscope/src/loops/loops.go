// Package loops has the loops of queue consumers that receive one message
// per iteration: a range over a channel of AMQP deliveries, a loop around
// kafka-go's ReadMessage or FetchMessage. Each is an entry point, and its
// message carries input.
package loops

import (
	"context"
	"encoding/json"

	amqp "github.com/rabbitmq/amqp091-go"
	"github.com/segmentio/kafka-go"
	streadway "github.com/streadway/amqp"
)

type batch struct{ Items []string }

func consume(ch *amqp.Channel) {
	msgs, _ := ch.Consume("q", "", false, false, false, false, nil)
	for d := range msgs { // want `entry loop AMQP delivery loop in consume`
		var b batch
		json.Unmarshal(d.Body, &b)
		for range b.Items { // want `input from the AMQP delivery`
		}
	}
}

// A channel of deliveries handed to a function is ranged in it.
func handle(deliveries <-chan streadway.Delivery) {
	for d := range deliveries { // want `entry loop AMQP delivery loop in handle`
		for range d.Body { // want `input from the AMQP delivery`
		}
	}
}

func read(ctx context.Context, r *kafka.Reader) {
	for { // want `entry loop Kafka message loop in read`
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return
		}
		for range m.Value { // want `input from the Kafka message`
		}
	}
}

func fetch(ctx context.Context, r *kafka.Reader) {
	for { // want `entry loop Kafka message loop in fetch`
		if _, err := r.FetchMessage(ctx); err != nil {
			return
		}
	}
}

// Not entries: a channel of other values; a single read outside a loop.
func others(ctx context.Context, ch <-chan []byte, r *kafka.Reader) {
	for range ch {
	}
	r.ReadMessage(ctx)
}

func selecting(ctx context.Context, msgs <-chan amqp.Delivery) {
	for {
		select {
		case <-ctx.Done():
			return
		case d := <-msgs: // want `entry loop AMQP delivery loop in selecting`
			for range d.Body { // want `input from the AMQP delivery`
			}
		}
	}
}

// A queue client of the program, whose calls the test names as reads: a
// loop around Next, and a range over a channel of what Deliveries returns,
// run once per message.
type Queue struct{}

type Job struct{ Steps []string }

func (q *Queue) Next() (*Job, error)     { return nil, nil }
func (q *Queue) Deliveries() <-chan *Job { return nil }
func (q *Queue) Len() int                { return 0 }

func work(q *Queue) {
	for { // want `entry loop message loop in work`
		j, err := q.Next()
		if err != nil {
			return
		}
		for range j.Steps { // want `input from the message`
		}
	}
}

func drain(jobs <-chan *Job) {
	for j := range jobs { // want `entry loop message loop in drain`
		for range j.Steps { // want `input from the message`
		}
	}
}

func useDeliveries(q *Queue) {
	drain(q.Deliveries())
	for range q.Len() { // not named: not a message loop
	}
}
