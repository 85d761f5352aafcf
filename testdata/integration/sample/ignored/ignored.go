// Package ignored has the shapes of leak and files, each under an ignore
// comment: no path reports them.
package ignored

import (
	"runtime"

	"example.com/sample/store"
)

func work(s string) int { return len(s) }

// Parse leaks like leak.Parse; the comment on the line above silences it.
func Parse(s string) int {
	ch := make(chan int)
	//concurlint:ignore unawaited the integration test checks this is silent
	go func() { ch <- work(s) }()
	if s == "" {
		return 0
	}
	return <-ch
}

// LoadAll is files.LoadAll; the comment on the reported line silences it.
func LoadAll(paths chan string, out chan []byte) {
	for range runtime.NumCPU() {
		go func() { //concurlint:ignore cpupoolio the integration test checks this is silent
			for p := range paths {
				out <- store.Load(p)
			}
		}()
	}
}
