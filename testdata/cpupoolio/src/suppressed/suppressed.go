// Package suppressed has findings that the user silenced.
package suppressed

import (
	"runtime"
	"time"
)

func ignoredAbove(jobs chan int) {
	for range runtime.NumCPU() {
		//concurlint:ignore cpupoolio the sleep is a test stand-in
		go func() {
			for range jobs {
				time.Sleep(time.Millisecond)
			}
		}()
	}
}

func ignoredOnLine(jobs chan int) {
	for range runtime.NumCPU() {
		go func() { //concurlint:ignore cpupoolio,poolsize reviewed
			for range jobs {
				time.Sleep(time.Millisecond)
			}
		}()
	}
}

func otherAnalyzer(jobs chan int) {
	for range runtime.NumCPU() {
		//concurlint:ignore unboundedgo does not name this analyzer
		go func() { // want `blocks on time.Sleep`
			for range jobs {
				time.Sleep(time.Millisecond)
			}
		}()
	}
}
