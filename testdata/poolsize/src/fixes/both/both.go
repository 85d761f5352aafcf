// Package both has a resize fix and a delete fix in one file: the import
// of runtime stays for the resize.
package both

import (
	"runtime"
	"strconv"
)

func square(x int) int { return x * x }

func main() {
	results := make(chan string)
	runtime.GOMAXPROCS(runtime.NumCPU()) // want `sets GOMAXPROCS by hand`
	jobs := make(chan int)
	for range 64 {
		go func() { // want `a loop that starts 64 goroutines`
			for j := range jobs {
				results <- strconv.Itoa(square(j))
			}
		}()
	}
}
