package main

import (
	"slices"
	"testing"
)

// The critical path follows the slowest chain, not the slowest package:
// runtime is slow, but the chain through net/http is longer.
func TestCritical(t *testing.T) {
	walls := map[string]float64{"app": 0.5, "net/http": 0.8, "crypto/tls": 0.4, "io": 0.1, "runtime": 1.0, "big": 2.0}
	imports := map[string][]string{
		"app":        {"net/http", "big"},
		"net/http":   {"crypto/tls", "io"},
		"crypto/tls": {"io"},
		"io":         {"runtime"},
		"runtime":    nil,
		"big":        nil,
	}
	total, chain := critical(walls, imports)
	want := []string{"app", "net/http", "crypto/tls", "io", "runtime"}
	if total < 2.8-1e-9 || total > 2.8+1e-9 || !slices.Equal(chain, want) {
		t.Errorf("critical = %.2f %v, want 2.80 %v", total, chain, want)
	}
}
