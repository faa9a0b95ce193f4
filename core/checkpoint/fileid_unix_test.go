//go:build unix

package checkpoint

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A file rewritten in place with its mtime put back keeps size, mtime, device and inode:
// only the ctime tells it apart.
func TestIdentifyCtimeSeesRestoredMtime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(path, []byte("old contents"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	before, err := Identify(f, path)
	if err != nil {
		t.Fatal(err)
	}
	if before.CtimeNs == 0 {
		t.Fatal("Identify left the ctime unknown")
	}
	// Past the coarse clock tick that file timestamps may be taken from.
	time.Sleep(20 * time.Millisecond)
	if _, err := f.WriteAt([]byte("new"), 0); err != nil {
		t.Fatal(err)
	}
	mtime := time.Unix(0, before.MtimeNs)
	if err := os.Chtimes(path, mtime, mtime); err != nil {
		t.Fatal(err)
	}
	after, err := Identify(f, path)
	if err != nil {
		t.Fatal(err)
	}
	if after.Size != before.Size || after.MtimeNs != before.MtimeNs || after.Dev != before.Dev || after.Ino != before.Ino {
		t.Fatalf("the rewrite was to keep everything but the ctime: %+v → %+v", before, after)
	}
	if after.CtimeNs == before.CtimeNs {
		t.Fatalf("ctime unchanged (%d) by a write and a utimes", after.CtimeNs)
	}
}
