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
