// Package analyzers lists concurlint's analyzers, for the drivers: the
// command, the golangci-lint plugin and the runtime companion.
package analyzers

import (
	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/analyzers/cpupoolio"
	"github.com/concurlint/concurlint/analyzers/poolsize"
	"github.com/concurlint/concurlint/analyzers/unawaited"
	"github.com/concurlint/concurlint/analyzers/unboundedgo"
)

// All returns every concurlint analyzer, in the order of the documentation.
func All() []*analysis.Analyzer {
	return []*analysis.Analyzer{
		cpupoolio.Analyzer,
		unboundedgo.Analyzer,
		poolsize.Analyzer,
		unawaited.Analyzer,
	}
}
