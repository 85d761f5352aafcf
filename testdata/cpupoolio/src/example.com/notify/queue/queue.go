// Package queue delivers notices to a broker over TCP, and mirrors them in
// memory or on the broker.
package queue

import (
	"net"

	"example.com/notify"
)

var (
	_ notify.Sink   = Queue{}
	_ notify.Mirror = (*Memory)(nil)
	_ notify.Mirror = Queue{}
)

type Queue struct{ Conn net.Conn }

func (q Queue) Deliver(n string) error {
	_, err := q.Conn.Write([]byte(n))
	return err
}

func (q Queue) Copy(n string) error { return q.Deliver(n) }

type Memory struct{ notices []string }

func (m *Memory) Copy(n string) error { m.notices = append(m.notices, n); return nil }
