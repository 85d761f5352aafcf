// Package keepimport uses runtime elsewhere: the import stays.
package keepimport

import "runtime"

func main() {
	runtime.GOMAXPROCS(runtime.NumCPU())        // want `sets GOMAXPROCS by hand`
	old := runtime.GOMAXPROCS(runtime.NumCPU()) // want `sets GOMAXPROCS by hand`
	runtime.GOMAXPROCS(2 * runtime.NumCPU())    // want `sets GOMAXPROCS by hand`
	_ = old
}
