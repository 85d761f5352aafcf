// Package webhook delivers notices over HTTP.
package webhook

import (
	"net/http"
	"strings"

	"example.com/notify"
)

var _ notify.Sink = (*Hook)(nil)

type Hook struct{ URL string }

func (h *Hook) Deliver(n string) error {
	_, err := http.Post(h.URL, "text/plain", strings.NewReader(n))
	return err
}
