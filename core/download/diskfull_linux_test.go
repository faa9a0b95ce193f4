package download

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestDiskFullReal: TestDiskFull on a real filesystem without room, where the machine lets the
// test mount one (root with CAP_SYS_ADMIN, as CI containers run): a 1 MiB tmpfs, an object of
// 2 MiB, and an old file under the target's name. The preallocation fails with ENOSPC before any
// range is fetched, the old file is untouched and nothing else is left on the filesystem; with
// the room freed, the same call succeeds.
func TestDiskFullReal(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "small")
	must(t, os.Mkdir(dir, 0o755))
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size=1m"); err != nil {
		t.Skipf("cannot mount a tmpfs here (%v): TestDiskFull covers the engine with a hook", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	e := newEnv(t)
	data := e.put("k", 2<<20, 1)
	path := filepath.Join(dir, "f")
	must(t, os.WriteFile(path, []byte("the old file"), 0o644))
	for _, cp := range []bool{false, true} {
		e.freshLog()
		o := e.opts("k", path)
		o.Checkpoint = cp
		_, err := e.download(o)
		var te *TargetError
		if !errors.As(err, &te) || !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("checkpoint %v: %v, want a TargetError with ENOSPC", cp, err)
		}
		if n := len(e.rangeStarts()); n != 0 {
			t.Errorf("checkpoint %v: %d ranges fetched onto a full disk", cp, n)
		}
		if b, _ := os.ReadFile(path); string(b) != "the old file" {
			t.Fatalf("checkpoint %v: the target was touched", cp)
		}
		if left := leftovers(t, dir, "f", "f.dcp", "f.dcp.lock"); len(left) != 0 {
			t.Errorf("checkpoint %v: left behind %v", cp, left)
		}
	}
	// A bigger filesystem: the same download goes through and replaces the old file.
	must(t, syscall.Mount("tmpfs", dir, "tmpfs", syscall.MS_REMOUNT, "size=8m"))
	o := e.opts("k", path)
	o.Checkpoint = true
	if _, err := e.download(o); err != nil {
		t.Fatal(err)
	}
	checkFile(t, path, data)
}
