package tracestats

import "strings"

// PoolLibraries lists the packages (and, by prefix, their subpackages) whose
// frames are skipped, like the standard library's, when looking for the user
// frame that created a goroutine: a goroutine started by errgroup's Go or by
// an ants pool belongs to the user's call of Go or Submit.
var PoolLibraries = []string{
	"golang.org/x/sync/errgroup",
	"golang.org/x/sync/semaphore",
	"github.com/sourcegraph/conc",
	"github.com/panjf2000/ants",
	"github.com/alitto/pond",
	"github.com/gammazero/workerpool",
	"github.com/Jeffail/tunny",
	"github.com/minio/pkg/v3/sync/errgroup",
	"github.com/minio/pkg/v2/sync/errgroup",
}

// pkgPath returns the import path of the package of a function as a stack
// frame names it: "net/http" for "net/http.(*Client).Do", "main" for
// "main.main.func1".
func pkgPath(fn string) string {
	slash := strings.LastIndex(fn, "/")
	dot := strings.Index(fn[slash+1:], ".")
	if dot < 0 {
		return fn
	}
	return fn[:slash+1+dot]
}

// isStd reports whether a frame belongs to the standard library. The import
// path decides (no dot in its first element, and not main); for module paths
// without a dot the file must also lie in a GOROOT-like tree.
func isStd(fn, file string) bool {
	pkg := pkgPath(fn)
	if pkg == "main" || pkg == "" {
		return false
	}
	first, _, _ := strings.Cut(pkg, "/")
	if strings.Contains(first, ".") {
		return false
	}
	return file == "" || strings.Contains(file, "/src/"+pkg+"/") || strings.HasPrefix(file, pkg+"/")
}

// Skipped reports whether a frame is part of the machinery between a user's
// call and the go statement that ran: the standard library or a pool library.
func (o *Options) Skipped(fn, file string) bool {
	if isStd(fn, file) {
		return true
	}
	pkg := pkgPath(fn)
	for _, lists := range [2][]string{PoolLibraries, o.Skip} {
		for _, p := range lists {
			if pkg == p || strings.HasPrefix(pkg, p+"/") {
				return true
			}
		}
	}
	return false
}

// requestEntries are the functions that serve one connection or request in
// servers of the standard library; goroutines that start in them count as
// requests in flight.
var requestEntries = map[string]bool{
	"net/http.(*conn).serve":                          true,
	"net/http.(*http2serverConn).runHandler":          true,
	"golang.org/x/net/http2.(*serverConn).runHandler": true,
}

// runtimeInternal are the packages whose goroutines are the runtime's own:
// a goroutine whose creation stack starts in one of them (the GC's workers,
// the tracer's) belongs to no site, even when a user call led to it.
var runtimeInternal = map[string]bool{
	"runtime":       true,
	"runtime/trace": true,
}
