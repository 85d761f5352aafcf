// Package tracestats reads a Go execution trace in one streaming pass and
// measures, per goroutine creation site, how many goroutines the site created,
// how many were alive at once, and where their time went: running, runnable
// (waiting for a P), in syscalls, blocked in IO, blocked on channels and locks,
// sleeping; and which of them were still blocked when the trace ended. A
// sync wait whose stack holds a group's Wait (WaitGroup, errgroup, conc) is
// also counted as a group wait, and each site knows the sites of the
// goroutines its goroutines created, whose time tells what such a wait
// waited for.
//
// A creation site is the go statement that created a goroutine, found from the
// creation stack: frames of the standard library and of known pool libraries
// (errgroup, conc, ants, pond...) are skipped up to the first user frame, so
// that a goroutine started by errgroup's Go belongs to the user's call of Go.
// A wait is IO when the goroutine blocked on the network poller, or when the
// stack where it blocked contains a primitive of the blocking table (an HTTP
// client waits in a select inside net/http: that is IO).
package tracestats

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"time"

	"golang.org/x/exp/trace"

	"github.com/concurlint/concurlint/internal/blocking"
	"github.com/concurlint/concurlint/internal/pools"
)

// Options changes how goroutines are grouped.
type Options struct {
	// Skip lists more packages (and their subpackages, by prefix) whose
	// frames are skipped like PoolLibraries when finding a creation site.
	Skip []string
	// Blocking is the table whose calls make a wait IO; nil is the built-in
	// table.
	Blocking *blocking.Table
}

// Stats is what a trace says about its goroutine creation sites.
type Stats struct {
	Sites    []*Site       // sorted by goroutine time, most first
	Duration time.Duration // from the first event to the last
	Events   int           // events read
	// Untracked counts goroutines that already existed when the trace
	// started: their creation site is unknown, so no site includes them.
	Untracked int
	// RequestPeak is the peak number of goroutines serving HTTP connections
	// or requests (net/http's conn.serve and HTTP/2 runHandler) alive at
	// once: the requests in flight.
	RequestPeak int
}

// Site is a goroutine creation site and what its goroutines did.
type Site struct {
	Posn     string `json:"posn"`     // file:line of the go statement or spawn call
	Function string `json:"function"` // the function that contains it
	Created  int    `json:"created"`  // goroutines created during the trace
	Peak     int    `json:"peak"`     // most alive at once

	RunningNS  int64 `json:"running_ns"`
	RunnableNS int64 `json:"runnable_ns"` // waiting for a P
	SyscallNS  int64 `json:"syscall_ns"`
	IONS       int64 `json:"io_ns"`    // blocked on the network or in a blocking-table call
	SyncNS     int64 `json:"sync_ns"`  // blocked on channels, select, locks and other waits
	SleepNS    int64 `json:"sleep_ns"` // in time.Sleep
	// GroupWaitNS is the part of SyncNS spent waiting for a group of
	// goroutines (WaitGroup.Wait, errgroup.Group.Wait): how long depends on
	// what those goroutines do, see Children.
	GroupWaitNS int64 `json:"group_wait_ns"`
	// Children are the sites of the goroutines that this site's goroutines
	// created, sorted by position.
	Children []*Site `json:"-"`

	// BlockedAtEnd groups the goroutines still blocked when the trace ended.
	BlockedAtEnd []Blocked `json:"blocked_at_end"`

	File  string `json:"-"`
	Line  int    `json:"-"`
	Entry string `json:"-"` // the function the first goroutine started in

	alive    int
	blocked  map[Blocked]int
	children map[*Site]bool
}

// Blocked is a group of goroutines still blocked at the end of the trace.
type Blocked struct {
	Reason string `json:"reason"` // as the runtime says: "chan send", "select", "network"...
	Kind   string `json:"kind"`   // "io", "sync" or "sleep"
	Where  string `json:"where"`  // the first user frame where they blocked: "pkg.F file:line"
	Count  int    `json:"count"`
}

// TotalNS is the goroutine time of the site, in all states.
func (s *Site) TotalNS() int64 {
	return s.RunningNS + s.RunnableNS + s.SyscallNS + s.IONS + s.SyncNS + s.SleepNS
}

// Share returns part/TotalNS, or 0 for a site with no time.
func (s *Site) Share(part int64) float64 {
	if t := s.TotalNS(); t > 0 {
		return float64(part) / float64(t)
	}
	return 0
}

// BlockedOnChannel counts the goroutines still blocked at the end on a
// channel operation or a select.
func (s *Site) BlockedOnChannel() int {
	n := 0
	for _, b := range s.BlockedAtEnd {
		switch b.Reason {
		case "chan send", "chan receive", "select":
			if b.Kind == "sync" {
				n += b.Count
			}
		}
	}
	return n
}

// ErrUnsupported reports a trace of a Go version that this reader does not
// handle.
var ErrUnsupported = errors.New("unsupported trace version")

// Oldest and newest trace formats read: Go 1.22 introduced the current
// format; older traces lack the events this package relies on.
const (
	minVersion = 22
	maxVersion = 26
)

// Read reads a whole trace from r in one pass. Errors are one line; a bad or
// truncated trace never panics.
func Read(r io.Reader, opts Options) (st *Stats, err error) {
	defer func() {
		if p := recover(); p != nil {
			st, err = nil, fmt.Errorf("corrupt trace (the parser failed: %v)", p)
		}
	}()
	br := bufio.NewReaderSize(r, 1<<20)
	if err := checkHeader(br); err != nil {
		return nil, err
	}
	tr, err := trace.NewReader(br)
	if err != nil {
		return nil, fmt.Errorf("not a Go execution trace: %v", err)
	}
	p := &pass{
		opts:   &opts,
		gs:     make(map[trace.GoID]*gstate),
		sites:  make(map[string]*Site),
		starts: make(map[trace.Stack]*Site),
		waits:  make(map[trace.Stack]wait),
	}
	first, last := trace.Time(-1), trace.Time(0)
	for {
		ev, err := tr.ReadEvent()
		if err == io.EOF {
			break
		}
		if err != nil {
			if p.events == 0 {
				return nil, fmt.Errorf("not a Go execution trace: %v", err)
			}
			return nil, fmt.Errorf("truncated or corrupt trace after %d events: %v", p.events, err)
		}
		p.events++
		if first < 0 {
			first = ev.Time()
		}
		last = ev.Time()
		switch ev.Kind() {
		case trace.EventSync:
			p.syncs++
			// Stacks are handles into one generation's tables: forget them,
			// which also lets the tables go.
			clear(p.starts)
			clear(p.waits)
		case trace.EventStateTransition:
			p.transition(ev)
		}
	}
	if p.events == p.syncs {
		return nil, errors.New("empty trace: it has a header but no events")
	}
	return p.finish(first, last), nil
}

// checkHeader reads the header ("go 1.26 trace\x00\x00\x00") without
// consuming it, and rejects files that are not traces or whose version is
// outside what this package reads, with a clear message.
func checkHeader(br *bufio.Reader) error {
	head, err := br.Peek(16)
	if len(head) == 0 {
		if err == io.EOF || err == nil {
			return errors.New("empty file: not a Go execution trace")
		}
		return err
	}
	rest, ok := bytes.CutPrefix(head, []byte("go 1."))
	if !ok {
		return errors.New("not a Go execution trace (no \"go 1.N trace\" header)")
	}
	digits, _, ok := bytes.Cut(rest, []byte(" trace"))
	if !ok {
		return errors.New("not a Go execution trace (bad header)")
	}
	v, err := strconv.Atoi(string(digits))
	if err != nil {
		return errors.New("not a Go execution trace (bad header)")
	}
	if v < minVersion || v > maxVersion {
		return fmt.Errorf("%w go 1.%d: confirm reads traces of Go 1.%d to 1.%d", ErrUnsupported, v, minVersion, maxVersion)
	}
	return nil
}

// pass is the state of one reading.
type pass struct {
	opts      *Options
	events    int
	syncs     int
	gs        map[trace.GoID]*gstate
	sites     map[string]*Site
	untracked int

	requests, requestPeak int

	// The goroutine of the last transition: consecutive events often
	// concern the same one.
	lastID trace.GoID
	lastG  *gstate

	// Per generation caches, keyed by stack handles.
	starts map[trace.Stack]*Site
	waits  map[trace.Stack]wait // by the stack where a goroutine blocked
}

type gstate struct {
	site    *Site
	state   trace.GoState
	since   trace.Time
	wait    wait
	request bool
}

type waitKind uint8

const (
	waitSync waitKind = iota
	waitIO
	waitSleep
	waitGroup // a sync wait for a group of goroutines
)

var waitKindNames = [...]string{waitSync: "sync", waitIO: "io", waitSleep: "sleep", waitGroup: "sync"}

type wait struct {
	kind   waitKind
	reason string
	where  string
}

func (p *pass) transition(ev trace.Event) {
	st := ev.StateTransition()
	if st.Resource.Kind != trace.ResourceGoroutine {
		return
	}
	id := st.Resource.Goroutine()
	from, to := st.Goroutine()
	t := ev.Time()
	if from == trace.GoNotExist && to != trace.GoNotExist {
		p.create(id, ev.Goroutine(), to, t, ev.Stack(), st.Stack)
		return
	}
	g := p.lastG
	if id != p.lastID || g == nil {
		g = p.gs[id]
		p.lastID, p.lastG = id, g
	}
	if g == nil {
		if from == trace.GoUndetermined && to != trace.GoNotExist {
			p.untracked++
			p.gs[id] = &gstate{} // remembered so it is counted once
		}
		return
	}
	if g.site == nil { // existed before the trace
		if to == trace.GoNotExist {
			delete(p.gs, id)
			p.lastG = nil
		}
		return
	}
	g.site.add(g.state, g.wait.kind, int64(t-g.since))
	g.state, g.since = to, t
	switch to {
	case trace.GoWaiting:
		if from == trace.GoRunning {
			g.wait = p.classify(st.Reason, st.Stack)
		}
	case trace.GoNotExist:
		g.site.alive--
		if g.request {
			p.requests--
		}
		delete(p.gs, id)
		p.lastG = nil
	}
}

func (p *pass) create(id, parent trace.GoID, state trace.GoState, t trace.Time, creator, start trace.Stack) {
	site := p.siteOf(creator)
	if site == nil {
		return // a runtime goroutine, or a creation with no stack
	}
	if pg := p.gs[parent]; pg != nil && pg.site != nil && pg.site != site {
		if pg.site.children == nil {
			pg.site.children = map[*Site]bool{}
		}
		pg.site.children[site] = true
	}
	g := &gstate{site: site, state: state, since: t}
	if state == trace.GoWaiting {
		g.wait = wait{kind: waitSync}
	}
	entry := ""
	for f := range start.Frames() {
		entry = f.Func
		break
	}
	if site.Entry == "" {
		site.Entry = entry
	}
	if requestEntries[entry] {
		g.request = true
		p.requests++
		p.requestPeak = max(p.requestPeak, p.requests)
	}
	p.gs[id] = g
	site.Created++
	site.alive++
	site.Peak = max(site.Peak, site.alive)
}

// siteOf returns the site of a creation stack: its first frame outside the
// standard library and pool libraries, or its innermost frame when every
// frame is library code. Goroutines created by the runtime have no site.
func (p *pass) siteOf(creator trace.Stack) *Site {
	if s, ok := p.starts[creator]; ok {
		return s
	}
	var top, user trace.StackFrame
	n := 0
	for f := range creator.Frames() {
		if n == 0 {
			top = f
		}
		n++
		if !p.opts.Skipped(f.Func, f.File) {
			user = f
			break
		}
	}
	pick := user
	if pick.Func == "" {
		pick = top
	}
	var site *Site
	if pick.Func != "" && !runtimeInternal[pkgPath(top.Func)] {
		posn := pick.File + ":" + strconv.FormatUint(pick.Line, 10)
		site = p.sites[posn]
		if site == nil {
			site = &Site{Posn: posn, File: pick.File, Line: int(pick.Line), Function: pick.Func}
			p.sites[posn] = site
		}
	}
	p.starts[creator] = site
	return site
}

// classify decides what kind of wait a goroutine entered, from the runtime's
// reason and the stack where it blocked.
func (p *pass) classify(reason string, stk trace.Stack) wait {
	if w, ok := p.waits[stk]; ok && w.reason == reason {
		return w
	}
	w := wait{kind: waitSync, reason: reason}
	switch reason {
	case "network":
		w.kind = waitIO
	case "sleep":
		w.kind = waitSleep
	}
	var top, lib trace.StackFrame // the innermost frame, and the innermost outside the runtime
	n := 0
	for f := range stk.Frames() {
		if n == 0 {
			top = f
		}
		n++
		if lib.Func == "" && !runtimeInternal[pkgPath(f.Func)] {
			lib = f
		}
		if w.kind == waitSync || w.kind == waitGroup {
			name := blocking.FrameName(f.Func)
			if w.kind == waitSync && pools.IsGroupWaitName(name) {
				w.kind = waitGroup
			}
			if c, ok := p.opts.Blocking.Lookup(name); ok {
				if c == blocking.Sleep {
					w.kind = waitSleep
				} else {
					w.kind = waitIO
				}
			}
		}
		if w.where == "" && !p.opts.Skipped(f.Func, f.File) {
			w.where = fmt.Sprintf("%s %s:%d", f.Func, f.File, f.Line)
		}
	}
	if w.where == "" {
		if lib.Func == "" {
			lib = top
		}
		if lib.Func != "" {
			w.where = fmt.Sprintf("%s %s:%d", lib.Func, lib.File, lib.Line)
		}
	}
	p.waits[stk] = w
	return w
}

func (s *Site) add(state trace.GoState, kind waitKind, d int64) {
	if d <= 0 {
		return
	}
	switch state {
	case trace.GoRunning:
		s.RunningNS += d
	case trace.GoRunnable:
		s.RunnableNS += d
	case trace.GoSyscall:
		s.SyscallNS += d
	case trace.GoWaiting:
		switch kind {
		case waitIO:
			s.IONS += d
		case waitSleep:
			s.SleepNS += d
		case waitGroup:
			s.SyncNS += d
			s.GroupWaitNS += d
		default:
			s.SyncNS += d
		}
	}
}

func (p *pass) finish(first, last trace.Time) *Stats {
	for _, g := range p.gs {
		if g.site == nil {
			continue
		}
		g.site.add(g.state, g.wait.kind, int64(last-g.since))
		if g.state == trace.GoWaiting {
			if g.site.blocked == nil {
				g.site.blocked = make(map[Blocked]int)
			}
			g.site.blocked[Blocked{Reason: g.wait.reason, Kind: waitKindNames[g.wait.kind], Where: g.wait.where}]++
		}
	}
	st := &Stats{
		Duration:    time.Duration(last - first),
		Events:      p.events,
		Untracked:   p.untracked,
		RequestPeak: p.requestPeak,
	}
	for _, s := range p.sites {
		s.BlockedAtEnd = []Blocked{}
		for b, n := range s.blocked {
			b.Count = n
			s.BlockedAtEnd = append(s.BlockedAtEnd, b)
		}
		sort.Slice(s.BlockedAtEnd, func(i, j int) bool {
			a, b := s.BlockedAtEnd[i], s.BlockedAtEnd[j]
			if a.Count != b.Count {
				return a.Count > b.Count
			}
			return a.Where+a.Reason < b.Where+b.Reason
		})
		s.blocked = nil
		for c := range s.children {
			s.Children = append(s.Children, c)
		}
		sort.Slice(s.Children, func(i, j int) bool { return s.Children[i].Posn < s.Children[j].Posn })
		s.children = nil
		st.Sites = append(st.Sites, s)
	}
	sort.Slice(st.Sites, func(i, j int) bool {
		a, b := st.Sites[i], st.Sites[j]
		if a.TotalNS() != b.TotalNS() {
			return a.TotalNS() > b.TotalNS()
		}
		return a.Posn < b.Posn
	})
	return st
}
