package checkpoint

import (
	"os"
	"path/filepath"
)

// RemoveStaleSaves deletes what a process killed inside a save left beside the record: the
// temporary "."+name+".tmp*" that writeAtomic renames over the record. Such files are only ever
// written under the record's lock, which s holds, so any there now is an orphan. It reports how
// many it removed. Store.Load calls it when a record is there (a save that replaces one is what
// leaves them); a download, whose first save may be a replacing one, calls it on opening.
func (s *Store) RemoveStaleSaves() int {
	dir, base := filepath.Split(s.path)
	if dir == "" {
		dir = "."
	}
	stale, _ := filepath.Glob(filepath.Join(dir, "."+escapeGlob(base)+".tmp*"))
	n := 0
	for _, p := range stale {
		if os.Remove(p) == nil {
			n++
		}
	}
	return n
}

func escapeGlob(s string) string {
	var b []byte
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', '\\':
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(b)
}
