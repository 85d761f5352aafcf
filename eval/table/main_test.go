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
	write("findings.tsv", "# header\nother\tcpupoolio\tx.go:1:1\tkept\nother\tcpupoolio\ty_test.go:1:1\tkept\nproj\tunawaited\tgone.go:1:1\tstale\n")
	write("judgements.tsv", "proj\tcpupoolio\ta/a.go:3:2\tpool blocks on IO\ttrue\treal IO in a CPU pool\tyes\tthe server's own pool\n"+
		"proj\tunawaited\ta/a.go:9:4\tleak, reworded since\tfalse\tthe channel escapes\tno\tfalse\n"+
		"other\tcpupoolio\tx.go:1:1\tkept\ttrue\ta benchmark pool\tno\ta benchmark, deliberately\n")

	var out strings.Builder
	findings := filepath.Join(dir, "findings.tsv")
	if err := run(dir, findings, filepath.Join(dir, "judgements.tsv"), &out); err != nil {
		t.Fatal(err)
	}
	table, _ := os.ReadFile(findings)
	wantTable := "# project\tanalyzer\tposition\tmessage\n" +
		"other\tcpupoolio\tx.go:1:1\tkept\n" +
		"other\tcpupoolio\ty_test.go:1:1\tkept\n" +
		"proj\tcpupoolio\ta/a.go:3:2\tpool blocks on IO\n" +
		"proj\tunawaited\t-\terror: does not type-check\n" +
		"proj\tunawaited\ta/a.go:9:1\tleak\n"
	if string(table) != wantTable {
		t.Errorf("findings.tsv:\n%s\nwant:\n%s", table, wantTable)
	}
	for _, want := range []string{
		"| cpupoolio | 3 | 2/2 (100%) | 1/2 (50%) | 2 | 2/2 (100%) | 1/2 (50%) | 1 | - | - |",
		"| unawaited | 2 | 0/1 (0%) | 0/1 (0%) | 2 | 0/1 (0%) | 0/1 (0%) | 0 | - | - |",
		"1 findings judged under another message or column",
		"2 findings not judged yet",
		"other\tcpupoolio\ty_test.go:1:1\tkept",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestBadJudgement(t *testing.T) {
	for row, want := range map[string]string{
		"p\ta\tx:1:1\tm\tmaybe\treason\tyes\twhy\n":    `verdict "maybe"`,
		"p\ta\tx:1:1\tm\ttrue\treason\tperhaps\twhy\n": `would fix "perhaps"`,
		"p\ta\tx:1:1\tm\tfalse\treason\tyes\twhy\n":    "a false finding cannot be one to fix",
		"p\ta\tx:1:1\tm\ttrue\treason\n":               "6 columns, want 8",
	} {
		name := filepath.Join(t.TempDir(), "judgements.tsv")
		os.WriteFile(name, []byte(row), 0o644)
		if _, err := readJudgements(name); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("readJudgements(%q): %v, want an error with %q", row, err, want)
		}
	}
}

func TestInTests(t *testing.T) {
	for posn, want := range map[string]bool{
		"server/filestore_test.go:1:2":            true,
		"tests/framework/e2e/downgrade.go:175:7":  true,
		"internal/testutils/dialer.go:3:4":        true,
		"a/testdata/src/x.go:1:1":                 true,
		"test/leafnode.go:1:1":                    true,
		"bench/bench_reader/bench_reader.go:41:3": false,
		"testing/allocs.go:24:27":                 false,
		"cmd/infra/ursrv/serve/serve.go:182:22":   false,
		"lib/contest/x.go:1:1":                    false,
	} {
		if got := inTests(posn); got != want {
			t.Errorf("inTests(%q) = %v, want %v", posn, got, want)
		}
	}
}
