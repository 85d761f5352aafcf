// Package gomaxprocs sets GOMAXPROCS by hand.
package gomaxprocs

import (
	"flag"
	"os"
	"runtime"
	"strconv"
)

const procs = 8

var procsFlag = flag.Int("procs", 0, "GOMAXPROCS")

func set(n int) {
	runtime.GOMAXPROCS(runtime.NumCPU())     // want `runtime.GOMAXPROCS\(runtime.NumCPU\(\)\) sets GOMAXPROCS by hand, from runtime.NumCPU\(\): since Go 1.25 the default GOMAXPROCS follows the container's CPU limit and tracks its changes, and setting it by hand turns that off`
	runtime.GOMAXPROCS(8)                    // want `runtime.GOMAXPROCS\(8\) sets GOMAXPROCS by hand, to the constant 8`
	runtime.GOMAXPROCS(procs)                // want `to the constant 8`
	runtime.GOMAXPROCS(1)                    // want `to the constant 1`
	runtime.GOMAXPROCS(2 * runtime.NumCPU()) // want `from runtime.NumCPU\(\)×2`
	half := runtime.NumCPU() / 2
	old := runtime.GOMAXPROCS(half) // want `from runtime.NumCPU\(\)/2`
	_ = old

	runtime.GOMAXPROCS(0)  // a query
	runtime.GOMAXPROCS(-1) // a query too
	runtime.GOMAXPROCS(*procsFlag)
	if v, err := strconv.Atoi(os.Getenv("PROCS")); err == nil {
		runtime.GOMAXPROCS(v)
	}
	runtime.GOMAXPROCS(n)
}

// Restoring the previous setting is part of the call that changed it.
func pinned() {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1)) // want `runtime.GOMAXPROCS\(1\) sets GOMAXPROCS by hand`
	prev := runtime.GOMAXPROCS(*procsFlag)
	defer runtime.GOMAXPROCS(prev)
}
