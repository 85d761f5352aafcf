package confirm

import (
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/concurlint/concurlint/internal/leakprof"
	"github.com/concurlint/concurlint/internal/tracestats"
)

// Report is the outcome of confirm: the findings with their verdicts, the
// sites of the trace and the leaks of the leak profile.
type Report struct {
	Findings []*Finding         `json:"findings"`
	Sites    []*tracestats.Site `json:"sites"`
	Hot      []HotJSON          `json:"hot"` // hot sites that no finding names
	// Unreported are the leaked goroutines that no unawaited finding joined.
	Unreported []*leakprof.Leak `json:"leaks_nobody_reported"`
	// PathNotes say which path prefix was replaced to match the inputs'
	// paths to the analysed files.
	PathNotes []string `json:"path_notes,omitempty"`

	Trace      string            `json:"-"`
	LeakFile   string            `json:"-"`
	Stats      *tracestats.Stats `json:"-"` // nil without a trace
	Leaks      *leakprof.Profile `json:"-"` // nil without a leak profile
	Thresholds Thresholds        `json:"-"`
	hot        []Hot             // as Hot, with the sites
	maxSites   int               // sites shown by text and HTML, 0 for all
	cwd        string            // for relative paths in text and HTML
}

// judge gives each finding its verdict from the trace and the leak profile.
func (r *Report) judge() {
	if r.Stats != nil {
		r.Sites = r.Stats.Sites
		r.hot = Judge(r.Findings, r.Stats, r.Thresholds)
	}
	if r.Leaks != nil {
		r.Unreported = JudgeLeaks(r.Findings, r.Leaks, r.Stats != nil)
	}
}

func (r *Report) confirmed() int {
	n := 0
	for _, f := range r.Findings {
		if f.Verdict == Confirmed {
			n++
		}
	}
	return n
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
	if r.Unreported == nil {
		r.Unreported = []*leakprof.Leak{}
	}
	r.Hot = []HotJSON{}
	for _, h := range r.hot {
		r.Hot = append(r.Hot, HotJSON{Posn: h.Site.Posn, Why: h.Why})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the findings with their verdicts, the hot sites and the
// leaks that no finding names, and a table of the busiest sites.
func (r *Report) WriteText(w io.Writer) error {
	fmt.Fprintf(w, "%s; %d findings, %d confirmed\n", r.summary(), len(r.Findings), r.confirmed())
	for _, n := range r.PathNotes {
		fmt.Fprintln(w, "note: "+n)
	}
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
	if len(r.Unreported) > 0 {
		fmt.Fprintln(w, "\nLEAKS NOBODY REPORTED (runtime leak profile)")
		for _, l := range r.Unreported {
			fmt.Fprintf(w, "%d goroutines blocked in %s at %s (%s), %s\n", l.Count, reasonOrWait(l.Reason),
				r.rel(l.Blocked.Posn()), l.Blocked.Func, r.origin(l))
		}
	}
	if r.Stats == nil {
		return nil
	}
	fmt.Fprintln(w, "\nSITES (goroutine time by state, summed over each site's goroutines)")
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

// summary is the first line: what the inputs hold.
func (r *Report) summary() string {
	var parts []string
	if r.Stats != nil {
		var total int64
		for _, s := range r.Sites {
			total += s.TotalNS()
		}
		parts = append(parts, fmt.Sprintf("trace %s: %s of wall time, %s of goroutine time, %d goroutine creation sites",
			r.rel(r.Trace), dur(int64(r.Stats.Duration)), dur(total), len(r.Sites)))
	}
	if r.Leaks != nil {
		parts = append(parts, fmt.Sprintf("leak profile %s: %d goroutines leaked", r.rel(r.LeakFile), r.Leaks.Total))
	}
	return strings.Join(parts, "; ")
}

// origin says where leaked goroutines come from: their go statement when
// the profile has it, else the function they started in.
func (r *Report) origin(l *leakprof.Leak) string {
	if l.CreatedBy.File != "" {
		return "created at " + r.rel(l.CreatedBy.Posn()) + " (" + l.CreatedBy.Func + ")"
	}
	if l.Start.StartLine > 0 {
		return fmt.Sprintf("started in %s (%s:%d)", l.Start.Func, r.rel(l.Start.File), l.Start.StartLine)
	}
	return "started in " + l.Start.Func
}

func reasonOrWait(reason string) string {
	if reason == "" {
		return "a wait"
	}
	return reason
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
