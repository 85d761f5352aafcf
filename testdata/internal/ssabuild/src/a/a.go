package a

import (
	"log"
	"os"
	"testing"
)

func exits() { os.Exit(1) } // want `exits never returns`

func fatal(l *log.Logger) { l.Fatalf("x") } // want `fatal never returns`

func testFatal(t *testing.T) { // want `testFatal never returns`
	t.Fatal("x")
}

func withLiteral() {
	func() { log.Fatal("x") }() // want `withLiteral\$1 never returns`
}

func returnsNormally(t testing.TB) { t.Fatal("through an interface: unknown") }

func plain() {}

// The initializers of package-level variables: the literals' are built
// (and named in order), the plain ones' are left out.
var exitFirst = func() { os.Exit(1) } // want `init\$1 never returns`

var table = []int{1, 2, 3}

var handlers = map[string]func(){
	"exit": func() { os.Exit(len(table)) }, // want `init\$2 never returns`
}

var size = len(table) + len(handlers)
