// Package suppressed has findings that the user silenced.
package suppressed

import "runtime"

func square(x int) int { return x * x }

func ignoredAbove(jobs chan int) {
	for range 64 {
		//concurlint:ignore poolsize measured: 64 is faster here
		go func() {
			for j := range jobs {
				square(j)
			}
		}()
	}
}

func ignoredOnLine(jobs chan int) {
	for range 64 {
		go func() { //concurlint:ignore cpupoolio,poolsize reviewed
			for j := range jobs {
				square(j)
			}
		}()
	}
}

func otherAnalyzer(jobs chan int) {
	for range 64 {
		//concurlint:ignore cpupoolio does not name this analyzer
		go func() { // want `a loop that starts 64 goroutines`
			for j := range jobs {
				square(j)
			}
		}()
	}
}

func gomaxprocs() {
	//concurlint:ignore poolsize the benchmark harness pins it
	runtime.GOMAXPROCS(4)
}
