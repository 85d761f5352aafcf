// Package upgrader takes over HTTP connections, as websocket libraries do:
// its functions that hijack, themselves or through calls, carry a fact.
package upgrader

import (
	"errors"
	"net"
	"net/http"
)

type Upgrader struct{}

// Upgrade hijacks through a helper of the package.
func (u *Upgrader) Upgrade(w http.ResponseWriter, r *http.Request) (net.Conn, error) { // want Upgrade:"hijacks"
	return takeOver(w)
}

func takeOver(w http.ResponseWriter) (net.Conn, error) { // want takeOver:"hijacks"
	h, ok := w.(http.Hijacker)
	if !ok {
		return nil, errors.New("the response writer cannot be hijacked")
	}
	conn, _, err := h.Hijack()
	return conn, err
}

// Accept reaches the hijack two calls down.
func Accept(w http.ResponseWriter, r *http.Request) (net.Conn, error) { // want Accept:"hijacks"
	var u Upgrader
	return u.Upgrade(w, r)
}

// Reply writes a response and keeps the connection with the server: no
// fact.
func Reply(w http.ResponseWriter) {
	w.WriteHeader(http.StatusOK)
}
