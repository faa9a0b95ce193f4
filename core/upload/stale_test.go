package upload

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestStaleSaveRemoved: a process killed inside a checkpoint save leaves a temporary file
// beside the record (".<name>.tmp*": the new record not yet renamed, or the old one a
// RENAME_EXCHANGE swapped out and not yet removed). The next run, which holds the record's
// lock, removes it as a download does (checkpoint.Store.RemoveStaleSaves) and resumes.
func TestStaleSaveRemoved(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 8*part)
	o := e.opts(path, "k")
	o.Checkpoint, o.Threads = true, 1
	e.srv.AddFault("op=UploadPart,part=5,status=403,code=AccessDenied")
	if _, err := e.upload(o); err == nil {
		t.Fatal("no error with part 5 refused")
	}
	record, err := os.ReadFile(path + ".cp")
	if err != nil {
		t.Fatal(err)
	}
	// What the kill left: the record's bytes under the names writeAtomic gives.
	orphans := []string{"." + filepath.Base(path) + ".cp.tmp123456", "." + filepath.Base(path) + ".cp.tmp987654"}
	for _, name := range orphans {
		if err := os.WriteFile(filepath.Join(e.dir, name), record, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if sent := e.rerun(o, "k", data); !slices.Equal(sent, rangeInts(5, 8)) {
		t.Errorf("rerun sent parts %v, want 5..8", sent)
	}
	for _, name := range orphans {
		if exists(filepath.Join(e.dir, name)) {
			t.Errorf("%s left after the rerun", name)
		}
	}
	if !exists(path) {
		t.Error("the file itself is gone")
	}
}
