// Command concurlint finds Go code whose concurrency structure contradicts
// the work it runs. Run it standalone (concurlint ./...), as a vet tool
// (go vet -vettool=$(command -v concurlint) ./...), or ask for an
// analyzer's documentation (concurlint help NAME).
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/concurlint/concurlint/analyzers"
)

func main() {
	multichecker.Main(analyzers.All()...)
}
