// Package kafkareader has kafka-go consumers: the loop around ReadMessage
// or FetchMessage runs once per message.
package kafkareader

import (
	"context"
	"sync"

	"github.com/segmentio/kafka-go"
)

func process(value []byte) {}

func consume(ctx context.Context, r *kafka.Reader) error { // want consume:"spawns one goroutine per element of param 1"
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return err
		}
		go process(m.Value) // want `consume starts one goroutine per Kafka message read by \(\*kafka.Reader\).ReadMessage, with no bound: the publishers choose how many run at once`
	}
}

// Committing the message in the goroutine bounds nothing.
func fetch(ctx context.Context, r *kafka.Reader) error { // want fetch:"spawns one goroutine per element of param 1"
	for {
		m, err := r.FetchMessage(ctx)
		if err != nil {
			return err
		}
		go func() { // want `fetch starts one goroutine per Kafka message read by \(\*kafka.Reader\).FetchMessage`
			process(m.Value)
			r.CommitMessages(ctx, m)
		}()
	}
}

// Near misses: the message handled in the loop; a semaphore; a goroutine
// awaited before the next read; a goroutine started once, outside the loop.
func inline(ctx context.Context, r *kafka.Reader, sem chan struct{}) error {
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return err
		}
		process(m.Value)
	}
}

func bounded(ctx context.Context, r *kafka.Reader, sem chan struct{}) error { // want bounded:"spawns one goroutine per element of param 1"
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return err
		}
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			process(m.Value)
		}()
	}
}

func awaited(ctx context.Context, r *kafka.Reader) error {
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			return err
		}
		var wg sync.WaitGroup
		wg.Go(func() { process(m.Value) })
		wg.Wait()
	}
}

func once(ctx context.Context, r *kafka.Reader) {
	msgs := make(chan kafka.Message)
	go func() {
		for m := range msgs {
			process(m.Value)
		}
	}()
	for {
		m, err := r.ReadMessage(ctx)
		if err != nil {
			close(msgs)
			return
		}
		msgs <- m
	}
}
