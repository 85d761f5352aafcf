// Package target implements event.Target with a webhook, a Kafka and an
// MQTT client, each of which blocks on the network; and event.Store in
// memory and on disk.
package target

import (
	"net"
	"net/http"
	"os"
	"strings"

	"example.com/event"
)

var (
	_ event.Target = (*Webhook)(nil)
	_ event.Target = (*Kafka)(nil)
	_ event.Target = MQTT{}
	_ event.Store  = (*MemoryStore)(nil)
	_ event.Store  = (*FileStore)(nil)
)

type Webhook struct{ url string }

func (w *Webhook) ID() string { return "webhook" }
func (w *Webhook) Send(ev string) error {
	_, err := http.Post(w.url, "text/plain", strings.NewReader(ev))
	return err
}

type Kafka struct{ addr string }

func (k *Kafka) ID() string { return "kafka" }
func (k *Kafka) Send(ev string) error {
	c, err := net.Dial("tcp", k.addr)
	if err != nil {
		return err
	}
	defer c.Close()
	_, err = c.Write([]byte(ev))
	return err
}

type MQTT struct{ conn net.Conn }

func (m MQTT) ID() string { return "mqtt" }
func (m MQTT) Send(ev string) error {
	_, err := m.conn.Write([]byte(ev))
	return err
}

type MemoryStore struct{ events []string }

func (s *MemoryStore) Put(ev string) error { s.events = append(s.events, ev); return nil }

type FileStore struct{ f *os.File }

func (s *FileStore) Put(ev string) error { _, err := s.f.WriteString(ev); return err }
