package vetdriver

import (
	"flag"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// A Selection is the analyzer flags of a command line: -NAME to select
// analyzers, -NAME.flag for each analyzer's own flags, as go vet and x/tools'
// drivers have them.
type Selection struct {
	fs      *flag.FlagSet
	all     []*analysis.Analyzer
	enabled map[*analysis.Analyzer]*bool
	own     map[string]bool // the flags added here, by name
}

// AddFlags adds the analyzer flags to fs. The analyzers' own flags are
// parsed (and their values checked) in this process.
func AddFlags(fs *flag.FlagSet, all []*analysis.Analyzer) *Selection {
	s := &Selection{fs: fs, all: all, enabled: map[*analysis.Analyzer]*bool{}, own: map[string]bool{}}
	for _, a := range all {
		title, _, _ := strings.Cut(a.Doc, "\n")
		s.enabled[a] = fs.Bool(a.Name, false, "enable "+a.Name+" (giving any -NAME runs only those): "+title)
		s.own[a.Name] = true
		a.Flags.VisitAll(func(f *flag.Flag) {
			name := a.Name + "." + f.Name
			fs.Var(f.Value, name, f.Usage)
			s.own[name] = true
		})
	}
	return s
}

// Analyzers returns, after parsing, the selected analyzers: those enabled
// with -NAME, or, when none is, all but those disabled with -NAME=false.
func (s *Selection) Analyzers() []*analysis.Analyzer {
	set := map[string]bool{}
	s.fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var on, notOff []*analysis.Analyzer
	for _, a := range s.all {
		if set[a.Name] && *s.enabled[a] {
			on = append(on, a)
		}
		if !set[a.Name] || *s.enabled[a] {
			notOff = append(notOff, a)
		}
	}
	if len(on) > 0 {
		return on
	}
	return notOff
}

// VetFlags returns, after parsing, the analyzer flags that were set, as
// arguments for go vet, which hands them to each of its processes.
func (s *Selection) VetFlags() []string {
	var args []string
	s.fs.Visit(func(f *flag.Flag) {
		if s.own[f.Name] {
			args = append(args, "-"+f.Name+"="+f.Value.String())
		}
	})
	return args
}

// Analyzer returns the analyzer of the selection named name, or nil.
func (s *Selection) Analyzer(name string) *analysis.Analyzer {
	for _, a := range s.all {
		if a.Name == name {
			return a
		}
	}
	return nil
}
