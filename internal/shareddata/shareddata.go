// Package shareddata locates the real public data sets kept beside the
// repository in ../shared/data, for tests and benchmarks. The data is never
// copied into the repository.
package shareddata

import (
	"os"
	"path/filepath"
	"testing"
)

// RequireEnv names the variable that turns a missing ../shared into a test
// failure instead of a skip; .ci/run sets it.
const RequireEnv = "STAFFCAST_REQUIRE_SHARED"

// Path returns the path of rel (like "bank2003/history_5min.csv") under
// ../shared/data, found from the module root. When the file is absent the
// test is skipped, or fails when STAFFCAST_REQUIRE_SHARED=1.
func Path(tb testing.TB, rel string) string {
	tb.Helper()
	root, err := moduleRoot()
	if err == nil {
		p := filepath.Join(root, "..", "shared", "data", filepath.FromSlash(rel))
		if _, err = os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv(RequireEnv) == "1" {
		tb.Fatalf("shared data %s is required (%s=1) but not found: %v", rel, RequireEnv, err)
	}
	tb.Skipf("shared data %s not found (%v); skipping", rel, err)
	return ""
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
