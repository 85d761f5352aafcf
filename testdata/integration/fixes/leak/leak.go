// Package leak has goroutine leaks that unawaited's suggested fixes repair
// by giving the channel a buffer.
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

// First returns the first answer; the other goroutines block forever.
func First(servers []string) string {
	answers := make(chan string)
	for _, s := range servers {
		go func() { answers <- s }()
	}
	return <-answers
}
