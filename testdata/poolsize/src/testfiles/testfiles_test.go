package testfiles

import (
	"runtime"
	"testing"
)

func TestParallel(t *testing.T) {
	runtime.GOMAXPROCS(4) // want `runtime.GOMAXPROCS\(4\) sets GOMAXPROCS by hand`
	done := make(chan int)
	for i := range 100 {
		go func() { done <- Square(i) }() // want `a loop that starts 100 goroutines runs CPU-bound work`
	}
	for range 100 {
		<-done
	}
}
