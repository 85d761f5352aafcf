// Package golangci registers concurlint as a golangci-lint v2 module plugin
// named "concurlint". Build a golangci-lint binary that includes it with
// `golangci-lint custom` and the repository's .custom-gcl.yml, then enable it
// in .golangci.yml:
//
//	linters:
//	  enable: [concurlint]
//	  settings:
//	    custom:
//	      concurlint:
//	        type: module
//	        settings:
//	          disable: [unawaited]     # or enable: [cpupoolio, ...]; default: all
//	          cpupoolio:               # an analyzer's flags, as in -cpupoolio.fileio
//	            fileio: false
//	            blocking: [example.com/db.Query]
//
// Keys are matched without regard to case, '-' or '_', since golangci-lint
// lower-cases them.
package golangci

import (
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/concurlint/concurlint/analyzers"
)

func init() {
	register.Plugin("concurlint", New)
}

// Settings is the plugin's configuration: which analyzers run, and the
// flags of each, by analyzer name.
type Settings struct {
	Enable  []string                  // analyzers to run; empty means all
	Disable []string                  // analyzers not to run
	Flags   map[string]map[string]any // analyzer name → flag name → value
}

// Plugin is the golangci-lint plugin.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

// New decodes the settings, sets the analyzers' flags and selects the
// analyzers. Unknown analyzers, flags or keys are errors.
func New(raw any) (register.LinterPlugin, error) {
	s, err := DecodeSettings(raw)
	if err != nil {
		return nil, err
	}
	all := analyzers.All()
	byName := map[string]*analysis.Analyzer{}
	for _, a := range all {
		byName[a.Name] = a
	}
	for _, name := range slices.Concat(s.Enable, s.Disable) {
		if byName[name] == nil {
			return nil, fmt.Errorf("concurlint: unknown analyzer %q (have %s)", name, names(all))
		}
	}
	for name, flags := range s.Flags {
		if err := setFlags(byName[name], flags); err != nil {
			return nil, err
		}
	}
	deps := dependenciesOfRun(analyzers.FactsOnly())
	var on []*analysis.Analyzer
	for _, a := range all {
		if (len(s.Enable) == 0 || slices.Contains(s.Enable, a.Name)) && !slices.Contains(s.Disable, a.Name) {
			on = append(on, foldRelated(deps.factsOnly(a)))
		}
	}
	return &Plugin{analyzers: on}, nil
}

// foldRelated returns a copy of a whose diagnostics carry their related
// information in the message, as "(see file.go:12: why; ...)":
// golangci-lint makes an issue of each related position (one finding would
// count as four), and its issues have one position each.
func foldRelated(a *analysis.Analyzer) *analysis.Analyzer {
	w := *a
	w.Run = func(pass *analysis.Pass) (any, error) {
		sub := *pass
		sub.Report = func(d analysis.Diagnostic) {
			if len(d.Related) > 0 {
				var notes []string
				for _, r := range d.Related {
					p := pass.Fset.Position(r.Pos)
					notes = append(notes, fmt.Sprintf("%s:%d: %s", filepath.Base(p.Filename), p.Line, r.Message))
				}
				d.Message += " (see " + strings.Join(notes, "; ") + ")"
				d.Related = nil
			}
			pass.Report(d)
		}
		return a.Run(&sub)
	}
	return &w
}

// BuildAnalyzers returns the selected analyzers.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) { return p.analyzers, nil }

// GetLoadMode asks for type information: the analyzers need types and facts.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }

// DecodeSettings reads the settings that golangci-lint passes (a map decoded
// from YAML, keys lower-cased): "enable" and "disable" lists, and one map of
// flags per analyzer name.
func DecodeSettings(raw any) (Settings, error) {
	var s Settings
	if raw == nil {
		return s, nil
	}
	data, err := json.Marshal(raw)
	if err != nil {
		return s, fmt.Errorf("concurlint: settings: %v", err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return s, fmt.Errorf("concurlint: settings must be a map: %v", err)
	}
	known := map[string]string{} // normalised analyzer name → name
	for _, a := range analyzers.All() {
		known[normal(a.Name)] = a.Name
	}
	for key, value := range top {
		switch k := normal(key); {
		case k == "enable" || k == "disable":
			var list []string
			if err := json.Unmarshal(value, &list); err != nil {
				return s, fmt.Errorf("concurlint: settings %q: want a list of analyzer names: %v", key, err)
			}
			for i := range list {
				if n, ok := known[normal(list[i])]; ok {
					list[i] = n
				}
			}
			if k == "enable" {
				s.Enable = list
			} else {
				s.Disable = list
			}
		case known[k] != "":
			var flags map[string]any
			if err := json.Unmarshal(value, &flags); err != nil {
				return s, fmt.Errorf("concurlint: settings %q: want a map of the analyzer's flags: %v", key, err)
			}
			if s.Flags == nil {
				s.Flags = map[string]map[string]any{}
			}
			s.Flags[known[k]] = flags
		default:
			return s, fmt.Errorf("concurlint: unknown setting %q (have enable, disable and the analyzers %s)", key, names(analyzers.All()))
		}
	}
	return s, nil
}

// setFlags sets flags of a through its FlagSet, as -NAME.flag=value would.
// A list value is joined with commas.
func setFlags(a *analysis.Analyzer, flags map[string]any) error {
	byNormal := map[string]string{}
	var have []string
	a.Flags.VisitAll(func(f *flag.Flag) {
		byNormal[normal(f.Name)] = f.Name
		have = append(have, f.Name)
	})
	keys := make([]string, 0, len(flags))
	for k := range flags {
		keys = append(keys, k)
	}
	sort.Strings(keys) // deterministic errors
	for _, key := range keys {
		name, ok := byNormal[normal(key)]
		if !ok {
			return fmt.Errorf("concurlint: analyzer %s has no option %q (have %s)", a.Name, key, strings.Join(have, ", "))
		}
		if err := a.Flags.Set(name, flagValue(flags[key])); err != nil {
			return fmt.Errorf("concurlint: %s.%s: %v", a.Name, name, err)
		}
	}
	return nil
}

func flagValue(v any) string {
	switch v := v.(type) {
	case []any:
		parts := make([]string, len(v))
		for i, e := range v {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, ",")
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}

// normal folds a key the way golangci-lint users may spell it: any case,
// kebab-case or snake_case.
func normal(s string) string {
	return strings.NewReplacer("-", "", "_", "").Replace(strings.ToLower(s))
}

func names(as []*analysis.Analyzer) string {
	n := make([]string, len(as))
	for i, a := range as {
		n[i] = a.Name
	}
	return strings.Join(n, ", ")
}
