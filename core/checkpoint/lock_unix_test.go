//go:build unix

package checkpoint

import (
	"errors"
	"path/filepath"
	"testing"
)

// A locker that opened the lock file just before its holder unlinked it (Close) locks an inode
// no longer at the path: lockFile must notice and lock the file now there, or a third Open would
// create a new file, lock it too, and two stores would hold one checkpoint. The hook closes the
// holder exactly in that window, so the race happens on every run.
func TestStoreLockRace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "race.cp")
	holder, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	fired := 0
	testHookOpened = func() {
		fired++
		if fired == 1 {
			holder.Close() // unlinks the file the locker has just opened, then unlocks it
		}
	}
	second, err := Open(path)
	testHookOpened = nil
	if err != nil {
		t.Fatalf("Open after the holder closed: %v", err)
	}
	defer second.Close()
	third, err := Open(path)
	if err == nil {
		third.Close()
		t.Fatal("a third Open succeeded while the second held the checkpoint: two holders")
	}
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("third Open: %v, want ErrInUse", err)
	}
	if fired < 2 {
		t.Fatalf("lockFile opened the lock file %d time(s): it kept the unlinked inode it had opened", fired)
	}
}
