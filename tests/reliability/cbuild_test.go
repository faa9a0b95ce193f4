//go:build reliability

package reliability

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// buildC compiles one of this directory's C programs against the library in libDir (build/ or
// an AddressSanitizer build) into the test's temporary directory.
func buildC(t *testing.T, b bins, src, libDir string, flags ...string) string {
	t.Helper()
	cc := os.Getenv("CC")
	if cc == "" {
		cc = "cc"
	}
	out := filepath.Join(t.TempDir(), filepath.Base(src[:len(src)-2]))
	args := append([]string{"-std=c99", "-Wall", "-Wextra", "-Werror", "-g"}, flags...)
	args = append(args, "-I"+filepath.Join(b.root, "include"), "-o", out, filepath.Join(b.root, "tests/reliability/c", src),
		"-L"+libDir, "-l:libossresume.so.0", "-lpthread", "-Wl,-rpath,"+libDir)
	if msg, err := exec.Command(cc, args...).CombinedOutput(); err != nil {
		t.Fatalf("compiling %s: %v\n%s", src, err, msg)
	}
	return out
}

// driver runs the native-API driver (driver.c) against e with the given flags and pairs.
func (e *emu) driver(exe string, args ...string) *exec.Cmd {
	cmd := exec.Command(exe, append([]string{"--endpoint", e.url}, args...)...)
	cmd.Env = append(os.Environ(), "OSS_ACCESS_KEY_ID="+akID, "OSS_ACCESS_KEY_SECRET="+akSecret,
		"OSS_SESSION_TOKEN=", "DRIVER_BUCKET="+bucket)
	return cmd
}
