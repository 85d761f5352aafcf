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
