// Command golangci-lint is golangci-lint v2 with concurlint's module plugin
// built in: the binary that `golangci-lint custom` would build from the
// repository's .custom-gcl.yml, built here without cloning golangci-lint
// (the integration test, .ci/integration-golangci, uses it).
package main

import (
	"fmt"
	"os"

	"github.com/golangci/golangci-lint/v2/pkg/commands"
	"github.com/golangci/golangci-lint/v2/pkg/exitcodes"

	_ "github.com/concurlint/concurlint/plugin/golangci"
)

func main() {
	info := commands.BuildInfo{Version: "2.15.0-concurlint", Commit: "?", Date: "(unknown)", GoVersion: "unknown"}
	if err := commands.Execute(info); err != nil {
		fmt.Fprintf(os.Stderr, "The command is terminated due to an error: %v\n", err)
		os.Exit(exitcodes.Failure)
	}
}
