// Package cross runs worker bodies declared in package workers.
package cross

import (
	"runtime"

	"workers"
)

func run(urls chan string, xs chan int) {
	for range runtime.NumCPU() {
		go workers.Fetch(urls) // want `blocks on HTTP requests: workers.Fetch → workers.get → http.Get`
	}
	for range runtime.NumCPU() {
		go workers.Crunch(xs)
	}
}
