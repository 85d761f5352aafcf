// Package startup sets up the process before the other packages'
// initializers run; the command imports it for that effect alone.
//
// It turns off the sampling of allocations for a memory profile: the
// binary links runtime/pprof (for go vet's -cpuprofile flag), which turns
// sampling on, and nothing in concurlint asks for a memory profile. go vet
// starts one process per package, and the first sample of each, taken in
// the initializers (github.com/google/pprof/profile's regular expressions
// alone allocate 150 KB), unwinds the stack and allocates the profile's
// tables. Go initializes packages in the order of their import paths as
// soon as their imports are, and this one imports only runtime, so it
// runs before the packages that allocate.
package startup

import "runtime"

func init() {
	runtime.MemProfileRate = 0
}
