// Package messages has the callbacks of subscription APIs, each run once
// per message as an HTTP handler runs once per request, and a Kafka claim
// consumer, whose loop over the claim's messages runs once per message.
package messages

import (
	"context"
	"encoding/json"
	"sync"

	"cloud.google.com/go/pubsub"
	"github.com/IBM/sarama"
	mqtt "github.com/eclipse/paho.mqtt.golang"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

func process(data []byte) {}

func subscribe(nc *nats.Conn, js nats.JetStreamContext, cons jetstream.Consumer, sub *pubsub.Subscription, client mqtt.Client) {
	nc.Subscribe("audit", func(m *nats.Msg) {
		go process(m.Data) // want `NATS message handler func literal in subscribe starts a goroutine that it never awaits \(no Wait, no receive of its result\): every message leaves one behind`
	})
	s := &service{}
	nc.QueueSubscribe("orders", "workers", s.onOrder)
	js.Subscribe("events", func(m *nats.Msg) {
		go process(m.Data) // want `NATS JetStream message handler func literal in subscribe starts a goroutine that it never awaits`
	})
	cons.Consume(func(m jetstream.Msg) {
		go process(m.Data()) // want `NATS JetStream message handler func literal in subscribe starts a goroutine`
	})
	sub.Receive(context.Background(), func(ctx context.Context, m *pubsub.Message) {
		go process(m.Data) // want `Pub/Sub message handler func literal in subscribe starts a goroutine`
	})
	client.Subscribe("sensors", 0, func(c mqtt.Client, m mqtt.Message) {
		go process(m.Payload()) // want `MQTT message handler func literal in subscribe starts a goroutine`
	})

	// Near misses: a callback that awaits its goroutine; a literal passed to
	// a function that is not a subscription API; a synchronous subscription.
	nc.Subscribe("sync", func(m *nats.Msg) {
		done := make(chan struct{})
		go func() {
			process(m.Data)
			close(done)
		}()
		<-done
	})
	later(func(m *nats.Msg) { go process(m.Data) })
	nc.SubscribeSync("pull")
}

func later(f func(*nats.Msg)) {}

type service struct{}

type order struct{ Items []string }

// A method value passed to QueueSubscribe is a message handler.
func (s *service) onOrder(m *nats.Msg) {
	var o order
	json.Unmarshal(m.Data, &o)
	var wg sync.WaitGroup
	for _, it := range o.Items {
		wg.Go(func() { process([]byte(it)) }) // want `NATS message handler \(\*service\).onOrder starts one goroutine per element of o.Items, from the NATS message, with no bound: the senders choose`
	}
	wg.Wait()
}

// Not passed to a subscription API: not an entry (its fact says what a
// caller in request scope would start).
func (s *service) onOther(m *nats.Msg) { // want onOther:`starts a goroutine nobody awaits`
	go process(m.Data)
}

type claimConsumer struct{}

func (claimConsumer) Setup(sarama.ConsumerGroupSession) error   { return nil }
func (claimConsumer) Cleanup(sarama.ConsumerGroupSession) error { return nil }

func (c claimConsumer) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	go c.heartbeat() // once per claim, not per message: not reported
	for msg := range claim.Messages() {
		go process(msg.Value) // want `Kafka claim consumer claimConsumer.ConsumeClaim starts one goroutine per element of claim.Messages\(\), received from the Kafka claim, with no bound: .*; and it never awaits them`
		sess.MarkMessage(msg, "")
	}
	return nil
}

func (claimConsumer) heartbeat() {}

// Near miss: each message is handled in the loop.
type inlineConsumer struct{}

func (inlineConsumer) ConsumeClaim(sess sarama.ConsumerGroupSession, claim sarama.ConsumerGroupClaim) error {
	for msg := range claim.Messages() {
		process(msg.Value)
		sess.MarkMessage(msg, "")
	}
	return nil
}
