// Package files runs file IO in a pool sized to the cores.
package files

import (
	"runtime"

	"example.com/sample/store"
)

// LoadAll reads every path on a CPU-sized pool.
func LoadAll(paths chan string, out chan []byte) {
	for range runtime.NumCPU() {
		go func() {
			for p := range paths {
				out <- store.Load(p)
			}
		}()
	}
}
