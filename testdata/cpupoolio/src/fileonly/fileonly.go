// Package fileonly is analysed with -cpupoolio.fileio=false: file IO does
// not count, other IO still does.
package fileonly

import (
	"os"
	"runtime"
	"time"
)

func files(paths chan string) {
	for range runtime.NumCPU() {
		go func() {
			for p := range paths {
				os.ReadFile(p)
			}
		}()
	}
}

func sleeps(jobs chan int) {
	for range runtime.NumCPU() {
		go func() { // want `blocks on time.Sleep`
			for range jobs {
				time.Sleep(time.Millisecond)
			}
		}()
	}
}
