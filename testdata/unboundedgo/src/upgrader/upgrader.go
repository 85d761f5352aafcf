// Package upgrader takes over HTTP connections, as websocket libraries do:
// a handler that calls one serves the connection from then on.
package upgrader

import (
	"errors"
	"net"
	"net/http"
)

type Upgrader struct{}

// Upgrade hijacks through a helper of the package.
func (u *Upgrader) Upgrade(w http.ResponseWriter, r *http.Request) (net.Conn, error) {
	return takeOver(w)
}

func takeOver(w http.ResponseWriter) (net.Conn, error) {
	h, ok := w.(http.Hijacker)
	if !ok {
		return nil, errors.New("the response writer cannot be hijacked")
	}
	conn, _, err := h.Hijack()
	return conn, err
}

// Accept reaches the hijack two calls down.
func Accept(w http.ResponseWriter, r *http.Request) (net.Conn, error) {
	var u Upgrader
	return u.Upgrade(w, r)
}

// Reply writes a response and keeps the connection with the server: no
// fact.
func Reply(w http.ResponseWriter) {
	w.WriteHeader(http.StatusOK)
}
