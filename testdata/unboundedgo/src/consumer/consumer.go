// Package consumer has a message consumer, made an entry point by
// -unboundedgo.handlers=consumer.Handle,(*consumer.Worker).Process,(*consumer.Bus).Subscribe.
package consumer

import (
	"context"
	"sync"
)

type Message struct{ Items []string }

func process(ctx context.Context, item string) {}

func Handle(ctx context.Context, m *Message) {
	var wg sync.WaitGroup
	for _, it := range m.Items {
		wg.Go(func() { process(ctx, it) }) // want `entry point Handle starts one goroutine per element of m.Items, from parameter m of the entry point, with no bound`
	}
	wg.Wait()
}

type Worker struct{}

func (w *Worker) Process(ctx context.Context, items []string) {
	for _, it := range items {
		go process(ctx, it) // want `entry point \(\*Worker\).Process starts one goroutine per element of items`
	}
}

// Not named by the flag.
func Other(ctx context.Context, m *Message) { // want Other:`param 1`
	var wg sync.WaitGroup
	for _, it := range m.Items {
		wg.Go(func() { process(ctx, it) })
	}
	wg.Wait()
}

// Bus is a subscription API of the program, named by the flag: the
// functions passed to Subscribe run once per message; Subscribe itself,
// which takes a function, is not an entry.
type Bus struct{}

func (b *Bus) Subscribe(topic string, handle func(m *Message)) {
	go handle(&Message{})
}

func listen(b *Bus) { // want listen:`starts a goroutine nobody awaits: b.Subscribe of a func literal`
	b.Subscribe("orders", func(m *Message) {
		go process(context.Background(), "audit") // want `message handler func literal in listen starts a goroutine that it never awaits .*: every message leaves one behind`
	})
}
