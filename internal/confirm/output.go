package confirm

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/concurlint/concurlint/internal/tracestats"
)

// Report is the outcome of confirm: the findings with their verdicts, and
// the sites of the trace.
type Report struct {
	Findings []*Finding         `json:"findings"`
	Sites    []*tracestats.Site `json:"sites"`
	Hot      []HotJSON          `json:"hot"` // hot sites that no finding names

	Trace      string            `json:"-"`
	Stats      *tracestats.Stats `json:"-"`
	Thresholds Thresholds        `json:"-"`
	hot        []Hot             // as Hot, with the sites
	maxSites   int               // sites shown by text and HTML, 0 for all
	cwd        string            // for relative paths in text and HTML
}

// HotJSON names a hot site in the JSON output.
type HotJSON struct {
	Posn string `json:"posn"`
	Why  string `json:"why"`
}

// WriteJSON writes the report as one JSON object.
func (r *Report) WriteJSON(w io.Writer) error {
	if r.Findings == nil {
		r.Findings = []*Finding{}
	}
	if r.Sites == nil {
		r.Sites = []*tracestats.Site{}
	}
	r.Hot = []HotJSON{}
	for _, h := range r.hot {
		r.Hot = append(r.Hot, HotJSON{Posn: h.Site.Posn, Why: h.Why})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the findings with their verdicts, the hot sites no
// finding names, and a table of the busiest sites.
func (r *Report) WriteText(w io.Writer) error {
	confirmed := 0
	for _, f := range r.Findings {
		if f.Verdict == Confirmed {
			confirmed++
		}
	}
	fmt.Fprintf(w, "trace %s: %s, %d goroutine creation sites; %d findings, %d confirmed\n",
		r.rel(r.Trace), dur(int64(r.Stats.Duration)), len(r.Sites), len(r.Findings), confirmed)
	if len(r.Findings) > 0 {
		fmt.Fprintln(w, "\nFINDINGS")
		for _, f := range r.Findings {
			fmt.Fprintf(w, "%-13s  %s: %s: %s\n", f.Verdict, r.rel(f.Posn), f.Analyzer, f.Message)
			fmt.Fprintf(w, "%-13s  %s\n", "", f.Evidence)
		}
	}
	if len(r.hot) > 0 {
		fmt.Fprintln(w, "\nHOT SITES THAT NO ANALYZER FLAGGED")
		for _, h := range r.hot {
			fmt.Fprintf(w, "%s (%s): %s\n", r.rel(h.Site.Posn), h.Site.Function, h.Why)
		}
	}
	fmt.Fprintln(w, "\nSITES (goroutine time by state)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "CREATED\tPEAK\tRUNNING\tRUNNABLE\tSYSCALL\tIO\tSYNC\tSLEEP\tBLOCKED@END\t SITE")
	shown := r.shownSites()
	for _, s := range shown {
		blocked := 0
		for _, b := range s.BlockedAtEnd {
			blocked += b.Count
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t %s %s\n", s.Created, s.Peak,
			dur(s.RunningNS), dur(s.RunnableNS), dur(s.SyscallNS), dur(s.IONS), dur(s.SyncNS), dur(s.SleepNS),
			blocked, r.rel(s.Posn), s.Function)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if n := len(r.Sites) - len(shown); n > 0 {
		fmt.Fprintf(w, "(%d more sites; -sites=0 shows all, -json lists all)\n", n)
	}
	if r.Stats.Untracked > 0 {
		fmt.Fprintf(w, "%d goroutines existed before the trace started; their creation sites are unknown.\n", r.Stats.Untracked)
	}
	return nil
}

// shownSites returns the sites that text and HTML show: every site that a
// finding or the hot list names, and the busiest up to maxSites.
func (r *Report) shownSites() []*tracestats.Site {
	keep := map[*tracestats.Site]bool{}
	for _, f := range r.Findings {
		if f.Site != nil {
			keep[f.Site] = true
		}
	}
	for _, h := range r.hot {
		keep[h.Site] = true
	}
	var out []*tracestats.Site
	for i, s := range r.Sites {
		if keep[s] || r.maxSites == 0 || i < r.maxSites {
			out = append(out, s)
		}
	}
	return out
}

func (r *Report) rel(path string) string {
	if r.cwd == "" || !filepath.IsAbs(path) {
		return path
	}
	if rel, err := filepath.Rel(r.cwd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}

// dur formats nanoseconds with three significant digits at most.
func dur(ns int64) string {
	if ns == 0 {
		return "0"
	}
	d := time.Duration(ns)
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2fs", d.Seconds())
	case d >= time.Millisecond:
		return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond))
	case d >= time.Microsecond:
		return fmt.Sprintf("%.0fµs", float64(d)/float64(time.Microsecond))
	}
	return fmt.Sprintf("%dns", ns)
}

// WriteHTMLFile writes the report as a self-contained HTML page.
func (r *Report) WriteHTMLFile(name string) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := r.WriteHTML(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

type htmlSite struct {
	Posn, Function, Total string
	Created, Peak         int
	Blocked               []tracestats.Blocked
	Segments              []htmlSegment
	Findings              []*Finding
	Hot                   string
}

type htmlSegment struct {
	State, Title string
	Width        float64 // percent
}

var states = []struct {
	name string
	ns   func(*tracestats.Site) int64
}{
	{"running", func(s *tracestats.Site) int64 { return s.RunningNS }},
	{"runnable", func(s *tracestats.Site) int64 { return s.RunnableNS }},
	{"syscall", func(s *tracestats.Site) int64 { return s.SyscallNS }},
	{"io", func(s *tracestats.Site) int64 { return s.IONS }},
	{"sync", func(s *tracestats.Site) int64 { return s.SyncNS }},
	{"sleep", func(s *tracestats.Site) int64 { return s.SleepNS }},
}

// WriteHTML writes the report as a self-contained HTML page: a bar per site
// with its goroutine time by state, and the findings beside their sites.
func (r *Report) WriteHTML(w io.Writer) error {
	bySite := map[*tracestats.Site][]*Finding{}
	var unobserved []*Finding
	confirmed := 0
	for _, f := range r.Findings {
		if f.Verdict == Confirmed {
			confirmed++
		}
		if f.Site == nil {
			unobserved = append(unobserved, f)
			continue
		}
		bySite[f.Site] = append(bySite[f.Site], f)
	}
	hot := map[*tracestats.Site]string{}
	for _, h := range r.hot {
		hot[h.Site] = h.Why
	}
	var rows []htmlSite
	for _, s := range r.shownSites() {
		row := htmlSite{
			Posn: r.rel(s.Posn), Function: s.Function, Total: dur(s.TotalNS()),
			Created: s.Created, Peak: s.Peak, Blocked: s.BlockedAtEnd,
			Findings: bySite[s], Hot: hot[s],
		}
		for _, st := range states {
			ns := st.ns(s)
			if ns == 0 {
				continue
			}
			share := 100 * s.Share(ns)
			row.Segments = append(row.Segments, htmlSegment{
				State: st.name, Width: share,
				Title: fmt.Sprintf("%s %s (%.1f%%)", st.name, dur(ns), share),
			})
		}
		rows = append(rows, row)
	}
	return page.Execute(w, map[string]any{
		"Trace":      r.rel(r.Trace),
		"Duration":   dur(int64(r.Stats.Duration)),
		"NumSites":   len(r.Sites),
		"NumFinding": len(r.Findings),
		"Confirmed":  confirmed,
		"Rows":       rows,
		"Unobserved": unobserved,
		"Untracked":  r.Stats.Untracked,
		"Rel":        r.rel,
	})
}

var page = template.Must(template.New("page").Funcs(template.FuncMap{
	"class": func(verdict string) string { return strings.ReplaceAll(verdict, " ", "-") },
	"pct":   func(f float64) string { return fmt.Sprintf("%.3f%%", f) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>concurlint confirm: {{.Trace}}</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 4px; }
code { font: 12px ui-monospace, monospace; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 8px; border-bottom: 1px solid #ddd; }
th { font-size: 12px; color: #666; }
td.site { width: 30%; word-break: break-all; }
td.time { width: 30%; }
.bar { display: flex; height: 18px; width: 100%; background: #eee; border-radius: 3px; overflow: hidden; }
.bar span { display: block; height: 100%; }
.small { font-size: 12px; color: #555; }
.running { background: #2e7d32; } .runnable { background: #f9a825; } .syscall { background: #6a1b9a; }
.io { background: #1565c0; } .sync { background: #c62828; } .sleep { background: #90a4ae; }
.legend span { display: inline-block; padding: 1px 8px; margin-right: 6px; color: #fff; border-radius: 3px; font-size: 12px; }
.finding { margin-bottom: 8px; padding: 6px 8px; border-left: 4px solid #999; background: #fafafa; }
.finding.confirmed { border-color: #c62828; background: #fdecea; }
.finding.not-confirmed { border-color: #2e7d32; background: #edf7ed; }
.finding.not-observed { border-color: #999; }
.verdict { font-weight: bold; text-transform: uppercase; font-size: 11px; }
.hot { padding: 6px 8px; border-left: 4px solid #f9a825; background: #fff8e1; }
</style></head>
<body>
<h1>concurlint confirm</h1>
<p>Trace <code>{{.Trace}}</code>: {{.Duration}}, {{.NumSites}} goroutine creation sites; {{.NumFinding}} findings, {{.Confirmed}} confirmed.
{{if .Untracked}}{{.Untracked}} goroutines existed before the trace started and belong to no site.{{end}}</p>
<p class="legend">Goroutine time by state:
<span class="running">running</span><span class="runnable" title="waiting for a P">runnable (waiting for a P)</span><span class="syscall">syscall</span><span class="io" title="network, or a call of the blocking table">io</span><span class="sync" title="channels, select, locks, other waits">sync (chan, select, locks)</span><span class="sleep">sleep</span></p>
<table>
<tr><th>Site (go statement)</th><th>Time by state</th><th>Findings</th></tr>
{{range .Rows}}<tr>
<td class="site"><code>{{.Posn}}</code><br><span class="small">{{.Function}}<br>created {{.Created}} · peak {{.Peak}} alive{{range .Blocked}}<br>{{.Count}} blocked at end: {{.Reason}} at <code>{{.Where}}</code>{{end}}</span></td>
<td class="time"><div class="bar">{{range .Segments}}<span class="{{.State}}" style="width:{{pct .Width}}" title="{{.Title}}"></span>{{end}}</div>
<div class="small">{{.Total}} of goroutine time{{range .Segments}} · {{.Title}}{{end}}</div></td>
<td>{{range .Findings}}<div class="finding {{class .Verdict}}"><span class="verdict">{{.Verdict}}</span> <b>{{.Analyzer}}</b> <code>{{call $.Rel .Posn}}</code><br>{{.Evidence}}<br><span class="small">{{.Message}}</span></div>{{end}}
{{if .Hot}}<div class="hot"><span class="verdict">hot, not flagged</span><br>{{.Hot}}</div>{{end}}</td>
</tr>{{end}}
</table>
{{if .Unobserved}}<h2>Findings the trace did not exercise</h2>
{{range .Unobserved}}<div class="finding not-observed"><span class="verdict">{{.Verdict}}</span> <b>{{.Analyzer}}</b> <code>{{call $.Rel .Posn}}</code><br>{{.Message}}</div>{{end}}{{end}}
</body></html>
`))
