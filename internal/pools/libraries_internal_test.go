package pools

import "testing"

// tableName names only functions of tablePackages: a table key whose package is
// missing from it would never match.
func TestTablePackages(t *testing.T) {
	for path, want := range map[string]bool{
		"sync": true, "golang.org/x/sync/errgroup": true, "golang.org/x/sync/semaphore": true,
		"github.com/panjf2000/ants/v2": true, "github.com/sourcegraph/conc/pool": true,
		"github.com/sourcegraph/conc": true, "github.com/minio/pkg/v3/sync/errgroup": true,
		"github.com/panjf2000": false, "golang.org/x/sync": false, "sync/atomic": false,
	} {
		if tablePackages[path] != want {
			t.Errorf("tablePackages[%q] = %v, want %v", path, !want, want)
		}
	}
}
