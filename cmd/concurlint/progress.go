package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/concurlint/concurlint/internal/diagnostics"
)

// newProgress returns what the command tells of a run's progress: with
// verbose, a line per package as go vet finishes it, with the time since
// the start; else, when stderr is a terminal and the output is not JSON,
// one line updated in place every second and cleared at the end (the
// findings follow it). Otherwise nil: nothing is printed, in CI and pipes.
func newProgress(stderr io.Writer, verbose, text bool) diagnostics.Progress {
	start := time.Now()
	if verbose {
		return verboseProgress{stderr, start}
	}
	if !text || !isTerminal(stderr) {
		return nil
	}
	p := &progressLine{w: stderr, start: start, stop: make(chan struct{}), stopped: make(chan struct{})}
	go p.tick()
	return p
}

type verboseProgress struct {
	w     io.Writer
	start time.Time
}

func (v verboseProgress) Package(pkgs []string) {
	if len(pkgs) > 0 {
		fmt.Fprintf(v.w, "%6.1fs %s\n", time.Since(v.start).Seconds(), strings.Join(pkgs, ", "))
	}
}

func (v verboseProgress) Finish() {
	fmt.Fprintf(v.w, "%6.1fs go vet done\n", time.Since(v.start).Seconds())
}

// progressLine is the line updated in place.
type progressLine struct {
	w     io.Writer
	start time.Time

	mu   sync.Mutex
	done int // packages reported so far

	stop, stopped chan struct{}
}

func (p *progressLine) Package([]string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
}

func (p *progressLine) tick() {
	defer close(p.stopped)
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		p.mu.Lock()
		line := fmt.Sprintf("concurlint: %.0fs, go vet building and analysing; %d packages analysed", time.Since(p.start).Seconds(), p.done)
		p.mu.Unlock()
		fmt.Fprintf(p.w, "\r\033[K%s", line)
		select {
		case <-p.stop:
			fmt.Fprint(p.w, "\r\033[K")
			return
		case <-t.C:
		}
	}
}

func (p *progressLine) Finish() {
	close(p.stop)
	<-p.stopped
}

// isTerminal reports whether w is a terminal that can move the cursor (a
// character device, TERM not dumb) outside CI.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("TERM") == "dumb" || os.Getenv("CI") != "" {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
