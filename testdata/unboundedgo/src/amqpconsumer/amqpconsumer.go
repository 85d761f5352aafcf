// Package amqpconsumer has AMQP consumers: a range over the deliveries of
// Consume runs once per message, as a message handler does. The package
// sets no prefetch count, so the broker hands out deliveries as fast as
// they arrive.
package amqpconsumer

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/panjf2000/ants/v2"
	amqp "github.com/rabbitmq/amqp091-go"
	streadway "github.com/streadway/amqp"
	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

func process(body []byte) {}

type worker struct {
	ch  *amqp.Channel
	sem chan struct{}
}

// The tutorial's shape: one consumer goroutine, one goroutine per delivery.
func (w *worker) run() {
	msgs, _ := w.ch.Consume("tasks", "", true, false, false, false, nil)
	forever := make(chan struct{})
	go func() { // the consumer: once, not per delivery
		for d := range msgs {
			go process(d.Body) // want `func literal in \(\*worker\).run starts one goroutine per AMQP delivery ranged from msgs, with no bound: the publishers choose how many run at once, sending messages faster than their goroutines end; acquire a limit before the go`
		}
	}()
	<-forever
}

// streadway/amqp, and a channel of deliveries handed to a function.
func handle(deliveries <-chan streadway.Delivery) { // want handle:"spawns one goroutine per element of param 0"
	for d := range deliveries {
		go func(d streadway.Delivery) { // want `handle starts one goroutine per AMQP delivery ranged from deliveries, with no bound`
			process(d.Body)
			d.Ack(false)
		}(d) // acknowledged, but no Qos bounds the unacknowledged deliveries
	}
}

// A WaitGroup that counts the goroutines and is waited for only when the
// consumer stops bounds nothing; nor does an errgroup without SetLimit.
func (w *worker) counted(msgs <-chan amqp.Delivery) { // want counted:"spawns one goroutine per element of param 0"
	var wg sync.WaitGroup
	for d := range msgs {
		wg.Add(1)
		go func() { // want `\(\*worker\).counted starts one goroutine per AMQP delivery ranged from msgs, with no bound`
			defer wg.Done()
			process(d.Body)
		}()
	}
	wg.Wait()
	var g errgroup.Group
	for d := range msgs {
		g.Go(func() error { process(d.Body); return nil }) // want `\(\*worker\).counted starts one goroutine per AMQP delivery`
	}
	g.Wait()
}

// A semaphore taken inside the goroutine bounds the work, not the goroutines.
func (w *worker) acquireInside(msgs <-chan amqp.Delivery) { // want acquireInside:"spawns one goroutine per element of param 0"
	for d := range msgs {
		go func() { // want `\(\*worker\).acquireInside starts one goroutine per AMQP delivery .*acquire it before the go`
			w.sem <- struct{}{}
			defer func() { <-w.sem }()
			process(d.Body)
		}()
	}
}

type batch struct{ Items []string }

// The delivery is input: a fan-out over what it holds is reported, though
// the loop awaits it before the next delivery.
func (w *worker) items(msgs <-chan amqp.Delivery) { // want items:"spawns one goroutine per element of param 0"
	for d := range msgs {
		var b batch
		json.Unmarshal(d.Body, &b)
		var wg sync.WaitGroup
		for _, it := range b.Items {
			wg.Go(func() { process([]byte(it)) }) // want `AMQP delivery loop in \(\*worker\).items starts one goroutine per element of b.Items, from the AMQP delivery, with no bound: the senders choose`
		}
		wg.Wait()
	}
}

func audit(body []byte) { // want audit:"starts a goroutine nobody awaits"
	go process(body)
}

// A call that always leaves a goroutine behind leaves one per delivery.
func (w *worker) audited(msgs <-chan amqp.Delivery) {
	for d := range msgs {
		audit(d.Body) // want `AMQP delivery loop in \(\*worker\).audited calls audit, which starts a goroutine that nobody awaits on every call .*every message leaves one behind`
	}
}

// Near misses.

// Each delivery handled in the loop.
func (w *worker) inline(msgs <-chan amqp.Delivery) {
	for d := range msgs {
		process(d.Body)
		d.Ack(false)
	}
}

// A fixed pool of workers reads the deliveries.
func (w *worker) pool(msgs <-chan amqp.Delivery, workers int) { // want pool:"spawns one goroutine per element of param 1"
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range msgs {
				process(d.Body)
			}
		}()
	}
	wg.Wait()
}

// A semaphore taken before the go and released by the goroutine.
func (w *worker) bounded(ctx context.Context, msgs <-chan amqp.Delivery, weighted *semaphore.Weighted) { // want bounded:"spawns one goroutine per element of param 1"
	for d := range msgs {
		w.sem <- struct{}{}
		go func() {
			defer func() { <-w.sem }()
			process(d.Body)
		}()
	}
	for d := range msgs {
		if err := weighted.Acquire(ctx, 1); err != nil {
			return
		}
		go func() {
			defer weighted.Release(1)
			process(d.Body)
		}()
	}
}

// An errgroup with a limit; a pool library.
func (w *worker) limited(msgs <-chan amqp.Delivery, p *ants.Pool) {
	var g errgroup.Group
	g.SetLimit(8)
	for d := range msgs {
		g.Go(func() error { process(d.Body); return nil })
	}
	g.Wait()
	for d := range msgs {
		p.Submit(func() { process(d.Body) })
	}
}

// Goroutines awaited before the next delivery.
func (w *worker) awaited(msgs <-chan amqp.Delivery) {
	for d := range msgs {
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			process(d.Body)
		}()
		wg.Wait()
	}
	for d := range msgs {
		done := make(chan struct{})
		go func() {
			process(d.Body)
			close(done)
		}()
		<-done
	}
	var g errgroup.Group
	for d := range msgs {
		g.Go(func() error { process(d.Body); return nil })
		g.Wait()
	}
}

// A channel of other values is no consumer's.
func others(bodies <-chan []byte) { // want others:"spawns one goroutine per element of param 0"
	for b := range bodies {
		go process(b)
	}
}

func flush() {}

// A for-select loop that receives the deliveries: the receiving case runs
// once per delivery, the other cases do not.
func (w *worker) selecting(ctx context.Context, msgs <-chan amqp.Delivery, tick <-chan struct{}) {
	for {
		select {
		case <-ctx.Done():
			return
		case d, ok := <-msgs:
			if !ok {
				return
			}
			go process(d.Body) // want `\(\*worker\).selecting starts one goroutine per AMQP delivery received from msgs, with no bound`
		case <-tick:
			go flush()
		}
	}
}

// Near miss: a semaphore taken in a select before the go, released by the
// goroutine.
func (w *worker) selectSemaphore(ctx context.Context, msgs <-chan amqp.Delivery) {
	var wg sync.WaitGroup
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			return
		case d := <-msgs:
			select {
			case w.sem <- struct{}{}:
				wg.Add(1)
				go func() {
					defer func() { <-w.sem; wg.Done() }()
					process(d.Body)
				}()
			case <-ctx.Done():
				return
			}
		}
	}
}

// Near miss: the same, the goroutine a method that releases the slot in a
// deferred function.
func (w *worker) selectSemaphoreMethod(ctx context.Context, msgs <-chan amqp.Delivery) {
	for {
		select {
		case <-ctx.Done():
			return
		case d, ok := <-msgs:
			if !ok {
				return
			}
			select {
			case w.sem <- struct{}{}:
				go w.processMessage(ctx, d)
			case <-ctx.Done():
				return
			}
		}
	}
}

func (w *worker) processMessage(ctx context.Context, d amqp.Delivery) {
	defer func() {
		<-w.sem
	}()
	process(d.Body)
}
