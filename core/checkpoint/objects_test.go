package checkpoint

import (
	"errors"
	"path/filepath"
	"testing"
)

// The first object of a file keeps the default path; another object's record goes beside it,
// whether the default is written already or only locked; one object stays exclusive.
func TestOpenObject(t *testing.T) {
	dir := t.TempDir()
	def := filepath.Join(dir, "f.bin.cp")
	mineIf := func(key string) func(*Record) bool { return func(r *Record) bool { return r.Key == key } }
	rec := func(key string) *Record { r := sampleRecord(482048, 102400, 1); r.Key = key; return r }

	a, err := OpenObject(def, "a", mineIf("a"))
	if err != nil || a.Path() != def {
		t.Fatalf("first object: %v, %v", a, err)
	}
	// b while a holds the default path, before a wrote anything.
	b, err := OpenObject(def, "b", mineIf("b"))
	if err != nil || b.Path() != ObjectPath(def, "b") || b.Path() == def {
		t.Fatalf("second object while the first runs: %v, %v", b, err)
	}
	if _, err := OpenObject(def, "a", mineIf("a")); !errors.Is(err, ErrInUse) {
		t.Fatalf("the same object twice: %v, want ErrInUse", err)
	}
	if err := a.Save(rec("a")); err != nil {
		t.Fatal(err)
	}
	if err := b.Save(rec("b")); err != nil {
		t.Fatal(err)
	}
	a.Close()
	b.Close()
	// Later calls find each record where it is.
	for _, k := range []string{"a", "b"} {
		s, err := OpenObject(def, k, mineIf(k))
		if err != nil {
			t.Fatal(err)
		}
		r, err := s.Load()
		if err != nil || r.Key != k {
			t.Fatalf("%s: record %v, %v at %s", k, r, err, s.Path())
		}
		s.Close()
	}
	// A third object with a's record at the default path goes beside it too.
	c, err := OpenObject(def, "c", mineIf("c"))
	if err != nil || c.Path() != ObjectPath(def, "c") {
		t.Fatalf("third object: %v, %v", c, err)
	}
	c.Close()
	if got := ObjectPath("/x/f.bin.cp", "a"); filepath.Dir(got) != "/x" || filepath.Ext(got) != ".cp" || got == "/x/f.bin.cp" {
		t.Fatalf("ObjectPath = %s", got)
	}
}
