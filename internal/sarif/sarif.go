// Package sarif implements `concurlint sarif`: it runs the analyzers and
// writes their findings as a SARIF 2.1.0 log, the format GitHub code
// scanning (github/codeql-action/upload-sarif) and other tools read.
package sarif

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/internal/diagnostics"
	"github.com/concurlint/concurlint/internal/version"
)

const (
	schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
	toolURI   = "https://github.com/concurlint/concurlint"
	// srcRoot is the uriBaseId of every file under the root: code scanning
	// resolves it to the checkout.
	srcRoot = "%SRCROOT%"
)

// Options are the sarif subcommand's own flags; the front-end (cmd/concurlint)
// owns the others and the analysis request.
type Options struct {
	Output string // the log's file; "" is the standard output
	Root   string // file URIs are relative to it; "" is the enclosing git repository or the working directory
}

// AddFlags declares the options' flags on fs.
func AddFlags(fs *flag.FlagSet) *Options {
	o := &Options{}
	fs.StringVar(&o.Output, "o", "", "write the SARIF log to this `file` instead of the standard output")
	fs.StringVar(&o.Root, "root", "", "make file URIs relative to this `directory` (default: the enclosing git repository's top level, else the current directory)")
	return o
}

// Run analyses what req says and writes the SARIF log, and returns the exit
// code: 0 when the log was written, with or without findings; 1 when
// analysis failed. When some packages fail (a type error) and others were
// analysed, the log holds their results and a notification of the failure,
// and the exit code is 1.
func (o *Options) Run(req diagnostics.Request, stdout, stderr io.Writer) int {
	fail := func(err error) int {
		fmt.Fprintf(stderr, "concurlint sarif: %v\n", err)
		return 1
	}
	root := o.Root
	if root == "" {
		root = repoRoot(req.Dir)
	}
	root, err := filepath.Abs(root)
	if err != nil {
		return fail(err)
	}
	res, analyzeErr := diagnostics.Analyze(req)
	if res == nil {
		return fail(analyzeErr)
	}
	log := Build(req.Analyzers, res.Diagnostics, root)
	if analyzeErr != nil {
		log.Runs[0].Invocations = []Invocation{{
			ExecutionSuccessful: false,
			ToolExecutionNotifications: []Notification{{
				Level:   "error",
				Message: Text{Text: analyzeErr.Error()},
			}},
		}}
	} else {
		log.Runs[0].Invocations = []Invocation{{ExecutionSuccessful: true}}
	}
	data, err := json.MarshalIndent(log, "", "  ")
	if err != nil {
		return fail(err)
	}
	data = append(data, '\n')
	if o.Output == "" {
		_, err = stdout.Write(data)
	} else {
		err = os.WriteFile(o.Output, data, 0o666)
	}
	if err != nil {
		return fail(err)
	}
	if analyzeErr != nil {
		return fail(fmt.Errorf("the log has the results of the packages that were analysed; %v", analyzeErr))
	}
	return 0
}

// repoRoot returns the top level of the git repository that contains dir,
// or dir.
func repoRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// Build returns the SARIF log of the diagnostics: one run, whose rules are
// the analyzers, with file URIs relative to root.
func Build(analyzers []*analysis.Analyzer, diags []*diagnostics.Diagnostic, root string) *Log {
	b := &builder{root: root, lines: map[string][][]byte{}}
	driver := Driver{Name: "concurlint", InformationURI: toolURI, Version: version.Version(), SemanticVersion: strings.TrimPrefix(version.Version(), "v")}
	index := map[*analysis.Analyzer]int{}
	for i, a := range analyzers {
		index[a] = i
		title, _, _ := strings.Cut(a.Doc, "\n")
		driver.Rules = append(driver.Rules, Rule{
			ID:                   a.Name,
			Name:                 a.Name,
			ShortDescription:     Text{Text: title},
			FullDescription:      Text{Text: fullDescription(a.Doc)},
			Help:                 &Text{Text: a.Doc},
			HelpURI:              a.URL,
			DefaultConfiguration: &Configuration{Level: "warning"},
		})
	}
	run := Run{
		Tool:               Tool{Driver: driver},
		OriginalURIBaseIDs: map[string]ArtifactLocation{srcRoot: {URI: fileURI(root, true)}},
		ColumnKind:         "utf16CodeUnits",
		Results:            []Result{}, // an empty run is "results": [], not absent
	}
	for _, d := range diags {
		r := Result{
			RuleID:    d.Analyzer.Name,
			RuleIndex: index[d.Analyzer],
			Level:     "warning",
			Message:   Text{Text: d.Message},
			Locations: []Location{{PhysicalLocation: b.physical(d.Posn, d.End)}},
		}
		for i, rel := range d.Related {
			r.RelatedLocations = append(r.RelatedLocations, Location{
				ID:               i + 1,
				PhysicalLocation: b.physical(rel.Posn, rel.End),
				Message:          &Text{Text: rel.Message},
			})
		}
		for _, f := range d.Fixes {
			r.Fixes = append(r.Fixes, b.fix(f))
		}
		run.Results = append(run.Results, r)
	}
	return &Log{Schema: schemaURI, Version: "2.1.0", Runs: []Run{run}}
}

// maxDescription is the longest fullDescription GitHub code scanning keeps
// (1024 characters); the whole documentation goes in help.
const maxDescription = 1024

// fullDescription returns the analyzer's documentation, or, when it is
// longer than maxDescription, its leading paragraphs that fit.
func fullDescription(doc string) string {
	if utf16Len(doc) <= maxDescription {
		return doc
	}
	var out string
	for _, para := range strings.SplitAfter(doc, "\n\n") {
		if utf16Len(out+para) > maxDescription {
			break
		}
		out += para
	}
	if out == "" { // a first paragraph too long by itself: cut it at a space
		r := []rune(doc)
		for utf16Len(string(r)) > maxDescription-1 {
			r = r[:len(r)-1]
		}
		if i := strings.LastIndexByte(string(r), ' '); i > 0 {
			r = []rune(string(r)[:i])
		}
		return string(r) + "…"
	}
	out = strings.TrimSpace(out)
	if i := strings.LastIndexByte(out, '\n'); i > 0 && strings.HasSuffix(out, ":") {
		out = out[:i] // a line that announces what did not fit
	}
	return out
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

type builder struct {
	root  string
	lines map[string][][]byte // file name → its lines, read once, to count UTF-16 columns
}

func (b *builder) physical(posn, end token.Position) PhysicalLocation {
	region := &Region{StartLine: posn.Line, StartColumn: b.column(posn)}
	if end.IsValid() && (end.Line > posn.Line || end.Line == posn.Line && end.Column > posn.Column) {
		region.EndLine = end.Line
		region.EndColumn = b.column(end)
	}
	if posn.Line == 0 { // a position in a file without lines: the whole file
		region = nil
	}
	return PhysicalLocation{ArtifactLocation: b.artifact(posn.Filename), Region: region}
}

func (b *builder) artifact(file string) ArtifactLocation {
	if rel, err := filepath.Rel(b.root, file); err == nil && filepath.IsLocal(rel) {
		return ArtifactLocation{URI: fileURI(rel, false), URIBaseID: srcRoot}
	}
	return ArtifactLocation{URI: fileURI(file, false)}
}

// column converts a byte column (go/token) to UTF-16 code units, counted
// from 1, as SARIF's default columnKind wants. Without the file's text it
// keeps the byte column.
func (b *builder) column(p token.Position) int {
	lines, ok := b.lines[p.Filename]
	if !ok {
		if data, err := os.ReadFile(p.Filename); err == nil {
			lines = bytes.SplitAfter(data, []byte("\n"))
		}
		b.lines[p.Filename] = lines
	}
	if p.Line < 1 || p.Line > len(lines) || p.Column < 1 {
		return max(p.Column, 1)
	}
	line := lines[p.Line-1]
	prefix := line[:min(p.Column-1, len(line))]
	n := 0
	for len(prefix) > 0 {
		r, size := utf8.DecodeRune(prefix)
		prefix = prefix[size:]
		n += max(utf16.RuneLen(r), 1) // an invalid byte counts as U+FFFD
	}
	return n + 1
}

func (b *builder) fix(f diagnostics.Fix) Fix {
	fix := Fix{Description: Text{Text: f.Message}}
	byFile := map[string]int{} // file → index in ArtifactChanges
	for _, e := range f.Edits {
		i, ok := byFile[e.Posn.Filename]
		if !ok {
			i = len(fix.ArtifactChanges)
			byFile[e.Posn.Filename] = i
			fix.ArtifactChanges = append(fix.ArtifactChanges, ArtifactChange{ArtifactLocation: b.artifact(e.Posn.Filename)})
		}
		deleted := Region{StartLine: e.Posn.Line, StartColumn: b.column(e.Posn), EndLine: e.End.Line, EndColumn: b.column(e.End)}
		change := &fix.ArtifactChanges[i]
		change.Replacements = append(change.Replacements, Replacement{DeletedRegion: deleted, InsertedContent: &Content{Text: e.NewText}})
	}
	return fix
}

// fileURI turns a file path into a URI: relative paths stay relative, with
// forward slashes; absolute ones become file:// URIs. dir adds a final slash.
func fileURI(path string, dir bool) string {
	p := filepath.ToSlash(path)
	if dir && !strings.HasSuffix(p, "/") {
		p += "/"
	}
	if filepath.IsAbs(path) {
		if !strings.HasPrefix(p, "/") { // a Windows drive
			p = "/" + p
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}
