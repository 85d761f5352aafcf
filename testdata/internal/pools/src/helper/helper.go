// Package helper runs a function over items in a pool of n workers.
package helper

import "sync"

func ForEach(n int, items []string, f func(string)) {
	jobs := make(chan string)
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() { // want `counted loop: a loop that starts n goroutines; func literal`
			for it := range jobs {
				f(it)
			}
		})
	}
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	wg.Wait()
}

// Start starts a pool of n workers of its own: a starter.
func Start(n int, jobs chan int) {
	for range n {
		go func() { // want `counted loop: a loop that starts n goroutines; func literal`
			for range jobs {
			}
		}()
	}
}

var once sync.Once

// StartOnce passes its parameter to Start, through a closure: a starter
// too.
func StartOnce(workers int, jobs chan int) {
	once.Do(func() { Start(workers, jobs) }) // want `pool starter: a call that starts a pool of workers workers; func literal`
}

// startInner sizes a pool by the parameter of a literal, not its own: no
// starter.
func startInner(jobs chan int) func(int) {
	return func(n int) {
		for range n {
			go func() { // want `counted loop: a loop that starts n goroutines; func literal`
				for range jobs {
				}
			}()
		}
	}
}
