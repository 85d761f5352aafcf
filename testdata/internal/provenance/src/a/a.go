package a

import (
	"flag"
	"os"
	"runtime"
	"strconv"
)

func size(n int) {}

const workers = 8

var cpus = runtime.NumCPU()

var flagWorkers = flag.Int("workers", runtime.NumCPU(), "")

type options struct{ parallelism int }

type Config struct {
	Workers int `yaml:"workers"`
}

func newOptions() options { return options{parallelism: 2 * runtime.NumCPU()} }

func half() int { return runtime.NumCPU() / 2 }

func cases(cfg Config, n int) {
	size(workers)     // want `constant 8`
	size(workers * 4) // want `constant 32`
	local := 3
	local *= 2
	size(local)                        // want `constant 6`
	size(runtime.NumCPU())             // want `cpu factor 1 offset 0 from runtime.NumCPU\(\) cpusized=true`
	size(runtime.GOMAXPROCS(0))        // want `cpu factor 1 offset 0 from runtime.GOMAXPROCS\(0\) cpusized=true`
	size(cpus)                         // want `cpu factor 1 offset 0`
	size(cpus * 4)                     // want `cpu factor 4 offset 0 from runtime.NumCPU\(\)×4 cpusized=false`
	size(max(1, runtime.NumCPU()/2))   // want `cpu factor 0.5 offset 0 from max\(1, runtime.NumCPU\(\)/2\) cpusized=true`
	size(runtime.NumCPU() + 1)         // want `cpu factor 1 offset 1 .* cpusized=true`
	size(runtime.NumCPU() + 100)       // want `cpu factor 1 offset 100 .* cpusized=false`
	size(half())                       // want `cpu factor 0.5`
	size(newOptions().parallelism)     // want `cpu factor 2 offset 0 .* cpusized=true`
	size(int(int64(runtime.NumCPU()))) // want `cpu factor 1`
	size(*flagWorkers)                 // want `config: flag.Int\(\)`
	size(cfg.Workers)                  // want `config: field Workers with a yaml tag`
	v, _ := strconv.Atoi(os.Getenv("N"))
	size(v) // want `config: strconv.Atoi\(\)`
	fromEnv := runtime.NumCPU()
	if s := os.Getenv("N"); s != "" {
		fromEnv, _ = strconv.Atoi(s)
	}
	size(fromEnv) // want `config`
	capped := runtime.NumCPU()
	if capped > 16 {
		capped = 16
	}
	size(capped)                              // want `cpu factor 1`
	size(n)                                   // want `param 1`
	size(len(os.Args))                        // want `unknown`
	size(runtime.NumCPU() * runtime.NumCPU()) // want `unknown`
}
