// Command concurlint finds Go code whose concurrency structure contradicts
// the work it runs. Run it standalone (concurlint ./...), which runs go vet
// with concurlint as its tool, or as a vet tool yourself
// (go vet -vettool=$(command -v concurlint) ./...), or ask for an
// analyzer's or a subcommand's documentation (concurlint help NAME).
// concurlint confirm measures the findings in an execution trace of a real
// run; concurlint sarif writes them as SARIF 2.1.0, for code scanning.
//
// This package is the one front-end of every subcommand: it owns the
// command line (the flags shared by all, each subcommand's own), the help,
// the text output and the progress line; internal/sarif and
// internal/confirm are libraries that declare their flags on its FlagSet.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"strings"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/report"
	_ "github.com/concurlint/concurlint/internal/startup" // no memory-profile sampling, from the first initializer on
)

func main() {
	args := os.Args[1:]
	// The analyzers as the vet tool runs them: each wrapped to check its
	// ignore comments, and the ignores analyzer.
	tool := report.Tool(analyzers.All())
	if isVetProtocol(args) {
		if versionFlag(args) {
			os.Exit(printVetVersion(os.Stdout))
		}
		tuneGC()
		if factsOnly(args) {
			tool = report.Tool(analyzers.FactsOnly())
		}
		multichecker.Main(tool...)
	}
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "concurlint: finding its own executable, to run it under go vet: %v\n", err)
		os.Exit(exitError)
	}
	os.Exit(execute(exe, tool, args, os.Stdout, os.Stderr))
}

// isVetProtocol reports whether go vet is calling concurlint as its tool:
// to ask its version or flags, or to analyse the package a .cfg describes.
func isVetProtocol(args []string) bool {
	return versionFlag(args) || len(args) > 0 && (args[0] == "-flags" ||
		strings.HasSuffix(args[len(args)-1], ".cfg"))
}

// factsOnly reports whether go vet asks for a package's facts only (a
// dependency of the packages named, whose findings it drops): the last
// argument is the package's .cfg file, with VetxOnly set. A file that
// cannot be read is left for unitchecker to report.
func factsOnly(args []string) bool {
	if !strings.HasSuffix(args[len(args)-1], ".cfg") {
		return false
	}
	data, err := os.ReadFile(args[len(args)-1])
	var cfg struct{ VetxOnly bool }
	return err == nil && json.Unmarshal(data, &cfg) == nil && cfg.VetxOnly
}

// versionFlag reports whether args ask the version as go vet does (-V or
// -V=full, alone).
func versionFlag(args []string) bool {
	return len(args) == 1 && (args[0] == "-V" || strings.HasPrefix(args[0], "-V="))
}

// tuneGC trades memory for time in the short-lived processes go vet runs,
// one per package: a collection every 4× growth of the heap, not 2×, but
// more often near 1.5 GiB. The largest packages live near 1 GiB (nats-server's
// server package with its tests): under a 1 GiB limit they collected all the
// time (a quarter more CPU). GOGC and GOMEMLIMIT, when set, decide instead.
func tuneGC() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(300)
		debug.SetMemoryLimit(3 << 29)
	}
}
