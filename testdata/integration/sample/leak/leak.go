// Package leak has a goroutine leak that unawaited's suggested fix repairs.
package leak

import "strconv"

func work(s string) int { n, _ := strconv.Atoi(s); return n }

// Parse returns early on an empty string, leaving the goroutine blocked.
func Parse(s string) int {
	ch := make(chan int)
	go func() { ch <- work(s) }()
	if s == "" {
		return 0
	}
	return <-ch
}
