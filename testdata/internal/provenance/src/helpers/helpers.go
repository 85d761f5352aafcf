// Package helpers sizes pools for package a, which sees the sizes of its
// helpers through facts.
package helpers

import (
	"os"
	"runtime"
	"strconv"
)

func Workers() int { return runtime.NumCPU() } // want Workers:`returns runtime.NumCPU\(\)`

func Many() int { return 4 * runtime.GOMAXPROCS(0) } // want Many:`returns runtime.GOMAXPROCS\(0\)×4`

func Fixed() (int, error) { return 64, nil } // want Fixed:`returns the constant 64`

// Not facts: configuration, a parameter, a result that is not an integer.
func FromEnv() int { n, _ := strconv.Atoi(os.Getenv("N")); return n }

func Scale(n int) int { return n }

func Name() string { return "n" }
