package main

import (
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"runtime"

	"github.com/concurlint/concurlint/internal/version"
)

// printVersion prints what `concurlint version` says: the version, and the
// Go release and platform it was built for.
func printVersion(w io.Writer) int {
	fmt.Fprintf(w, "concurlint %s %s %s/%s\n", version.Version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return exitClean
}

// printVetVersion answers go vet's -V=full: "concurlint version VERSION
// buildID=HASH". go vet keys its cache of the tool's results on this line
// (on the build ID alone for a "devel" version), so the hash of the
// executable keeps two builds of one version apart.
func printVetVersion(w io.Writer) int {
	exe, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "concurlint: %v\n", err)
		return exitError
	}
	f, err := os.Open(exe)
	if err != nil {
		fmt.Fprintf(os.Stderr, "concurlint: %v\n", err)
		return exitError
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		fmt.Fprintf(os.Stderr, "concurlint: %v\n", err)
		return exitError
	}
	fmt.Fprintf(w, "concurlint version %s buildID=%x\n", version.Version(), h.Sum(nil))
	return exitClean
}
