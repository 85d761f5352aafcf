package confirm

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/concurlint/concurlint/internal/tracestats"
)

// Verdicts.
const (
	Confirmed    = "confirmed"     // the trace shows the cost the finding predicts
	NotConfirmed = "not confirmed" // the trace ran the site, but the numbers do not show the cost
	NotObserved  = "not observed"  // the trace never ran the site
)

// Thresholds decide when the numbers confirm a finding. The defaults are
// those of the README's table of verdicts ("Reading the verdicts").
type Thresholds struct {
	IOShare       float64 // cpupoolio: share of worker time blocked in IO, syscalls or sleep
	Peak          int     // unboundedgo: goroutines alive at once from the site
	RunnableShare float64 // poolsize: share of worker time runnable, waiting for a P
}

// DefaultThresholds are the thresholds that the README's table of verdicts
// gives as the flags' defaults.
var DefaultThresholds = Thresholds{IOShare: 0.20, Peak: 100, RunnableShare: 0.30}

// Hot is a site that the trace shows as costly and that no finding names.
type Hot struct {
	Site *tracestats.Site `json:"site"`
	Why  string           `json:"why"`
}

// Judge joins each finding to its site in the trace and gives it a verdict,
// and returns the hot sites that no finding joined.
func Judge(findings []*Finding, st *tracestats.Stats, th Thresholds) []Hot {
	idx := newSiteIndex(st.Sites)
	joined := map[*tracestats.Site]bool{}
	for _, f := range findings {
		f.Site = idx.find(f)
		if f.Site != nil {
			joined[f.Site] = true
		}
		f.Verdict, f.Evidence = verdict(f, st, th)
	}
	var total int64
	for _, s := range st.Sites {
		total += s.TotalNS()
	}
	var hot []Hot
	for _, s := range st.Sites {
		if joined[s] {
			continue
		}
		if why := hotness(s, total, th); why != "" {
			hot = append(hot, Hot{Site: s, Why: why})
		}
	}
	return hot
}

func verdict(f *Finding, st *tracestats.Stats, th Thresholds) (string, string) {
	s := f.Site
	if s == nil {
		return NotObserved, "the trace created no goroutine at this position" + relatedNote(f) +
			": the run did not execute it (or the finding is not about a goroutine creation site)."
	}
	pct := func(part int64) string { return fmt.Sprintf("%.0f%%", 100*s.Share(part)) }
	switch f.Analyzer {
	case "cpupoolio":
		blocked := int64(blockedNS(s, map[*tracestats.Site]bool{}))
		ok := s.Share(blocked) >= th.IOShare
		if s.GroupWaitNS == 0 {
			return pick(ok), fmt.Sprintf("%d workers (peak %d alive) spent %s of their time blocked in IO, syscalls or sleep (IO %s, syscalls %s, sleep %s; threshold %.0f%%).",
				s.Created, s.Peak, pct(blocked), pct(s.IONS), pct(s.SyscallNS), pct(s.SleepNS), 100*th.IOShare)
		}
		n, share := childrenBlocked(s, map[*tracestats.Site]bool{s: true})
		return pick(ok), fmt.Sprintf("%d workers (peak %d alive) spent %s of their time blocked in IO, syscalls or sleep, or waiting for goroutines that were "+
			"(IO %s, syscalls %s, sleep %s; waiting for goroutines they started %s, while the %d goroutines they started (%s) spent %.0f%% of theirs blocked; threshold %.0f%%).",
			s.Created, s.Peak, pct(blocked), pct(s.IONS), pct(s.SyscallNS), pct(s.SleepNS), pct(s.GroupWaitNS), n, childPosns(s), 100*share, 100*th.IOShare)
	case "unboundedgo":
		byPeak := s.Peak >= th.Peak
		byRequests := st.RequestPeak > 0 && s.Peak > st.RequestPeak
		ev := fmt.Sprintf("peak %d goroutines alive at once from this site (threshold %d), %d created", s.Peak, th.Peak, s.Created)
		if st.RequestPeak > 0 {
			ev += fmt.Sprintf(", with at most %d HTTP requests in flight", st.RequestPeak)
		}
		return pick(byPeak || byRequests), ev + "."
	case "poolsize":
		ok := s.Share(s.RunnableNS) >= th.RunnableShare
		ev := fmt.Sprintf("%d workers (peak %d alive) spent %s of their time runnable, waiting for a P, and %s running (threshold %.0f%%).",
			s.Created, s.Peak, pct(s.RunnableNS), pct(s.RunningNS), 100*th.RunnableShare)
		return pick(ok), ev
	case "unawaited":
		n := s.BlockedOnChannel()
		if n == 0 {
			return NotConfirmed, fmt.Sprintf("none of the %d goroutines from this site was blocked on a channel at the end of the trace.", s.Created)
		}
		ev := fmt.Sprintf("%d of the %d goroutines from this site were still blocked on a channel at the end of the trace", n, s.Created)
		for _, b := range s.BlockedAtEnd {
			if b.Kind == "sync" && (b.Reason == "chan send" || b.Reason == "chan receive" || b.Reason == "select") {
				ev += fmt.Sprintf(" (%d in %s at %s)", b.Count, b.Reason, shortWhere(b.Where))
				break
			}
		}
		return Confirmed, ev + "."
	}
	return NotConfirmed, fmt.Sprintf("the trace ran this site (%d goroutines, peak %d) but has no measure for %s.", s.Created, s.Peak, f.Analyzer)
}

// blockedNS is the time a site's goroutines spent blocked in IO, syscalls
// or sleep, plus their waits for groups of goroutines weighted by the share
// of time the goroutines they started were blocked (recursively: a wait
// for goroutines that wait for IO is a wait for IO). While a worker waits
// for its goroutines, a core idles as long as they are blocked too.
func blockedNS(s *tracestats.Site, seen map[*tracestats.Site]bool) float64 {
	seen[s] = true
	blocked := float64(s.IONS + s.SyscallNS + s.SleepNS)
	if s.GroupWaitNS > 0 {
		_, share := childrenBlocked(s, seen)
		blocked += float64(s.GroupWaitNS) * share
	}
	return blocked
}

// childrenBlocked returns how many goroutines the site's goroutines
// started (at sites not yet seen) and the share of their time blocked, as
// blockedNS counts it.
func childrenBlocked(s *tracestats.Site, seen map[*tracestats.Site]bool) (int, float64) {
	n, blocked, total := 0, 0.0, int64(0)
	for _, c := range s.Children {
		if seen[c] {
			continue
		}
		n += c.Created
		blocked += blockedNS(c, seen)
		total += c.TotalNS()
	}
	if total == 0 {
		return n, 0
	}
	return n, blocked / float64(total)
}

// childPosns names the sites of the goroutines a site's goroutines started,
// the first three.
func childPosns(s *tracestats.Site) string {
	var posns []string
	for _, c := range s.Children {
		posns = append(posns, filepath.Base(c.Posn))
	}
	if len(posns) > 3 {
		posns = append(posns[:3], "...")
	}
	return strings.Join(posns, ", ")
}

func pick(ok bool) string {
	if ok {
		return Confirmed
	}
	return NotConfirmed
}

func relatedNote(f *Finding) string {
	if len(f.Related) > 0 {
		return " or at its related positions"
	}
	return ""
}

// hotness says why a site that no finding names deserves a look, or "".
// A share counts only for sites with at least 5% of all goroutine time, so
// that a short-lived goroutine does not make a site hot.
func hotness(s *tracestats.Site, total int64, th Thresholds) string {
	var why []string
	if s.Peak >= th.Peak {
		why = append(why, fmt.Sprintf("peak %d alive", s.Peak))
	}
	if total > 0 && s.TotalNS()*20 >= total {
		if sh := s.Share(s.RunnableNS); sh >= th.RunnableShare {
			why = append(why, fmt.Sprintf("%.0f%% runnable", 100*sh))
		}
	}
	sends := 0
	for _, b := range s.BlockedAtEnd {
		if b.Reason == "chan send" {
			sends += b.Count
		}
	}
	if sends > 0 {
		why = append(why, fmt.Sprintf("%d blocked on chan send at the end", sends))
	}
	return strings.Join(why, "; ")
}

// siteIndex finds sites by file and line. Paths in the trace are those of the
// machine that built the traced program; a finding matches a site of the same
// line whose path is equal, or ends with the other at a path separator
// (a -trimpath build), or shares the last two path elements.
type siteIndex map[int][]*tracestats.Site

func newSiteIndex(sites []*tracestats.Site) siteIndex {
	idx := siteIndex{}
	for _, s := range sites {
		idx[s.Line] = append(idx[s.Line], s)
	}
	return idx
}

func (idx siteIndex) find(f *Finding) *tracestats.Site {
	for _, loose := range [2]bool{false, true} {
		for _, p := range append([]Position{f.Pos}, f.Related...) {
			for _, s := range idx[p.Line] {
				if samePath(s.File, p.File, loose) {
					return s
				}
			}
		}
	}
	return nil
}

// samePath reports whether two paths name the same file: equal, or one a
// suffix of the other; loosely, when they share their last two elements.
func samePath(a, b string, loose bool) bool {
	if a == b || strings.HasSuffix(a, "/"+b) || strings.HasSuffix(b, "/"+a) {
		return true
	}
	if !loose {
		return false
	}
	ta := tail2(a)
	return ta != "" && ta == tail2(b)
}

// tail2 returns the last two elements of a slash-separated path, or "".
func tail2(p string) string {
	i := strings.LastIndex(p, "/")
	if i <= 0 {
		return ""
	}
	return p[strings.LastIndex(p[:i], "/")+1:]
}

// shortWhere shortens "pkg.F /abs/dir/file.go:12" to "pkg.F (file.go:12)"
// for evidence sentences; the site's JSON keeps the full path.
func shortWhere(where string) string {
	fn, file, ok := strings.Cut(where, " ")
	if !ok {
		return where
	}
	return fn + " (" + filepath.Base(file) + ")"
}
