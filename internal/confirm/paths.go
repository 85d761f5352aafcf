package confirm

import (
	"fmt"
	"path/filepath"
	"strings"

	"golang.org/x/tools/go/packages"
)

// localFiles are the analysed packages' files, and the path prefixes that
// another build of them may have recorded instead of their directory.
type localFiles struct {
	files  map[string]bool
	byBase map[string][]string
	// modules maps a module path to its directory: a -trimpath build
	// names files "modulepath/dir/file.go".
	modules map[string]string
}

// analysedFiles lists the Go files of the packages that match patterns,
// test files included (a trace of this module's tests is no foreign trace,
// even with -test=false), with go list (through go/packages), from dir.
func analysedFiles(dir string, patterns []string) (*localFiles, error) {
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedFiles | packages.NeedModule, Dir: dir, Tests: true}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, err
	}
	lf := &localFiles{files: map[string]bool{}, byBase: map[string][]string{}, modules: map[string]string{}}
	for _, p := range pkgs {
		for _, f := range append(p.GoFiles, p.OtherFiles...) {
			if !lf.files[f] {
				lf.files[f] = true
				lf.byBase[filepath.Base(f)] = append(lf.byBase[filepath.Base(f)], f)
			}
		}
		if p.Module != nil && p.Module.Dir != "" {
			lf.modules[p.Module.Path] = p.Module.Dir
		}
	}
	return lf, nil
}

// A prefixMap rewrites paths recorded by another build: From (a module
// path, or another checkout's directory) becomes To. The zero prefixMap
// rewrites nothing.
type prefixMap struct{ From, To string }

func (m prefixMap) apply(path string) string {
	if m.From == "" {
		return path
	}
	if rest, ok := strings.CutPrefix(path, m.From); ok {
		return m.To + rest
	}
	return path
}

// applyAll rewrites every occurrence of the prefix in a text such as a
// site's "pkg.F /dir/file.go:12".
func (m prefixMap) applyAll(s string) string {
	if m.From == "" {
		return s
	}
	return strings.ReplaceAll(s, " "+m.From, " "+m.To)
}

// reconcile finds how the recorded file paths name the analysed files:
// as they are, or after replacing a prefix (a -trimpath build names them by
// module path, another checkout by its own directory). It returns the
// rewriting that matches the most recorded files, and how many it matches.
func (lf *localFiles) reconcile(files []string) (prefixMap, int) {
	seen := map[string]bool{}
	var recorded []string
	for _, f := range files {
		if !seen[f] {
			seen[f] = true
			recorded = append(recorded, f)
		}
	}
	exact := 0
	for _, r := range recorded {
		if lf.files[r] {
			exact++
		}
	}
	if exact > 0 {
		return prefixMap{}, exact
	}
	candidates := map[prefixMap]bool{}
	for path, dir := range lf.modules {
		candidates[prefixMap{From: path + "/", To: dir + string(filepath.Separator)}] = true
	}
	// A prefix is shared by all the files of a build: a few of them
	// propose the candidates, all of them vote.
	for _, r := range recorded[:min(len(recorded), maxProposers)] {
		for _, l := range lf.byBase[filepath.Base(r)] {
			if m, ok := commonSuffix(r, l); ok {
				candidates[m] = true
			}
		}
	}
	var best prefixMap
	most := 0
	for m := range candidates {
		n := 0
		for _, r := range recorded {
			if lf.files[m.apply(r)] {
				n++
			}
		}
		if n > most || n == most && n > 0 && moreSpecific(m, best) {
			best, most = m, n
		}
	}
	return best, most
}

const maxProposers = 64

// moreSpecific breaks ties between rewritings that match as many files:
// the longer prefix ("example.com/app/" rather than "example.com/"), then
// the first in order, so that the note names the module or checkout.
func moreSpecific(a, b prefixMap) bool {
	if len(a.From) != len(b.From) {
		return len(a.From) > len(b.From)
	}
	return a.From < b.From
}

// commonSuffix returns the rewriting of recorded into local when they end
// with the same directory and file name at least: "/ci/src/app/x/main.go"
// and "/home/me/app/x/main.go" give "/ci/src/" → "/home/me/".
func commonSuffix(recorded, local string) (prefixMap, bool) {
	r, l := strings.Split(recorded, "/"), strings.Split(filepath.ToSlash(local), "/")
	k := 0
	for k < len(r) && k < len(l) && r[len(r)-1-k] == l[len(l)-1-k] {
		k++
	}
	if k < 2 || k == len(r) {
		return prefixMap{}, false
	}
	from := strings.Join(r[:len(r)-k], "/") + "/"
	to := strings.Join(l[:len(l)-k], "/") + "/"
	return prefixMap{From: from, To: filepath.FromSlash(to)}, true
}

// matchPaths checks that the trace and the leak profile recorded the
// analysed code, and rewrites their paths when they name it with another
// prefix, noting which.
func (r *Report) matchPaths(local *localFiles) error {
	if r.Stats != nil {
		var files []string
		for _, s := range r.Stats.Sites {
			files = append(files, s.File)
		}
		m, n := local.reconcile(files)
		if n == 0 {
			return fmt.Errorf("trace %s: the trace ran none of the analysed code: was it recorded from this module?", r.Trace)
		}
		for _, s := range r.Stats.Sites {
			s.File, s.Posn = m.apply(s.File), m.apply(s.Posn)
			for i := range s.BlockedAtEnd {
				s.BlockedAtEnd[i].Where = m.applyAll(s.BlockedAtEnd[i].Where)
			}
		}
		r.notePrefix("trace", m)
	}
	if r.Leaks != nil && len(r.Leaks.Leaks) > 0 {
		var files []string
		for _, l := range r.Leaks.Leaks {
			files = append(files, l.Start.File, l.Blocked.File)
			if l.CreatedBy.File != "" {
				files = append(files, l.CreatedBy.File)
			}
		}
		m, n := local.reconcile(files)
		if n == 0 {
			return fmt.Errorf("leak profile %s: none of its goroutines ran the analysed code: was it recorded from this module?", r.LeakFile)
		}
		for _, l := range r.Leaks.Leaks {
			l.Start.File, l.Blocked.File = m.apply(l.Start.File), m.apply(l.Blocked.File)
			l.CreatedBy.File = m.apply(l.CreatedBy.File)
		}
		r.notePrefix("leak profile", m)
	}
	return nil
}

func (r *Report) notePrefix(input string, m prefixMap) {
	if m.From != "" {
		r.PathNotes = append(r.PathNotes, fmt.Sprintf("the %s's paths matched the analysed files after replacing the prefix %q with %q (a -trimpath build, or another checkout)", input, m.From, m.To))
	}
}
