package confirm

import (
	"fmt"
	"html/template"
	"io"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/concurlint/concurlint/internal/leakprof"
	"github.com/concurlint/concurlint/internal/tracestats"
)

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
	TotalNS               int64
	Created, Peak         int
	BlockedCount          int
	Blocked               []tracestats.Blocked
	Segments              []htmlSegment
	Findings              []*Finding
	Hot                   string
}

type htmlSegment struct {
	State, Title string
	Width        float64 // percent of the longest bar
}

// htmlReason is a wait reason and how many goroutines ended in it.
type htmlReason struct {
	Reason string
	Count  int
	Sites  int
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
// with its goroutine time by state, all bars on one scale (the longest is
// the busiest site's goroutine time), the findings beside their sites, the
// wait reasons of the goroutines blocked at the end, and the leaks.
func (r *Report) WriteHTML(w io.Writer) error {
	bySite := map[*tracestats.Site][]*Finding{}
	var unobserved, unjoined []*Finding
	for _, f := range r.Findings {
		switch {
		case f.Site != nil:
			bySite[f.Site] = append(bySite[f.Site], f)
		case f.Verdict == NotObserved:
			unobserved = append(unobserved, f)
		default: // judged by the leak profile alone
			unjoined = append(unjoined, f)
		}
	}
	hot := map[*tracestats.Site]string{}
	for _, h := range r.hot {
		hot[h.Site] = h.Why
	}
	shown := r.shownSites()
	var scale, total int64
	for _, s := range r.Sites {
		total += s.TotalNS()
	}
	for _, s := range shown {
		scale = max(scale, s.TotalNS())
	}
	var rows []htmlSite
	for _, s := range shown {
		row := htmlSite{
			Posn: r.rel(s.Posn), Function: s.Function, Total: dur(s.TotalNS()), TotalNS: s.TotalNS(),
			Created: s.Created, Peak: s.Peak, Blocked: s.BlockedAtEnd,
			Findings: bySite[s], Hot: hot[s],
		}
		for _, b := range s.BlockedAtEnd {
			row.BlockedCount += b.Count
		}
		for _, st := range states {
			ns := st.ns(s)
			if ns == 0 {
				continue
			}
			row.Segments = append(row.Segments, htmlSegment{
				State: st.name, Width: 100 * float64(ns) / float64(scale),
				Title: fmt.Sprintf("%s %s (%.1f%% of the site)", st.name, dur(ns), 100*s.Share(ns)),
			})
		}
		rows = append(rows, row)
	}
	data := map[string]any{
		"Summary":    r.summary(),
		"NumFinding": len(r.Findings),
		"Confirmed":  r.confirmed(),
		"PathNotes":  r.PathNotes,
		"Rows":       rows,
		"Scale":      dur(scale),
		"Unobserved": unobserved,
		"Unjoined":   unjoined,
		"Reasons":    blockedReasons(r.Sites),
		"Unreported": r.Unreported,
		"Rel":        r.rel,
		"Origin":     r.origin,
	}
	if r.Stats != nil {
		data["Wall"], data["Total"], data["Untracked"] = dur(int64(r.Stats.Duration)), dur(total), r.Stats.Untracked
		if r.Stats.Duration > 0 {
			data["Busy"] = fmt.Sprintf("%.1f", float64(total)/float64(r.Stats.Duration))
		}
	}
	return page().Execute(w, data)
}

// blockedReasons sums the goroutines blocked at the end of the trace by
// wait reason, most first.
func blockedReasons(sites []*tracestats.Site) []htmlReason {
	byReason := map[string]*htmlReason{}
	for _, s := range sites {
		seen := map[string]bool{}
		for _, b := range s.BlockedAtEnd {
			hr := byReason[b.Reason]
			if hr == nil {
				hr = &htmlReason{Reason: b.Reason}
				byReason[b.Reason] = hr
			}
			hr.Count += b.Count
			if !seen[b.Reason] {
				seen[b.Reason] = true
				hr.Sites++
			}
		}
	}
	var out []htmlReason
	for _, hr := range byReason {
		out = append(out, *hr)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Reason < out[j].Reason
	})
	return out
}

// page is parsed on first use, not when the tool starts: go vet starts the
// tool once per package, and parsing it there cost 0.6% of a corpus run.
var page = sync.OnceValue(func() *template.Template { return pageTemplate() })

func pageTemplate() *template.Template {
	return template.Must(template.New("page").Funcs(template.FuncMap{
		"class":  func(verdict string) string { return strings.ReplaceAll(verdict, " ", "-") },
		"pct":    func(f float64) string { return fmt.Sprintf("%.3f%%", f) },
		"reason": reasonOrWait,
		"leakAt": func(l *leakprof.Leak) string { return l.Blocked.Posn() },
	}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>concurlint confirm</title>
<style>
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #222; }
h1 { font-size: 20px; margin: 0 0 4px; } h2 { font-size: 16px; margin: 24px 0 8px; }
code { font: 12px ui-monospace, monospace; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 8px; border-bottom: 1px solid #ddd; }
th { font-size: 12px; color: #666; }
td.site { width: 30%; word-break: break-all; }
td.time { width: 30%; }
.bar { display: flex; height: 18px; width: 100%; background: #f4f4f4; border-radius: 3px; overflow: hidden; }
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
table.narrow { width: auto; }
button { font-size: 12px; margin-right: 4px; }
</style></head>
<body>
<h1>concurlint confirm</h1>
<p>{{.Summary}}; {{.NumFinding}} findings, {{.Confirmed}} confirmed.</p>
{{range .PathNotes}}<p class="small">Note: {{.}}.</p>{{end}}
{{if .Wall}}<p id="time">Wall time of the trace: <b>{{.Wall}}</b>. Goroutine time, summed over every goroutine of every site: <b>{{.Total}}</b>{{with .Busy}} ({{.}} goroutines alive on average){{end}}.
A site's time adds up the time of all its goroutines, so it can exceed the wall time.
{{if .Untracked}}{{.Untracked}} goroutines existed before the trace started and belong to no site.{{end}}</p>
<p class="legend">Goroutine time by state:
<span class="running">running</span><span class="runnable" title="waiting for a P">runnable (waiting for a P)</span><span class="syscall">syscall</span><span class="io" title="network, or a call of the blocking table">io</span><span class="sync" title="channels, select, locks, other waits">sync (chan, select, locks)</span><span class="sleep">sleep</span></p>
<p class="small" id="scale">All bars share one scale, in goroutine-seconds: a full bar is <b>{{.Scale}}</b>, the goroutine time of the busiest site shown.</p>
<p class="small">Sort sites by:
<button data-key="total">goroutine time</button><button data-key="created">created</button><button data-key="peak">peak alive</button><button data-key="blocked">blocked at end</button><button data-key="posn">position</button></p>
<table id="sites">
<thead><tr><th>Site (go statement)</th><th>Time by state</th><th>Findings</th></tr></thead>
<tbody>
{{range .Rows}}<tr data-total="{{.TotalNS}}" data-created="{{.Created}}" data-peak="{{.Peak}}" data-blocked="{{.BlockedCount}}" data-posn="{{.Posn}}">
<td class="site"><code>{{.Posn}}</code><br><span class="small">{{.Function}}<br>created {{.Created}} · peak {{.Peak}} alive{{range .Blocked}}<br>{{.Count}} blocked at end: {{.Reason}} at <code>{{.Where}}</code>{{end}}</span></td>
<td class="time"><div class="bar">{{range .Segments}}<span class="{{.State}}" style="width:{{pct .Width}}" title="{{.Title}}"></span>{{end}}</div>
<div class="small"><span class="total">{{.Total}}</span> of goroutine time{{range .Segments}} · {{.Title}}{{end}}</div></td>
<td>{{range .Findings}}<div class="finding {{class .Verdict}}"><span class="verdict">{{.Verdict}}</span> <b>{{.Analyzer}}</b> <code>{{call $.Rel .Posn}}</code><br>{{.Evidence}}<br><span class="small">{{.Message}}</span></div>{{end}}
{{if .Hot}}<div class="hot"><span class="verdict">hot, not flagged</span><br>{{.Hot}}</div>{{end}}</td>
</tr>
{{end}}</tbody>
</table>
{{if .Reasons}}<h2>Goroutines blocked at the end of the trace, by wait reason</h2>
<table class="narrow" id="reasons"><tr><th>Wait reason</th><th>Goroutines</th><th>Sites</th></tr>
{{range .Reasons}}<tr><td>{{.Reason}}</td><td>{{.Count}}</td><td>{{.Sites}}</td></tr>{{end}}
</table>{{end}}
{{end}}
{{if .Unjoined}}<h2>Findings judged by the leak profile</h2>
{{range .Unjoined}}<div class="finding {{class .Verdict}}"><span class="verdict">{{.Verdict}}</span> <b>{{.Analyzer}}</b> <code>{{call $.Rel .Posn}}</code><br>{{.Evidence}}<br><span class="small">{{.Message}}</span></div>{{end}}{{end}}
{{if .Unreported}}<h2>Leaks nobody reported (runtime leak profile)</h2>
<table class="narrow" id="leaks"><tr><th>Goroutines</th><th>Wait reason</th><th>Blocked at</th><th>Origin</th></tr>
{{range .Unreported}}<tr><td>{{.Count}}</td><td>{{reason .Reason}}</td><td><code>{{call $.Rel (leakAt .)}}</code> {{.Blocked.Func}}</td><td>{{call $.Origin .}}</td></tr>{{end}}
</table>{{end}}
{{if .Unobserved}}<h2>Findings the inputs did not exercise</h2>
{{range .Unobserved}}<div class="finding not-observed"><span class="verdict">{{.Verdict}}</span> <b>{{.Analyzer}}</b> <code>{{call $.Rel .Posn}}</code><br>{{.Evidence}}<br><span class="small">{{.Message}}</span></div>{{end}}{{end}}
<script>
document.querySelectorAll("button[data-key]").forEach(function (b) {
  b.addEventListener("click", function () {
    var key = b.dataset.key, body = document.querySelector("#sites tbody");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (x, y) {
      if (key === "posn") return x.dataset.posn < y.dataset.posn ? -1 : 1;
      return Number(y.dataset[key]) - Number(x.dataset[key]);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
</script>
</body></html>
`))
}
