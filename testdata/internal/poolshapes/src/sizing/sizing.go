// Package sizing sizes pools for the pool-shape fixtures of every
// analyzer: its callers see the sizes through a fact.
package sizing

import "runtime"

// Workers is one worker per core.
func Workers() int { return runtime.NumCPU() }

// Oversized is more workers than the cores can run.
func Oversized() int { return 16 * runtime.GOMAXPROCS(0) }
