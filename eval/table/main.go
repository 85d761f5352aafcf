// Command table turns concurlint's JSON output on the evaluation corpus into
// eval/findings.tsv, one finding a row, and scores it against the
// judgements in eval/judgements.tsv: per analyzer, the precision (is the
// finding true?) and the share a maintainer would fix, each for product
// code and for tests, and the rows nobody has judged yet.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// A Finding is one row of findings.tsv.
type Finding struct {
	Project, Analyzer, Posn, Message string
}

// key identifies a finding across runs: its place and its message.
func (f Finding) key() string {
	return strings.Join([]string{f.Project, f.Analyzer, f.Posn, f.Message}, "\t")
}

// line identifies a finding's place without its column and message, which
// change when a message is reworded or a report moves within its line.
func (f Finding) line() string {
	file, rest, _ := strings.Cut(f.Posn, ":")
	row, _, _ := strings.Cut(rest, ":")
	return strings.Join([]string{f.Project, f.Analyzer, file + ":" + row}, "\t")
}

// A Judgement says whether a finding is true and whether the project's
// maintainer would fix it, each with a reason.
type Judgement struct {
	Verdict, Reason     string // Verdict is "true" or "false"
	WouldFix, FixReason string // WouldFix is "yes" or "no"
}

func main() {
	out := flag.String("out", "", "directory with roots.tsv and NAME.json from eval/run.sh; empty: only score the findings table")
	findingsFile := flag.String("findings", "eval/findings.tsv", "findings table to write")
	judgementsFile := flag.String("judgements", "eval/judgements.tsv", "judgements to score against")
	flag.Parse()
	if err := run(*out, *findingsFile, *judgementsFile, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "table:", err)
		os.Exit(1)
	}
}

func run(out, findingsFile, judgementsFile string, w io.Writer) error {
	var fresh []Finding
	ran := map[string]bool{}
	if out != "" {
		var err error
		if fresh, ran, err = readRuns(out); err != nil {
			return err
		}
	}
	old, err := readFindings(findingsFile)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	// Keep the rows of projects that were not run this time.
	all := fresh
	for _, f := range old {
		if !ran[f.Project] {
			all = append(all, f)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].key() < all[j].key() })
	// A file shared by a package and its test variant is reported twice.
	all = slices.CompactFunc(all, func(a, b Finding) bool { return a == b })
	if out != "" {
		if err := writeFindings(findingsFile, all); err != nil {
			return err
		}
	}
	judgements, err := readJudgements(judgementsFile)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	return score(w, all, judgements)
}

// jsonTree is go/analysis's -json output: package, analyzer, diagnostics.
type jsonTree map[string]map[string]json.RawMessage

type jsonDiagnostic struct {
	Posn    string `json:"posn"`
	Message string `json:"message"`
}

func readRuns(out string) ([]Finding, map[string]bool, error) {
	roots, err := os.ReadFile(filepath.Join(out, "roots.tsv"))
	if err != nil {
		return nil, nil, err
	}
	var findings []Finding
	ran := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(roots)), "\n") {
		name, root, ok := strings.Cut(line, "\t")
		if !ok {
			return nil, nil, fmt.Errorf("roots.tsv: bad line %q", line)
		}
		ran[name] = true
		data, err := os.ReadFile(filepath.Join(out, name+".json"))
		if err != nil {
			return nil, nil, err
		}
		fs, err := parseRun(name, root, data)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", name, err)
		}
		findings = append(findings, fs...)
	}
	return findings, ran, nil
}

// parseRun reads one project's JSON output. Analyzer errors (a package
// that does not type-check) are findings of their own kind, so that they
// show in the table instead of vanishing.
func parseRun(project, root string, data []byte) ([]Finding, error) {
	var findings []Finding
	dec := json.NewDecoder(strings.NewReader(string(data)))
	for dec.More() {
		var tree jsonTree
		if err := dec.Decode(&tree); err != nil {
			return nil, err
		}
		for _, analyzers := range tree {
			for analyzer, raw := range analyzers {
				var diags []jsonDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					var failure struct{ Error string }
					if json.Unmarshal(raw, &failure) == nil {
						findings = append(findings, Finding{project, analyzer, "-", "error: " + failure.Error})
						continue
					}
					return nil, err
				}
				for _, d := range diags {
					posn := strings.TrimPrefix(d.Posn, root+string(filepath.Separator))
					findings = append(findings, Finding{project, analyzer, posn, oneLine(d.Message)})
				}
			}
		}
	}
	return findings, nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func readFindings(name string) ([]Finding, error) {
	rows, err := readTSV(name, 4)
	if err != nil {
		return nil, err
	}
	var findings []Finding
	for _, r := range rows {
		findings = append(findings, Finding{r[0], r[1], r[2], r[3]})
	}
	return findings, nil
}

func writeFindings(name string, findings []Finding) error {
	var b strings.Builder
	b.WriteString("# project\tanalyzer\tposition\tmessage\n")
	for _, f := range findings {
		b.WriteString(f.key() + "\n")
	}
	return os.WriteFile(name, []byte(b.String()), 0o644)
}

// readJudgements reads rows of project, analyzer, position, message,
// verdict, reason, would fix, its reason.
// Each judgement is also filed under its line (see Finding.line), for the
// findings whose message or column changed since they were judged.
func readJudgements(name string) (map[string]Judgement, error) {
	rows, err := readTSV(name, 8)
	if err != nil {
		return nil, err
	}
	judgements := map[string]Judgement{}
	for _, r := range rows {
		j := Judgement{r[4], r[5], r[6], r[7]}
		switch {
		case j.Verdict != "true" && j.Verdict != "false":
			return nil, fmt.Errorf("%s: %s: verdict %q, want true or false", name, r[2], j.Verdict)
		case j.WouldFix != "yes" && j.WouldFix != "no":
			return nil, fmt.Errorf("%s: %s: would fix %q, want yes or no", name, r[2], j.WouldFix)
		case j.Verdict == "false" && j.WouldFix == "yes":
			return nil, fmt.Errorf("%s: %s: a false finding cannot be one to fix", name, r[2])
		}
		f := Finding{r[0], r[1], r[2], r[3]}
		judgements[f.key()] = j
		judgements[f.line()] = j
	}
	return judgements, nil
}

func readTSV(name string, columns int) ([][]string, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		r := strings.Split(text, "\t")
		if len(r) != columns {
			return nil, fmt.Errorf("%s:%d: %d columns, want %d", name, line, len(r), columns)
		}
		rows = append(rows, r)
	}
	return rows, sc.Err()
}

// inTests tells whether a finding's file is test code: a _test.go file, or
// a file under a testdata directory or a directory of test helpers (test,
// tests, testutil, testutils). Everything else, benchmark tools included,
// is product code.
func inTests(posn string) bool {
	file, _, _ := strings.Cut(posn, ":")
	if strings.HasSuffix(file, "_test.go") {
		return true
	}
	for _, dir := range strings.Split(filepath.ToSlash(filepath.Dir(file)), "/") {
		switch dir {
		case "testdata", "test", "tests", "testutil", "testutils":
			return true
		}
	}
	return false
}

// A tally counts findings and their judgements.
type tally struct{ findings, yes, no, fix, nofix int }

func (t *tally) add(j Judgement) {
	t.findings++
	switch j.Verdict {
	case "true":
		t.yes++
	case "false":
		t.no++
	}
	switch j.WouldFix {
	case "yes":
		t.fix++
	case "no":
		t.nofix++
	}
}

// cells renders a tally as "findings | true/judged (precision) | would fix/judged (share)".
func (t *tally) cells() string {
	return fmt.Sprintf("%d | %s | %s", t.findings, ratio(t.yes, t.yes+t.no), ratio(t.fix, t.fix+t.nofix))
}

func ratio(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%d/%d (%.0f%%)", n, of, 100*float64(n)/float64(of))
}

// score prints, per analyzer, a Markdown table of the findings with their
// precision (judged true) and the share a maintainer would fix, overall,
// in product code and in tests; then the unjudged rows.
func score(w io.Writer, findings []Finding, judgements map[string]Judgement) error {
	type row struct{ all, product, tests tally }
	per := map[string]*row{}
	var unjudged, reworded []Finding
	for _, f := range findings {
		r := per[f.Analyzer]
		if r == nil {
			r = &row{}
			per[f.Analyzer] = r
		}
		j, ok := judgements[f.key()]
		if !ok {
			if j, ok = judgements[f.line()]; ok {
				reworded = append(reworded, f)
			} else {
				unjudged = append(unjudged, f)
			}
		}
		r.all.add(j)
		if inTests(f.Posn) {
			r.tests.add(j)
		} else {
			r.product.add(j)
		}
	}
	var names []string
	for n := range per {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(w, "| analyzer | findings | true (precision) | would fix | in product code | true | would fix | in tests | true | would fix |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|")
	for _, n := range names {
		r := per[n]
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", n, r.all.cells(), r.product.cells(), r.tests.cells())
	}
	if len(reworded) > 0 {
		fmt.Fprintf(w, "\n%d findings judged under another message or column (check the judgement still holds, then update its row):\n", len(reworded))
		for _, f := range reworded {
			fmt.Fprintln(w, f.key())
		}
	}
	if len(unjudged) > 0 {
		fmt.Fprintf(w, "\n%d findings not judged yet (add them to judgements.tsv):\n", len(unjudged))
		for _, f := range unjudged {
			fmt.Fprintln(w, f.key())
		}
	}
	return nil
}
