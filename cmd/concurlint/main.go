// Command concurlint finds Go code whose concurrency structure contradicts
// the work it runs. Run it standalone (concurlint ./...), which runs go vet
// with concurlint as its tool, or as a vet tool yourself
// (go vet -vettool=$(command -v concurlint) ./...), or ask for an
// analyzer's documentation (concurlint help NAME). concurlint confirm
// measures the findings in an execution trace of a real run; concurlint
// sarif writes them as SARIF 2.1.0, for code scanning.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/confirm"
	"github.com/concurlint/concurlint/internal/sarif"
)

func main() {
	args := os.Args[1:]
	if isVetProtocol(args) {
		tuneGC()
		multichecker.Main(analyzers.All()...)
	}
	if len(args) > 0 && args[0] == "help" {
		multichecker.Main(analyzers.All()...)
	}
	tool, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "concurlint: finding its own executable, to run it under go vet: %v\n", err)
		os.Exit(exitError)
	}
	if len(args) > 0 {
		switch args[0] {
		case "confirm":
			os.Exit(confirm.Main(tool, analyzers.All(), args[1:], os.Stdout, os.Stderr))
		case "sarif":
			os.Exit(sarif.Main(tool, analyzers.All(), args[1:], os.Stdout, os.Stderr))
		}
	}
	os.Exit(standalone(tool, analyzers.All(), args, os.Stdout, os.Stderr))
}

// tuneGC trades memory for time in the short-lived processes go vet runs,
// one per package: a collection every 4× growth of the heap, not 2×, but
// more often near 1 GiB. GOGC and GOMEMLIMIT, when set, decide instead.
func tuneGC() {
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		debug.SetGCPercent(300)
		debug.SetMemoryLimit(1 << 30)
	}
}
