// Package vettooltest lets a test binary serve as the vet tool that the
// code under test hands to go vet, so that tests of the commands that run
// go vet need no separately built concurlint.
package vettooltest

import (
	"os"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
)

const env = "CONCURLINT_TEST_AS_VETTOOL"

// Main is a TestMain: when go vet runs the test binary as its tool, it
// acts as one with the analyzers; otherwise it runs the tests (m is a
// *testing.M, or one wrapped to clean up after).
func Main(m interface{ Run() int }, analyzers ...*analysis.Analyzer) {
	if os.Getenv(env) == "1" {
		multichecker.Main(analyzers...)
	}
	if err := os.Setenv(env, "1"); err != nil { // for go vet's children only
		panic(err)
	}
	os.Exit(m.Run())
}

// Tool is the path of the test binary, for go vet's -vettool.
func Tool() string {
	tool, err := os.Executable()
	if err != nil {
		panic(err)
	}
	return tool
}
