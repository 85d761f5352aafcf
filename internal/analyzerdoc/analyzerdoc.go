// Package analyzerdoc takes an analyzer's documentation from the package
// comment of its doc.go, so that the Go documentation, `concurlint help
// NAME` and the Analyzer's Doc are one text.
package analyzerdoc

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// Extract returns the section of the package comment in docGo that starts
// at the heading "# Analyzer NAME" and whose first line is "NAME: summary",
// without the "NAME: " prefix, in the form analysis.Analyzer.Doc expects.
// It panics when the section is missing: that is a build-time mistake.
func Extract(docGo, name string) string {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", docGo, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil || f.Doc == nil {
		panic(fmt.Sprintf("analyzerdoc: doc.go of %s has no package comment", name))
	}
	text := f.Doc.Text()
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
