package analyzerdoc

import "testing"

const docGo = `// Package x defines an Analyzer.
//
// # Analyzer x
//
// x: report something
//
// Longer text.
//
// # Another heading
//
// Not part of it.
package x
`

func TestExtract(t *testing.T) {
	if got, want := Extract(docGo, "x"), "report something\n\nLonger text."; got != want {
		t.Errorf("Extract = %q, want %q", got, want)
	}
}

func TestExtractPanicsWithoutSection(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("Extract of a missing section did not panic")
		}
	}()
	Extract(docGo, "y")
}
