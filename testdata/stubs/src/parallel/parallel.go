// Package parallel is a helper, shared by the fixtures, that runs a function over items in a pool
// whose size its caller chooses.
package parallel

import "sync"

// ForEach runs f on every item with n workers.
func ForEach(n int, items []string, f func(string)) {
	jobs := make(chan string)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				f(it)
			}
		}()
	}
	for _, it := range items {
		jobs <- it
	}
	close(jobs)
	wg.Wait()
}
