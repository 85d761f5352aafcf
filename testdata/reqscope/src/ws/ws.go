// Package ws hijacks through another package's functions, known by their
// facts, and through function literals.
package ws

import (
	"net/http"

	"upgrader"
)

func serve(w http.ResponseWriter, r *http.Request) { // want serve:"hijacks"
	conn, err := upgrader.Accept(w, r)
	if err == nil {
		conn.Close()
	}
}

// A hijack in a literal of the function counts for the function.
func deferred(w http.ResponseWriter) { // want deferred:"hijacks"
	func() {
		http.NewResponseController(w).Hijack()
	}()
}

// Calls of functions that hijack, two levels up in the package.
func route(w http.ResponseWriter, r *http.Request) { // want route:"hijacks"
	serve(w, r)
}

// Near misses: another package's function that does not hijack, and a
// method named like one that does.
func reply(w http.ResponseWriter, r *http.Request) {
	upgrader.Reply(w)
	var u notUpgrader
	u.Upgrade()
}

type notUpgrader struct{}

func (notUpgrader) Upgrade() {}
