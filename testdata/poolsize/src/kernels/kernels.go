// Package kernels declares worker bodies for pools in another package.
package kernels

import (
	"fmt"
	"math"
)

// Norm only computes, on the channels it is given.
func Norm(xs <-chan []float64, out chan<- float64) {
	for x := range xs {
		out <- norm(x)
	}
}

func norm(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return math.Sqrt(s)
}

// Log prints to standard output: a call of unknown effect.
func Log(lines <-chan string) {
	for l := range lines {
		fmt.Println(l)
	}
}

// StartNorms starts n workers of Norm: a pool starter sized by its caller.
func StartNorms(n int, xs <-chan []float64, out chan<- float64) {
	for range n {
		go Norm(xs, out)
	}
}

// StartLogs starts n workers of Log, which are not CPU-bound.
func StartLogs(n int, lines <-chan string) {
	for range n {
		go Log(lines)
	}
}
