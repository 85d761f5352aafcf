// Package deletecall loses its only use of runtime with the fix.
package deletecall

import (
	"fmt"
	"runtime"
)

func main() {
	runtime.GOMAXPROCS(runtime.NumCPU()) // want `sets GOMAXPROCS by hand`
	fmt.Println("hello")
}
