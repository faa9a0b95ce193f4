//go:build reliability

package reliability

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// asanLibrary builds the shared library with its C half instrumented by AddressSanitizer into
// dir, through the one recipe (scripts/build-lib.sh --asan) that tests/c's CMake build uses
// too, so that a bad call that corrupts memory inside the library is caught too, not only in
// the calling program.
func asanLibrary(t *testing.T, b bins) string {
	t.Helper()
	dir := t.TempDir()
	cmd := exec.Command("bash", filepath.Join(b.root, "scripts/build-lib.sh"), "--asan", dir)
	cmd.Dir = b.root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the AddressSanitizer library: %v\n%s", err, out)
	}
	return dir
}

// TestBadInput runs the bad-call table of c/badinput.c (C SDK-compatible API and native API,
// under AddressSanitizer) against a fault-free ossemu: every case returns its documented
// status and message, and the input-only cases send nothing at all.
func TestBadInput(t *testing.T) {
	b := needBins(t)
	libDir := asanLibrary(t, b)
	exe := buildC(t, b, "badinput.c", libDir, "-fsanitize=address", "-fno-omit-frame-pointer")
	e := startEmu(t, b)
	run := func(mode string, bound time.Duration) (pass, fail int) {
		t.Helper()
		cmd := exec.Command(exe, e.url, t.TempDir(), mode)
		cmd.Env = append(os.Environ(), "OSS_ACCESS_KEY_ID="+akID, "OSS_ACCESS_KEY_SECRET="+akSecret,
			"OSS_SESSION_TOKEN=", "ASAN_OPTIONS=abort_on_error=0:detect_leaks=1:halt_on_error=1")
		out, err, took := runBounded(cmd, bound)
		for _, line := range strings.Split(out, "\n") {
			switch {
			case strings.HasPrefix(line, "PASS "):
				pass++
			case strings.HasPrefix(line, "FAIL "):
				fail++
				t.Error(line)
			}
		}
		if took >= bound {
			fail++
			t.Errorf("badinput %s: still running after %v (a call blocked): %s", mode, bound, oneLine(out))
		} else if err != nil {
			t.Errorf("badinput %s: %v: %s", mode, err, oneLine(out))
		}
		return pass, fail
	}
	p1, f1 := run("offline", 2*time.Minute)
	if reqs := e.requests(); len(reqs) != 0 {
		t.Errorf("%d requests reached the server for input-only errors, the first: %+v", len(reqs), reqs[0])
	}
	p2, f2 := run("fifo", 10*time.Second)
	if reqs := e.requests(); len(reqs) != 0 {
		t.Errorf("%d requests reached the server for a FIFO", len(reqs))
	}
	p3, f3 := run("online", 2*time.Minute)
	// The one bad-input table through both C entries, under AddressSanitizer too; its refused
	// cases must not connect (its endpoint is a closed port, so a request would change the
	// verdict).
	table := buildC(t, b, "../../c/test_badinput_table.c", libDir, "-I"+filepath.Join(b.root, "tests/c"),
		"-fsanitize=address", "-fno-omit-frame-pointer")
	cmd := exec.Command(table, filepath.Join(b.root, "tests/badinput/cases.tsv"))
	cmd.Env = append(os.Environ(), "ASAN_OPTIONS=abort_on_error=0:detect_leaks=1:halt_on_error=1")
	out, err, took := runBounded(cmd, 2*time.Minute)
	var p4, f4 int
	if _, serr := fmt.Sscanf(summaryLine(out), "%d passed, %d failed", &p4, &f4); serr != nil || err != nil || took >= 2*time.Minute {
		f4++
		t.Errorf("bad-input table: %v (took %v): %s", err, took, out)
	}
	if total := p1 + f1 + p2 + f2 + p3 + f3 + p4 + f4; total < 40 {
		t.Errorf("only %d bad-input cases ran, want at least 40", total)
	}
	t.Logf("bad input: %d input-only cases (no request reached the server), %d FIFO case, %d judged by the server or documented as accepted, %d table cases through both C entries; %d failed",
		p1+f1, p2+f2, p3+f3, p4+f4, f1+f2+f3+f4)
}

// summaryLine is check.h's "N passed, M failed" line in out.
func summaryLine(out string) string {
	for _, l := range strings.Split(out, "\n") {
		if i := strings.Index(l, " passed, "); i >= 0 {
			return strings.TrimLeft(l[:i], "abcdefghijklmnopqrstuvwxyz ") + l[i:]
		}
	}
	return ""
}
