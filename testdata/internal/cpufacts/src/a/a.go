// Package a has worker bodies of every kind, passed to run.
package a

import (
	"context"
	"crypto/sha256"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

func run(fs ...any)    {}
func runSem(fs ...any) {}

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

// Crunch only computes: it is CPU-bound, and has no fact.
func Crunch(xs []int) int { return sum(xs) * 2 }

// Print writes to standard output.
func Print(x int) { fmt.Println(x) }

// Emit writes to a writer of unknown type.
func Emit(w io.Writer, b []byte) { w.Write(b) }

// Relay waits on channels it is given.
func Relay(in <-chan int, out chan<- int) {
	for x := range in {
		out <- x
	}
}

// Meter's methods: one blocks, one only computes (their effects travel in
// one fact on Meter).
type Meter struct{ n int }

func (m *Meter) Flush() { time.Sleep(time.Millisecond) }

func (m Meter) Scaled(k int) int { return m.n * k }

var mu sync.Mutex
var total int
var bufs = sync.Pool{New: func() any { return new(strings.Builder) }}

func shapes(jobs chan []int, results chan int, sem chan struct{}, w io.Writer, cond *sync.Cond, ctx context.Context, f func()) {
	run(func() { // want `cpu-bound`
		for job := range jobs {
			results <- sum(job)
		}
	})
	run(Crunch)     // want `cpu-bound`
	run(Relay)      // want `cpu-bound`
	run(Print)      // want `^unknown: Print → fmt.Println$`
	run(Emit)       // want `unknown: Emit → \(io.Writer\).Write`
	runSem(func() { // want `cpu-bound`
		defer func() { <-sem }()
		mu.Lock()
		total += Crunch(<-jobs)
		mu.Unlock()
	})
	run(func() { // want `release: func literal in shapes → func literal in shapes → a receive from sem \(value dropped\)`
		defer func() { <-sem }()
		mu.Lock()
		total += Crunch(<-jobs)
		mu.Unlock()
	})
	run(func() { // want `cpu-bound`
		h := sha256.Sum256([]byte("x"))
		f := fnv.New64a()
		f.Write(h[:])
		b := bufs.Get().(*strings.Builder)
		b.WriteString(strconv.Itoa(int(f.Sum64())))
		bufs.Put(b)
		_ = time.Now()
		sort.Ints([]int{3, 1, 2})
		_ = strings.ToUpper(fmt.Sprintf("%d", 1))
	})
	run(func() { // want `unknown: func literal in shapes → \(io.Writer\).Write`
		for job := range jobs {
			w.Write([]byte(strconv.Itoa(sum(job))))
		}
	})
	run(func() { // want `^unknown: func literal in shapes → fmt.Println$`
		for job := range jobs {
			fmt.Println(sum(job))
		}
	})
	run(func() { // want `blocks: func literal in shapes → time.Sleep`
		time.Sleep(time.Millisecond)
	})
	run(func() { // want `waits: func literal in shapes → a receive from C`
		t := time.NewTicker(time.Second)
		for range t.C {
			Crunch(nil)
		}
	})
	run(func() { // want `waits: func literal in shapes → time.After`
		<-time.After(time.Second)
	})
	run(func() { // want `waits: func literal in shapes → \(\*sync.Cond\).Wait`
		cond.Wait()
	})
	run(func() { // want `waits: func literal in shapes → a receive from a channel it makes`
		done := make(chan int)
		<-done
	})
	run(func() { // want `waits: func literal in shapes → a select on Done\(\)`
		for {
			select {
			case j := <-jobs:
				Crunch(j)
			case <-ctx.Done():
				return
			}
		}
	})
	run(func() { // want `unknown: func literal in shapes → a go statement`
		go Crunch(nil)
	})
	run(func() { // want `unknown: func literal in shapes → a function value`
		f()
	})
	run(func() { // want `waits: func literal in shapes → Relay → a receive from in`
		Relay(jobsOf(jobs), results)
	})
	run(func() { // want `cpu-bound`
		select {
		case results <- 1:
		default:
		}
		_ = os.Getpid
	})
	run(func() { // want `release: func literal in shapes → a receive from sem \(value dropped\)`
		<-sem
		Crunch(nil)
	})
	run(func() { // want `release: func literal in shapes → a select on results \(value dropped\)`
		for {
			select {
			case j := <-jobs:
				Crunch(j)
			case <-results:
				return
			}
		}
	})
}

func jobsOf(c chan []int) chan int { return nil }

type Task interface{ Do() }

// An interface method is whatever its concrete type does.
func abstract(t Task) {
	run(Task.Do) // want `unknown: \(Task\).Do`
	run(t.Do)    // want `unknown: \(Task\).Do`
}

// Functions that call their function parameters do what their callers'
// arguments do.
func higherOrder(xs []int, w io.Writer, less func(a, b int) int) {
	run(func() { // want `cpu-bound`
		sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
		apply(xs, func(x int) int { return x * 2 })
	})
	run(func() { // want `unknown: func literal in higherOrder → func literal in higherOrder → \(io.Writer\).Write`
		apply(xs, func(x int) int { w.Write(nil); return x })
	})
	run(func() { // want `unknown: func literal in higherOrder → slices.SortFunc → a function it is given`
		slices.SortFunc(xs, less)
	})
}

func apply(xs []int, f func(int) int) {
	for i := range xs {
		xs[i] = f(xs[i])
	}
}
