// Package usehelper calls a pool helper of another package.
package usehelper

import (
	"net/http"
	"runtime"

	"parallel"
)

func fetch(u string) { http.Get(u) }

func crunch(s string) { _ = len(s) }

func all(urls []string) {
	parallel.ForEach(runtime.NumCPU(), urls, fetch) // want `a pool helper running runtime.NumCPU\(\) workers, sized to the CPU count \(runtime.NumCPU\(\)\), blocks on HTTP requests: fetch → http.Get`
	parallel.ForEach(runtime.NumCPU(), urls, crunch)
	parallel.ForEach(64, urls, fetch)
}
