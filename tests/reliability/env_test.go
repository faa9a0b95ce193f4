//go:build reliability

package reliability

import (
	"flag"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The campaigns' knobs: -seed replays a run (its seed is logged), -soak runs the long forms.
// RELIABILITY_SEED and RELIABILITY_SOAK=1 do the same from make.
var (
	seedFlag = flag.Int64("seed", 0, "seed of the campaigns' random choices (0: from RELIABILITY_SEED or the clock)")
	soakFlag = flag.Bool("soak", false, "run the long forms of the campaigns (also RELIABILITY_SOAK=1)")
)

func soak() bool { return *soakFlag || os.Getenv("RELIABILITY_SOAK") == "1" }

// pick returns quick in the quick form and long under -soak.
func pick(quick, long int) int {
	if soak() {
		return long
	}
	return quick
}

// newRand returns the test's generator, logging its seed so that a failure can be replayed.
func newRand(t *testing.T) *rand.Rand {
	seed := *seedFlag
	if seed == 0 {
		if s, err := strconv.ParseInt(os.Getenv("RELIABILITY_SEED"), 10, 64); err == nil {
			seed = s
		}
	}
	if seed == 0 {
		seed = time.Now().UnixNano() % 1_000_000_007
	}
	t.Logf("seed %d (replay: go test ./tests/reliability -run '^%s$' -args -seed %d)", seed, t.Name(), seed)
	return rand.New(rand.NewSource(seed))
}

// bins are the shipped artefacts the campaigns drive.
type bins struct {
	root, ossemu, cli, lib, libDir string
}

// needBins finds build/ from the repository root and fails, not skips, when an artefact is
// missing: a campaign that silently did not run proves nothing.
func needBins(t *testing.T) bins {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	root := wd
	for {
		if data, err := os.ReadFile(filepath.Join(root, "go.mod")); err == nil &&
			strings.Contains(string(data), "module github.com/ossresume/ossresume\n") {
			break
		}
		parent := filepath.Dir(root)
		if parent == root {
			t.Fatalf("no repository root above %s", wd)
		}
		root = parent
	}
	// RELIABILITY_BUILD names another build directory (make passes its BUILD), relative to the
	// repository root or absolute.
	build := filepath.Join(root, "build")
	if d := os.Getenv("RELIABILITY_BUILD"); d != "" {
		build = d
		if !filepath.IsAbs(d) {
			build = filepath.Join(root, d)
		}
	}
	b := bins{root: root, ossemu: filepath.Join(build, "bin/ossemu"),
		cli: filepath.Join(build, "bin/oss-upload"), libDir: build}
	b.lib = filepath.Join(b.libDir, "libossresume.so")
	for _, p := range []string{b.ossemu, b.cli, b.lib} {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("%s is missing: run `make lib cli ossemu` first (make test-reliability does)", p)
		}
	}
	return b
}
