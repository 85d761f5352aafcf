package notests

import (
	"runtime"
	"testing"
)

func TestParallel(t *testing.T) {
	runtime.GOMAXPROCS(4)
	done := make(chan int)
	for i := range 100 {
		go func() { done <- Square(i) }()
	}
	for range 100 {
		<-done
	}
}
