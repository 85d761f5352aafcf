package bodies // want `every body for an analyzer that needs them`

import (
	"io"
	"iter"
	"strconv"
	"sync"
	"time"
)

type point struct{ x, y int }

// Functions that only compute, and call only such functions.

func (p point) X() int { return p.x } // want X:`skipped`

func (p point) Y() int { return p.y } // used as a value

func sum(xs []int) int { // want sum:`skipped`
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}

func label(p point) string { return strconv.Itoa(p.X()) + "," + strconv.Itoa(sum([]int{p.y})) } // want label:`skipped`

func convert(x int) float64 { return float64(x) + float64(len(strconv.Itoa(x))) } // want convert:`skipped`

// A call that needs says matters (here time.Sleep), directly or through
// functions of the package.

func nap() { time.Sleep(time.Millisecond) }

func napTwice() { nap(); nap() }

func napLater() int { napTwice(); return sum(nil) }

// What the analyses of goroutines look at keeps a body.

func spawn() { go work() }

func work() {} // run by a go statement

func cleanup() {} // run by a defer statement

func deferring() int { // calls a function that keeps its body
	defer cleanup()
	return 1
}

func asValue() func() { return helper }

func helper() {} // used as a value

func method() func() int { return point{}.Y }

func literal() func() { return func() {} }

func send(c chan int) { c <- 1 }

func makes() int { c := make(chan int, 1); return cap(c) }

func closes(c chan int) { close(c) }

func recovers() { _ = recover() }

func waits(wg *sync.WaitGroup) {}

type server struct {
	wg   sync.WaitGroup
	name string
}

func (s *server) Name() string { return s.name } // want Name:`skipped`

func (s *server) add() { s.wg.Add(1) }

func write(w io.Writer) { w.Write(nil) }

type hooks struct{ onStop func() }

func (h hooks) stop() { h.onStop() }

func ranges(seq iter.Seq[int]) {
	for range seq {
	}
}

func generic[T any](x T) T { return x }

func callsGeneric() int { return generic(1) } // generic functions keep their bodies

func init() {}

type tracker struct{ sync.WaitGroup }

func (t *tracker) track() { t.Add(1) } // a promoted method of a group

func (t *tracker) Count() int { return 0 } // want Count:`skipped`
