// Package leakprof reads Go's goroutine leak profile (runtime/pprof's
// "goroutineleak": Go 1.27, or Go 1.26 built with
// GOEXPERIMENT=goroutineleakprofile). The runtime finds goroutines blocked
// on channels, locks or wait groups that no runnable goroutine can reach and
// reports their stacks.
//
// Two forms are read: the pprof format (debug=0, what
// /debug/pprof/goroutineleak serves), parsed with
// github.com/google/pprof/profile, and the debug=2 text, a goroutine dump in
// which leaked goroutines are marked "(leaked)".
//
// The forms differ in what they say about a goroutine's origin. The pprof
// form has the stack where it blocked, down to the function it started in,
// with that function's first line (for a func literal, the line of the go
// statement that runs it); it has neither the wait reason, which is inferred
// from the runtime frames, nor the go statement. The debug=2 text has the
// wait reason and the "created by" frame, the go statement itself.
package leakprof

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/google/pprof/profile"

	"github.com/concurlint/concurlint/internal/tracestats"
)

// A Frame is a function and a position in it.
type Frame struct {
	Func      string `json:"function"`
	File      string `json:"file"`
	Line      int    `json:"line"`
	StartLine int    `json:"-"` // the function's first line; 0 when unknown (debug=2)
}

func (f Frame) String() string {
	if f.Func == "" {
		return ""
	}
	return f.Func + " " + f.File + ":" + strconv.Itoa(f.Line)
}

// Posn returns file:line.
func (f Frame) Posn() string { return f.File + ":" + strconv.Itoa(f.Line) }

// A Leak is a group of leaked goroutines with the same origin and the same
// place and reason of blocking.
type Leak struct {
	Count  int    `json:"count"`
	Reason string `json:"reason"` // "chan send", "select", "sync.WaitGroup.Wait"...; "" when unknown
	// Blocked is where they block: the innermost frame outside the
	// runtime, the standard library and pool libraries, or else the
	// innermost outside the runtime.
	Blocked Frame `json:"blocked"`
	// Start is the function they started in: the outermost frame outside
	// the standard library and pool libraries (for a goroutine started by
	// errgroup's Go, the func literal passed to it), or else the outermost.
	Start Frame `json:"start"`
	// CreatedBy is the go statement that created them (debug=2 text only),
	// or the zero Frame.
	CreatedBy Frame `json:"created_by"`
}

// Profile is what a leak profile says.
type Profile struct {
	Leaks  []*Leak // most goroutines first
	Total  int     // leaked goroutines
	Format string  // "pprof" or "debug=2"
}

// Read reads a leak profile in either form. Errors are one line.
func Read(r io.Reader, opts tracestats.Options) (*Profile, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(64)
	if len(head) == 0 {
		return nil, errors.New("empty file: not a goroutine leak profile")
	}
	var p *Profile
	var err error
	if bytes.HasPrefix(head, []byte("goroutine ")) {
		p, err = readDump(br, &opts)
	} else {
		p, err = readPprof(br, &opts)
	}
	if err != nil {
		return nil, err
	}
	sort.SliceStable(p.Leaks, func(i, j int) bool { return p.Leaks[i].Count > p.Leaks[j].Count })
	for _, l := range p.Leaks {
		p.Total += l.Count
	}
	return p, nil
}

func readPprof(r io.Reader, opts *tracestats.Options) (*Profile, error) {
	prof, err := profile.Parse(r)
	if err != nil {
		return nil, fmt.Errorf("not a goroutine leak profile (pprof format or debug=2 text): %v", err)
	}
	if len(prof.SampleType) != 1 || prof.SampleType[0].Type != "goroutineleak" {
		var types []string
		for _, st := range prof.SampleType {
			types = append(types, st.Type)
		}
		return nil, fmt.Errorf("a %s profile, not a goroutineleak profile", strings.Join(types, "/"))
	}
	groups := newGrouper()
	for _, s := range prof.Sample {
		var stack []Frame // innermost first
		for _, loc := range s.Location {
			if len(loc.Line) == 0 {
				return nil, errors.New("the profile has addresses but no function names (a debug=1 text?): write it with debug=0 or debug=2")
			}
			for _, ln := range loc.Line { // inlined calls first
				if ln.Function == nil {
					continue
				}
				stack = append(stack, Frame{Func: ln.Function.Name, File: ln.Function.Filename, Line: int(ln.Line), StartLine: int(ln.Function.StartLine)})
			}
		}
		if len(stack) == 0 || len(s.Value) == 0 {
			continue
		}
		groups.add(int(s.Value[0]), reasonOf(stack), stack, Frame{}, opts)
	}
	return &Profile{Leaks: groups.leaks, Format: "pprof"}, nil
}

// blockingFrames name the wait reason of a goroutine from the runtime or
// sync frame where it parked, as the runtime's waitReason strings say it.
var blockingFrames = map[string]string{
	"runtime.chansend":                "chan send",
	"runtime.chanrecv":                "chan receive",
	"runtime.selectgo":                "select",
	"runtime.block":                   "select (no cases)",
	"sync.(*WaitGroup).Wait":          "sync.WaitGroup.Wait",
	"sync.(*Mutex).Lock":              "sync.Mutex.Lock",
	"sync.(*RWMutex).RLock":           "sync.RWMutex.RLock",
	"sync.(*RWMutex).Lock":            "sync.RWMutex.Lock",
	"sync.(*Cond).Wait":               "sync.Cond.Wait",
	"internal/sync.(*Mutex).Lock":     "sync.Mutex.Lock",
	"internal/sync.(*Mutex).lockSlow": "sync.Mutex.Lock",
}

func reasonOf(stack []Frame) string {
	for _, f := range stack {
		if r, ok := blockingFrames[f.Func]; ok {
			return r
		}
	}
	return ""
}

// grouper merges goroutines of the same origin, place and reason.
type grouper struct {
	leaks []*Leak
	index map[Leak]*Leak // keyed with Count 0
}

func newGrouper() *grouper { return &grouper{index: map[Leak]*Leak{}} }

func (g *grouper) add(n int, reason string, stack []Frame, createdBy Frame, opts *tracestats.Options) {
	key := Leak{Reason: reason, Blocked: blockedFrame(stack, opts), Start: startFrame(stack, opts), CreatedBy: createdBy}
	if l := g.index[key]; l != nil {
		l.Count += n
		return
	}
	l := key
	l.Count = n
	g.index[key] = &l
	g.leaks = append(g.leaks, &l)
}

func startFrame(stack []Frame, opts *tracestats.Options) Frame {
	for i := len(stack) - 1; i >= 0; i-- {
		if !opts.Skipped(stack[i].Func, stack[i].File) {
			return stack[i]
		}
	}
	return stack[len(stack)-1]
}

// blockedFrame is the innermost frame of the user's code, or else the
// innermost outside the runtime (a leak inside a library). Frames in the
// runtime's files count as the runtime's whatever package they name:
// sync.runtime_SemacquireWaitGroup is the runtime's, linked into sync.
func blockedFrame(stack []Frame, opts *tracestats.Options) Frame {
	for _, f := range stack {
		if !opts.Skipped(f.Func, f.File) && !strings.Contains(f.File, "/src/runtime/") {
			return f
		}
	}
	for _, f := range stack {
		if !strings.HasPrefix(f.Func, "runtime.") {
			return f
		}
	}
	return stack[0]
}

// The dump's patterns are compiled on first use, not when the tool starts:
// go vet starts it once per package.
var (
	// goroutine 34 [chan receive (leaked), 2 minutes]:
	dumpHeader = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^goroutine \d+(?: gp=\S+ m=\S+ mp=\S+)? \[(.*)\]:$`)
	})
	// \t/path/file.go:21 +0x19
	dumpPosn = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^\t(.+):(\d+)(?: \+0x[0-9a-f]+)?$`)
	})
)

// readDump reads the debug=2 text: goroutines separated by blank lines,
// each a header, pairs of lines (function call, file:line) innermost first,
// and "created by F in goroutine N" with its position. Only goroutines whose
// header says "(leaked)" count.
func readDump(r io.Reader, opts *tracestats.Options) (*Profile, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	groups := newGrouper()
	var (
		reason    string
		leaked    bool
		stack     []Frame
		createdBy Frame
		fn        string // the call line awaiting its position
		inCreated bool
		lineNo    int
	)
	flush := func() {
		if leaked && len(stack) > 0 {
			groups.add(1, reason, stack, createdBy, opts)
		}
		leaked, stack, createdBy, fn, inCreated = false, stack[:0], Frame{}, "", false
	}
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		switch {
		case line == "":
			flush()
		case strings.HasPrefix(line, "goroutine "):
			m := dumpHeader().FindStringSubmatch(line)
			if m == nil {
				return nil, fmt.Errorf("line %d: bad goroutine header %q", lineNo, line)
			}
			flush()
			reason, leaked = waitReason(m[1])
		case strings.HasPrefix(line, "created by "):
			fn, inCreated = strings.TrimPrefix(line, "created by "), true
			if i := strings.Index(fn, " in goroutine "); i >= 0 {
				fn = fn[:i]
			}
		case strings.HasPrefix(line, "\t"):
			m := dumpPosn().FindStringSubmatch(line)
			if m == nil || fn == "" {
				return nil, fmt.Errorf("line %d: bad frame position %q", lineNo, line)
			}
			n, _ := strconv.Atoi(m[2])
			f := Frame{Func: fn, File: m[1], Line: n}
			if inCreated {
				createdBy = f
			} else {
				stack = append(stack, f)
			}
			fn = ""
		case strings.HasPrefix(line, "..."): // "...additional frames elided..."
		default:
			fn = callName(line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the goroutine dump: %v", err)
	}
	flush()
	return &Profile{Leaks: groups.leaks, Format: "debug=2"}, nil
}

// waitReason takes the bracketed part of a header, "chan send (leaked), 2
// minutes", and returns the reason and whether the goroutine leaked.
func waitReason(s string) (string, bool) {
	s, _, _ = strings.Cut(s, ",")
	reason, leaked := strings.CutSuffix(s, " (leaked)")
	return reason, leaked
}

// callName returns the function of a call line: "main.(*T).run(0x1, ...)"
// gives "main.(*T).run".
func callName(line string) string {
	if strings.HasSuffix(line, ")") {
		if i := strings.LastIndex(line, "("); i > 0 {
			return line[:i]
		}
	}
	return line
}
