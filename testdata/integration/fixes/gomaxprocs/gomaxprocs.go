// Package gomaxprocs sets GOMAXPROCS by hand, throwing away the default
// that follows the container's CPU limit: poolsize's fix deletes the call.
package gomaxprocs

import (
	"fmt"
	"runtime"
)

// Setup sets GOMAXPROCS to the CPU count.
func Setup() {
	runtime.GOMAXPROCS(runtime.NumCPU())
	fmt.Println("ready")
}
