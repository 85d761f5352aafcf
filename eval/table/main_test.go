package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("roots.tsv", "proj\t/src/proj\n")
	write("proj.json", `{"example.com/a": {"cpupoolio": [{"posn": "/src/proj/a/a.go:3:2", "message": "pool blocks\n on IO"}],
 "unawaited": [{"posn": "/src/proj/a/a.go:9:1", "message": "leak"}]},
 "example.com/a [example.com/a.test]": {"cpupoolio": [{"posn": "/src/proj/a/a.go:3:2", "message": "pool blocks on IO"}],
 "unawaited": [{"posn": "/src/proj/a/a.go:9:1", "message": "leak"}]},
 "example.com/b": {"unawaited": {"error": "does not type-check"}}}`)
	// An old row of a project not run this time is kept; an old row of
	// the project that ran is replaced.
	write("findings.tsv", "# header\nother\tcpupoolio\tx.go:1:1\tkept\nproj\tunawaited\tgone.go:1:1\tstale\n")
	write("judgements.tsv", "proj\tcpupoolio\ta/a.go:3:2\tpool blocks on IO\ttrue\treal IO in a CPU pool\n"+
		"proj\tunawaited\ta/a.go:9:1\tleak\tfalse\tthe channel escapes\n")

	var out strings.Builder
	findings := filepath.Join(dir, "findings.tsv")
	if err := run(dir, findings, filepath.Join(dir, "judgements.tsv"), &out); err != nil {
		t.Fatal(err)
	}
	table, _ := os.ReadFile(findings)
	wantTable := "# project\tanalyzer\tposition\tmessage\n" +
		"other\tcpupoolio\tx.go:1:1\tkept\n" +
		"proj\tcpupoolio\ta/a.go:3:2\tpool blocks on IO\n" +
		"proj\tunawaited\t-\terror: does not type-check\n" +
		"proj\tunawaited\ta/a.go:9:1\tleak\n"
	if string(table) != wantTable {
		t.Errorf("findings.tsv:\n%s\nwant:\n%s", table, wantTable)
	}
	for _, want := range []string{
		"cpupoolio           2      1      0       100%",
		"unawaited           2      0      1         0%",
		"2 findings not judged yet",
		"other\tcpupoolio\tx.go:1:1\tkept",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestBadVerdict(t *testing.T) {
	name := filepath.Join(t.TempDir(), "judgements.tsv")
	os.WriteFile(name, []byte("p\ta\tx:1:1\tm\tmaybe\treason\n"), 0o644)
	if _, err := readJudgements(name); err == nil || !strings.Contains(err.Error(), `verdict "maybe"`) {
		t.Errorf("readJudgements with verdict maybe: %v, want an error", err)
	}
}
