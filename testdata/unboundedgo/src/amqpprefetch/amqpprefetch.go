// Package amqpprefetch sets a prefetch count: the broker hands the consumer
// at most that many deliveries it has not acknowledged, so a goroutine per
// delivery that acknowledges it is bounded, as by a semaphore it releases.
package amqpprefetch

import amqp "github.com/rabbitmq/amqp091-go"

func process(body []byte) {}

func consume(ch *amqp.Channel) error { // want consume:"spawns one goroutine per element of param 0"
	if err := ch.Qos(16, 0, false); err != nil {
		return err
	}
	msgs, err := ch.Consume("tasks", "", false, false, false, false, nil)
	if err != nil {
		return err
	}
	for d := range msgs {
		go func() {
			defer d.Ack(false)
			process(d.Body)
		}()
	}
	for d := range msgs {
		go handle(d) // acknowledges in a function it calls
	}
	for d := range msgs {
		go process(d.Body) // want `consume starts one goroutine per AMQP delivery ranged from msgs, with no bound`
	}
	return nil
}

func handle(d amqp.Delivery) {
	if err := work(d); err != nil {
		d.Nack(false, true)
	}
}

func work(d amqp.Delivery) error {
	process(d.Body)
	return d.Ack(false)
}
