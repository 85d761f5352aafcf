// Package ifaces runs CPU-sized pools whose workers call interface
// methods: they block when every implementation in sight blocks.
package ifaces

import (
	"bytes"
	"io"
	"net/smtp"
	"os"
	"runtime"

	"example.com/event"
	"example.com/event/target"
	"example.com/sink"
)

// The implementations are in sight: package target is imported.
var _ = []event.Target{&target.Webhook{}, &target.Kafka{}, target.MQTT{}}

func sendAll(evs chan string, targets []event.Target) {
	for range runtime.NumCPU() {
		go func() { // want `blocks on network IO: func literal in sendAll → \(event.Target\).Send → \(\*target.Kafka\).Send → net.Dial`
			for ev := range evs {
				for _, t := range targets {
					t.Send(ev)
				}
			}
		}()
	}
}

// A method of the interface that does not block: ID computes in every
// implementation.
func ids(evs chan string, targets []event.Target) {
	for range runtime.NumCPU() {
		go func() {
			for range evs {
				for _, t := range targets {
					_ = t.ID()
				}
			}
		}()
	}
}

// One implementation in memory keeps the call quiet.
func store(evs chan string, s event.Store) {
	for range runtime.NumCPU() {
		go func() {
			for ev := range evs {
				s.Put(ev)
			}
		}()
	}
}

// No implementation in sight: not assumed to block.
func flush(jobs chan int, s sink.Sink) {
	for range runtime.NumCPU() {
		go func() {
			for range jobs {
				s.Flush()
			}
		}()
	}
}

// An interface of the standard library: the analysis sees only a few of
// io.Writer's implementations, never all.
func write(bufs chan []byte, w io.Writer) {
	_ = os.Stdout
	for range runtime.NumCPU() {
		go func() {
			for b := range bufs {
				w.Write(b)
			}
		}()
	}
}

// An interface of the package itself, whose only implementation mails.
type notifier interface{ notify(msg string) }

type mailer struct{}

func (mailer) notify(msg string) { smtp.SendMail("localhost:25", nil, "", nil, []byte(msg)) }

var _ notifier = mailer{}

func notifyAll(msgs chan string, n notifier) {
	for range runtime.NumCPU() {
		go func() { // want `blocks on network IO: func literal in notifyAll → \(notifier\).notify → mailer.notify → smtp.SendMail`
			for m := range msgs {
				n.notify(m)
			}
		}()
	}
}

// An interface of the package with a second, computing implementation.
type encoder interface{ encode(msg string) []byte }

type plain struct{}

func (plain) encode(msg string) []byte { return []byte(msg) }

type remote struct{}

func (remote) encode(msg string) []byte { smtp.SendMail("localhost:25", nil, "", nil, nil); return nil }

var _ = []encoder{plain{}, remote{}}

func encodeAll(msgs chan string, e encoder) {
	var out bytes.Buffer
	for range runtime.NumCPU() {
		go func() {
			for m := range msgs {
				out.Write(e.encode(m))
			}
		}()
	}
}
