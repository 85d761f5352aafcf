package sarif_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"

	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/analyzers/unawaited"
	"github.com/concurlint/concurlint/internal/analyzertest"
	"github.com/concurlint/concurlint/internal/diagnostics"
	"github.com/concurlint/concurlint/internal/report"
	"github.com/concurlint/concurlint/internal/sarif"
	"github.com/concurlint/concurlint/internal/version"
	"github.com/concurlint/concurlint/internal/vettooltest"
)

func TestMain(m *testing.M) { vettooltest.Main(m, analyzers.All()...) }

// definition is a definition of the SARIF 2.1.0 JSON schema
// (sarif-schema-2.1.0.json), restricted to what it says of the objects and
// properties concurlint writes: the properties it requires, those of which
// at least one must be present, and, for each property concurlint may
// write, its type: a definition's name, "[]name" for an array of them, or a
// JSON type. A property not listed is a mistake (the schema has
// additionalProperties false on these objects, or GitHub ignores it).
type definition struct {
	required []string
	anyOf    []string
	props    map[string]string
}

var schema = map[string]definition{
	"sarifLog":     {required: []string{"version", "runs"}, props: map[string]string{"$schema": "uri", "version": "2.1.0", "runs": "[]run"}},
	"run":          {required: []string{"tool"}, props: map[string]string{"tool": "tool", "originalUriBaseIds": "{}artifactLocation", "columnKind": "columnKind", "invocations": "[]invocation", "results": "[]result"}},
	"invocation":   {required: []string{"executionSuccessful"}, props: map[string]string{"executionSuccessful": "bool", "toolExecutionNotifications": "[]notification"}},
	"notification": {required: []string{"message"}, props: map[string]string{"level": "level", "message": "message"}},
	"tool":         {required: []string{"driver"}, props: map[string]string{"driver": "toolComponent"}},
	"toolComponent": {required: []string{"name"}, props: map[string]string{
		"name": "string", "informationUri": "uri", "version": "string", "semanticVersion": "string", "rules": "[]reportingDescriptor"}},
	"reportingDescriptor": {required: []string{"id"}, props: map[string]string{
		"id": "string", "name": "string", "shortDescription": "multiformatMessageString", "fullDescription": "multiformatMessageString",
		"help": "multiformatMessageString", "helpUri": "uri", "defaultConfiguration": "reportingConfiguration"}},
	"reportingConfiguration":   {props: map[string]string{"level": "level"}},
	"multiformatMessageString": {required: []string{"text"}, props: map[string]string{"text": "string"}},
	"message":                  {anyOf: []string{"text", "id"}, props: map[string]string{"text": "string"}},
	"result": {required: []string{"message"}, props: map[string]string{
		"ruleId": "string", "ruleIndex": "index", "level": "level", "message": "message",
		"locations": "[]location", "relatedLocations": "[]location", "fixes": "[]fix"}},
	"location":         {props: map[string]string{"id": "index", "physicalLocation": "physicalLocation", "message": "message"}},
	"physicalLocation": {anyOf: []string{"address", "artifactLocation"}, props: map[string]string{"artifactLocation": "artifactLocation", "region": "region"}},
	"artifactLocation": {props: map[string]string{"uri": "uri", "uriBaseId": "string"}},
	"region": {props: map[string]string{
		"startLine": "positive", "startColumn": "positive", "endLine": "positive", "endColumn": "positive"}},
	"fix":             {required: []string{"artifactChanges"}, props: map[string]string{"description": "message", "artifactChanges": "[]artifactChange"}},
	"artifactChange":  {required: []string{"artifactLocation", "replacements"}, props: map[string]string{"artifactLocation": "artifactLocation", "replacements": "[]replacement"}},
	"replacement":     {required: []string{"deletedRegion"}, props: map[string]string{"deletedRegion": "region", "insertedContent": "artifactContent"}},
	"artifactContent": {props: map[string]string{"text": "string"}},
}

// validate checks v against the definition or type typ, and returns the
// problems, each with its JSON path.
func validate(path, typ string, v any) []string {
	bad := func(format string, args ...any) []string {
		return []string{path + ": " + fmt.Sprintf(format, args...)}
	}
	if elem, ok := strings.CutPrefix(typ, "[]"); ok {
		list, ok := v.([]any)
		if !ok {
			return bad("want an array")
		}
		var errs []string
		for i, e := range list {
			errs = append(errs, validate(fmt.Sprintf("%s[%d]", path, i), elem, e)...)
		}
		return errs
	}
	if elem, ok := strings.CutPrefix(typ, "{}"); ok {
		m, ok := v.(map[string]any)
		if !ok {
			return bad("want an object")
		}
		var errs []string
		for k, e := range m {
			errs = append(errs, validate(path+"."+k, elem, e)...)
		}
		return errs
	}
	switch typ {
	case "string", "uri":
		if s, ok := v.(string); !ok || s == "" {
			return bad("want a non-empty string, have %v", v)
		}
		return nil
	case "bool":
		if _, ok := v.(bool); !ok {
			return bad("want a boolean, have %v", v)
		}
		return nil
	case "2.1.0":
		if v != "2.1.0" {
			return bad("want 2.1.0, have %v", v)
		}
		return nil
	case "level":
		if !slices.Contains([]string{"none", "note", "warning", "error"}, fmt.Sprint(v)) {
			return bad("not a level: %v", v)
		}
		return nil
	case "columnKind":
		if v != "utf16CodeUnits" && v != "unicodeCodePoints" {
			return bad("not a columnKind: %v", v)
		}
		return nil
	case "index", "positive":
		n, ok := v.(float64)
		if !ok || n != float64(int(n)) || typ == "index" && n < 0 || typ == "positive" && n < 1 {
			return bad("want a %s integer, have %v", typ, v)
		}
		return nil
	}
	def, ok := schema[typ]
	if !ok {
		panic("no definition " + typ)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return bad("want a %s object", typ)
	}
	var errs []string
	for _, r := range def.required {
		if _, ok := obj[r]; !ok {
			errs = append(errs, fmt.Sprintf("%s: %s lacks required property %q", path, typ, r))
		}
	}
	if len(def.anyOf) > 0 && !slices.ContainsFunc(def.anyOf, func(p string) bool { _, ok := obj[p]; return ok }) {
		errs = append(errs, fmt.Sprintf("%s: %s needs one of %v", path, typ, def.anyOf))
	}
	for k, e := range obj {
		t, ok := def.props[k]
		if !ok {
			errs = append(errs, fmt.Sprintf("%s: %s has no property %q", path, typ, k))
			continue
		}
		errs = append(errs, validate(path+"."+k, t, e)...)
	}
	return errs
}

// sample returns a copy of the sample module (testdata/integration/sample).
func sample(t *testing.T) string {
	return analyzertest.Module(t, "integration/sample", nil)
}

// TestSample runs `concurlint sarif` on the sample module and checks the
// log against the schema's required fields and what code scanning needs.
func TestSample(t *testing.T) {
	dir := sample(t)
	t.Chdir(dir)
	_, got := validLog(t, &sarif.Options{Root: dir}, "./...", 0)
	if len(got.Runs) != 1 {
		t.Fatalf("%d runs, want 1", len(got.Runs))
	}
	run := got.Runs[0]
	if base := run.OriginalURIBaseIDs["%SRCROOT%"].URI; base != "file://"+filepath.ToSlash(dir)+"/" {
		t.Errorf("%%SRCROOT%% is %s, want the root %s", base, dir)
	}
	if d := run.Tool.Driver; d.Version != version.Version() || !strings.HasPrefix(d.Version, "v"+d.SemanticVersion[:1]) {
		t.Errorf("driver version %q, semanticVersion %q; want %q", d.Version, d.SemanticVersion, version.Version())
	}
	all := analyzers.All()
	if len(run.Tool.Driver.Rules) != len(all) {
		t.Errorf("%d rules, want one per analyzer (%d)", len(run.Tool.Driver.Rules), len(all))
	}
	for i, rule := range run.Tool.Driver.Rules {
		a := all[i]
		if rule.ID != a.Name || rule.Help == nil || rule.Help.Text != a.Doc || rule.HelpURI != a.URL || !strings.HasPrefix(a.Doc, rule.ShortDescription.Text) {
			t.Errorf("rule %d: %+v; want id, help, helpUri from analyzer %s", i, rule, a.Name)
		}
		// fullDescription: the Doc, or as many of its first paragraphs as
		// fit in the 1024 characters code scanning keeps.
		full := rule.FullDescription.Text
		if len(utf16.Encode([]rune(full))) > 1024 || !strings.HasPrefix(a.Doc, full) || len(full) < len(rule.ShortDescription.Text) {
			t.Errorf("rule %s: fullDescription %q, want the Doc's leading paragraphs, at most 1024 characters", a.Name, full)
		}
	}

	// Each result: file:line:col of the location, then of the related ones.
	var results []string
	for _, r := range run.Results {
		if run.Tool.Driver.Rules[r.RuleIndex].ID != r.RuleID || r.Level != "warning" || r.Message.Text == "" {
			t.Errorf("result %+v: want ruleIndex matching ruleId, level warning, a message", r)
		}
		s := r.RuleID
		for _, l := range slices.Concat(r.Locations, r.RelatedLocations) {
			a := l.PhysicalLocation.ArtifactLocation
			if a.URIBaseID != "%SRCROOT%" {
				t.Errorf("%s: uriBaseId %q, want %%SRCROOT%%", a.URI, a.URIBaseID)
			}
			s += fmt.Sprintf(" %s:%d:%d", a.URI, l.PhysicalLocation.Region.StartLine, l.PhysicalLocation.Region.StartColumn)
		}
		results = append(results, s)
	}
	want := []string{
		"cpupoolio files/files.go:13:3 files/files.go:12:12 files/files.go:15:22",
		"unawaited leak/leak.go:11:2 leak/leak.go:13:3",
	}
	if !slices.Equal(results, want) {
		t.Errorf("results:\n%s\nwant (ignored/ must not appear):\n%s", strings.Join(results, "\n"), strings.Join(want, "\n"))
	}

	// unawaited's suggested fix, as a SARIF fix.
	fixes := run.Results[1].Fixes
	if len(fixes) != 1 || len(fixes[0].ArtifactChanges) != 1 || len(fixes[0].ArtifactChanges[0].Replacements) != 1 {
		t.Fatalf("fixes of the unawaited result: %+v, want one replacement", fixes)
	}
	rep := fixes[0].ArtifactChanges[0].Replacements[0]
	if rep.DeletedRegion.StartLine != 10 || rep.InsertedContent == nil || !strings.Contains(rep.InsertedContent.Text, "1") {
		t.Errorf("replacement %+v, want a buffer of 1 inserted on line 10", rep)
	}
}

// TestEmpty checks that a clean package gives a valid log with no results.
func TestEmpty(t *testing.T) {
	dir := sample(t)
	t.Chdir(dir)
	if out, _ := validLog(t, &sarif.Options{}, "./ignored", 0); !strings.Contains(out, `"results": []`) {
		t.Errorf("no results: want \"results\": [], have\n%s", out)
	}
}

// TestOptions checks the analyzer selection, -o and the exit code of a
// pattern that matches nothing.
func TestOptions(t *testing.T) {
	dir := sample(t)
	t.Chdir(dir)
	out := filepath.Join(t.TempDir(), "out.sarif")
	var stdout, stderr bytes.Buffer
	if code := run(&sarif.Options{Output: out}, []*analysis.Analyzer{unawaited.Analyzer}, []string{"./..."}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	var log sarif.Log
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatal(err)
	}
	if rules := log.Runs[0].Tool.Driver.Rules; len(rules) != 1 || rules[0].ID != "unawaited" {
		t.Errorf("unawaited only: rules %+v, want only unawaited", rules)
	}
	if n := len(log.Runs[0].Results); n != 1 {
		t.Errorf("unawaited only: %d results, want 1", n)
	}
	if code := run(&sarif.Options{}, analyzers.All(), []string{"./nosuch"}, &stdout, &stderr); code != 1 {
		t.Errorf("./nosuch: exit %d, want 1; stderr %s", code, stderr.String())
	}
}

// TestPartial checks that a package that does not type-check leaves the
// results of the others in the log, with a notification, and exit code 1.
func TestPartial(t *testing.T) {
	dir := t.TempDir()
	src := sample(t)
	for _, name := range []string{"go.mod", "leak/leak.go"} {
		data, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o777)
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o666); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(dir, "broken"), 0o777)
	if err := os.WriteFile(filepath.Join(dir, "broken", "broken.go"), []byte("package broken\n\nfunc F() { undefined() }\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	_, log := validLog(t, &sarif.Options{}, "./...", 1)
	r := log.Runs[0]
	if len(r.Results) != 1 || r.Results[0].RuleID != "unawaited" {
		t.Errorf("results %+v, want the leak package's unawaited finding", r.Results)
	}
	if len(r.Invocations) != 1 || r.Invocations[0].ExecutionSuccessful || len(r.Invocations[0].ToolExecutionNotifications) != 1 ||
		!strings.Contains(r.Invocations[0].ToolExecutionNotifications[0].Message.Text, "undefined: undefined") {
		t.Errorf("invocations %+v, want one, unsuccessful, with the type error", r.Invocations)
	}
}

// validLog runs the subcommand with every analyzer on the pattern, in the
// working directory, expecting exit code want and a log valid against the
// schema, and returns the log as printed and decoded.
func validLog(t *testing.T, o *sarif.Options, pattern string, want int) (string, sarif.Log) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(o, analyzers.All(), []string{pattern}, &stdout, &stderr); code != want {
		t.Fatalf("exit %d, want %d: %s", code, want, stderr.String())
	}
	var raw map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &raw); err != nil {
		t.Fatalf("%v\n%s", err, stdout.String())
	}
	for _, e := range validate("$", "sarifLog", raw) {
		t.Error(e)
	}
	var log sarif.Log
	if err := json.Unmarshal(stdout.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	return stdout.String(), log
}

// run runs the subcommand as the front-end does, in the working directory.
func run(o *sarif.Options, as []*analysis.Analyzer, patterns []string, stdout, stderr *bytes.Buffer) int {
	stdout.Reset()
	stderr.Reset()
	dir, _ := os.Getwd()
	return o.Run(diagnostics.Request{Tool: vettooltest.Tool(), Analyzers: as, Dir: dir, Patterns: patterns, Tests: true}, stdout, stderr)
}

// TestLongDoc checks the fullDescription of an analyzer whose first
// paragraph alone is too long for code scanning.
func TestLongDoc(t *testing.T) {
	long := &analysis.Analyzer{Name: "long", Doc: strings.Repeat("word ", 300) + "end\n\nmore"}
	rule := sarif.Build([]*analysis.Analyzer{long}, nil, t.TempDir()).Runs[0].Tool.Driver.Rules[0]
	full := rule.FullDescription.Text
	if len(full) > 1024 || !strings.HasSuffix(full, "word…") || rule.Help.Text != long.Doc {
		t.Errorf("fullDescription %q (%d), help %q; want the first 1024 characters cut at a space, and the whole Doc as help", full, len(full), rule.Help.Text)
	}
}

// TestColumns checks that columns count UTF-16 code units, as SARIF's
// default columnKind says, not bytes as go/token does.
func TestColumns(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "x.go")
	// "é" is 2 bytes and 1 code unit; "𝔊" is 4 bytes and 2 code units.
	if err := os.WriteFile(file, []byte("package x\nvar s = \"é𝔊\"; var t = 1\n"), 0o666); err != nil {
		t.Fatal(err)
	}
	byteCol := strings.Index("var s = \"é𝔊\"; var t = 1", "var t") + 1
	d := &diagnostics.Diagnostic{
		Analyzer: unawaited.Analyzer,
		Posn:     token.Position{Filename: file, Line: 2, Column: byteCol},
		Message:  "m",
	}
	log := sarif.Build(analyzers.All(), []*diagnostics.Diagnostic{d}, dir)
	loc := log.Runs[0].Results[0].Locations[0].PhysicalLocation
	if loc.ArtifactLocation.URI != "x.go" || loc.Region.StartColumn != byteCol-3 {
		t.Errorf("location %s:%d, want x.go:%d", loc.ArtifactLocation.URI, loc.Region.StartColumn, byteCol-3)
	}
}

// TestHelpURIs checks that each rule's helpUri names a heading of the
// README, as GitHub makes anchors of them.
func TestHelpURIs(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	anchors := map[string]bool{}
	for _, line := range strings.Split(string(readme), "\n") {
		if title, ok := strings.CutPrefix(strings.TrimLeft(line, "#"), " "); ok && strings.HasPrefix(line, "#") {
			anchors[githubAnchor(title)] = true
		}
	}
	for _, rule := range sarif.Build(report.Tool(analyzers.All()), nil, t.TempDir()).Runs[0].Tool.Driver.Rules {
		_, anchor, ok := strings.Cut(rule.HelpURI, "#")
		if !ok || !strings.HasPrefix(rule.HelpURI, "https://github.com/concurlint/concurlint#") || !anchors[anchor] {
			t.Errorf("rule %s: helpUri %q names no heading of README.md", rule.ID, rule.HelpURI)
		}
	}
}

// githubAnchor is the anchor GitHub gives a heading: lower case, spaces as
// hyphens, punctuation but hyphens and underscores dropped.
func githubAnchor(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(title)) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
