// Package workers declares worker bodies that block, for pools in another
// package: the blocking travels as a fact.
package workers

import "net/http"

// Fetch drains urls with HTTP requests.
func Fetch(urls <-chan string) {
	for u := range urls {
		get(u)
	}
}

func get(u string) { http.Get(u) }

// Crunch only computes.
func Crunch(xs <-chan int) {
	for x := range xs {
		_ = x * x
	}
}
