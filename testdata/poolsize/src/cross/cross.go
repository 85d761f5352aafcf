// Package cross runs worker bodies declared in package kernels: whether
// they only compute travels as a fact.
package cross

import "kernels"

func run(xs chan []float64, out chan float64, lines chan string) {
	for range 64 {
		go kernels.Norm(xs, out) // want `a loop that starts 64 goroutines runs CPU-bound work`
	}
	for range 64 {
		go kernels.Log(lines)
	}
	// Another package's starters: their workers' facts travel with them.
	kernels.StartNorms(64, xs, out) // want `a call that starts a pool of 64 workers runs CPU-bound work`
	kernels.StartLogs(64, lines)
}
