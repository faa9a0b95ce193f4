package checkpoint

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
)

func TestStoreSaveAppendLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.bin.cp")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Load(); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load of a missing record: %v, want fs.ErrNotExist", err)
	}
	if err := s.Append(Part{Number: 1}); err == nil {
		t.Fatal("Append before Save accepted")
	}
	r := sampleRecord(482048, 102400, 2)
	if err := s.Save(r); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	full := sampleRecord(482048, 102400, 1, 2, 3, 4, 5)
	for _, p := range []Part{full.Parts[4], full.Parts[0]} {
		if err := s.Append(p); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	want := sampleRecord(482048, 102400, 1, 2, 5)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("loaded %+v, want %+v", got.Parts, want.Parts)
	}
	// Save compacts: one line per part.
	if err := s.Save(got); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(full.Parts[2]); err != nil {
		t.Fatal(err)
	}
	got, err = Load(path)
	if err != nil || len(got.Parts) != 4 {
		t.Fatalf("after compaction and append: %v parts, err %v", len(got.Parts), err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 2 { // the record and its lock file, no temporary files left
		t.Errorf("directory holds %d entries, want 2", len(entries))
	}
	if err := s.Remove(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("record still there after Remove: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path + ".lock"); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("lock file left behind: %v", err)
	}
}

func TestStoreSecondOpenIsInUse(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.cp")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path); !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open: %v, want ErrInUse", err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := Open(path)
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	b.Close()
}

// Many goroutines racing Open and Close must never hold the same checkpoint at once. This is
// contention at random; the unlink race itself is forced every run by TestStoreLockRace
// (lock_unix_test.go).
func TestStoreLockContention(t *testing.T) {
	path := filepath.Join(t.TempDir(), "race.cp")
	var holders, maxHolders, acquired atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 200 {
				s, err := Open(path)
				if errors.Is(err, ErrInUse) {
					continue
				}
				if err != nil {
					t.Error(err)
					return
				}
				acquired.Add(1)
				if h := holders.Add(1); h > maxHolders.Load() {
					maxHolders.Store(h)
				}
				holders.Add(-1)
				s.Close()
			}
		}()
	}
	wg.Wait()
	if maxHolders.Load() != 1 || acquired.Load() == 0 {
		t.Fatalf("max simultaneous holders %d (acquired %d times), want exactly 1", maxHolders.Load(), acquired.Load())
	}
}

func TestLoadSniffsUCP(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.ucp")
	r := sampleRecord(482048, 102400, 1, 4)
	if err := os.WriteFile(path, EncodeUCP(r), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.Format != FormatUCP || got.UploadID != r.UploadID || len(got.Parts) != 2 {
		t.Fatalf("got %+v", got)
	}
}

func TestLoadCorruptNamesPath(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad.cp")
	os.WriteFile(path, []byte("garbage\n"), 0o600)
	_, err := Load(path)
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.Path != path {
		t.Fatalf("err = %v, want *CorruptError naming %s", err, path)
	}
}

// Parallel appends (group commit) lose no line and keep the chain intact.
func TestStoreParallelAppend(t *testing.T) {
	s, parts := savedStore(t, 400)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := w; i < 400; i += 8 {
				if err := s.Append(parts[i]); err != nil {
					t.Error(err)
				}
			}
		})
	}
	wg.Wait()
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Parts, parts) {
		t.Fatalf("%d parts read back, want 400", len(got.Parts))
	}
}
