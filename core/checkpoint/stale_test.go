package checkpoint

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestRemoveStaleSaves: what a process killed inside a save leaves beside a record (the
// temporary file writeAtomic names "."+name+".tmp*") is removed when the next owner of the lock
// loads the record, for uploads (Store.Load) as for downloads; files of other records, the lock
// and look-alikes stay. With no record there, nothing is read or removed (the fresh start of a
// small file's upload stays free of a directory scan).
func TestRemoveStaleSaves(t *testing.T) {
	cases := []struct {
		name   string // the record's file name
		record bool   // a record is there when the store is opened
	}{
		{"s.cp", true},
		{"a[1]*?.cp", true}, // glob metacharacters in the name are matched literally
		{"s.cp", false},
	}
	for _, c := range cases {
		dir := t.TempDir()
		path := filepath.Join(dir, c.name)
		if c.record {
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Save(sampleRecord(300<<10, 100<<10, 1)); err != nil {
				t.Fatal(err)
			}
			s.Close()
		}
		// Orphans named as writeAtomic names its temporary files, and neighbours that are not.
		var orphans []string
		for range 2 {
			f, err := os.CreateTemp(dir, "."+c.name+".tmp*")
			if err != nil {
				t.Fatal(err)
			}
			f.Close()
			orphans = append(orphans, filepath.Base(f.Name()))
		}
		neighbours := []string{"." + c.name + "x.tmp1", "other.cp", ".other.cp.tmp1", c.name + ".tmp", "a1.cp"}
		for _, n := range neighbours {
			os.WriteFile(filepath.Join(dir, n), nil, 0o600)
		}
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.Load()
		s.Close()
		if c.record && (err != nil || r == nil) {
			t.Fatalf("%s: load: %v", c.name, err)
		}
		if !c.record && !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%s: load without a record: %v", c.name, err)
		}
		entries, _ := os.ReadDir(dir)
		var left []string
		for _, e := range entries {
			left = append(left, e.Name())
		}
		for _, o := range orphans {
			if slices.Contains(left, o) == c.record {
				t.Errorf("%s (record there: %v): orphan %s left: %v", c.name, c.record, o, left)
			}
		}
		for _, n := range neighbours {
			if !slices.Contains(left, n) {
				t.Errorf("%s: %s was removed", c.name, n)
			}
		}
	}
}
