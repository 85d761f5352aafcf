// Command concurlint finds Go code whose concurrency structure contradicts
// the work it runs. Run it standalone (concurlint ./...), as a vet tool
// (go vet -vettool=$(command -v concurlint) ./...), or ask for an
// analyzer's documentation (concurlint help NAME). concurlint confirm
// measures the findings in an execution trace of a real run.
package main

import (
	"os"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/concurlint/concurlint/analyzers"
	"github.com/concurlint/concurlint/internal/confirm"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "confirm" {
		os.Exit(confirm.Main(analyzers.All(), os.Args[2:], os.Stdout, os.Stderr))
	}
	multichecker.Main(analyzers.All()...)
}
