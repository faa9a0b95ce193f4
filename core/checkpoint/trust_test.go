//go:build unix

package checkpoint

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A record another user owns, or that others may write, is refused before it is decoded; a
// C SDK .ucp may be world-readable (the SDK writes it 0644) but not writable by others.
func TestUntrusted(t *testing.T) {
	dir := t.TempDir()
	native := filepath.Join(dir, "f.cp")
	s, err := Open(native)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Save(sampleRecord(482048, 102400, 1)); err != nil {
		t.Fatal(err)
	}
	s.Close()
	ucp := filepath.Join(dir, "f.ucp")
	if err := os.WriteFile(ucp, []byte("<?xml version=\"1.0\"?><Checkpoint></Checkpoint>"), 0o644); err != nil {
		t.Fatal(err)
	}
	me := os.Geteuid()
	defer func() { callerUID = os.Geteuid }()
	for _, c := range []struct {
		name  string
		path  string
		mode  os.FileMode
		uid   int
		trust bool
	}{
		{"own 0600 record", native, 0o600, me, true},
		{"own 0644 record", native, 0o644, me, false},
		{"own 0620 record", native, 0o620, me, false},
		{"another user's record", native, 0o600, me + 1, false},
		{"own 0644 ucp", ucp, 0o644, me, true},
		{"own 0666 ucp", ucp, 0o666, me, false},
		{"another user's ucp", ucp, 0o644, me + 1, false},
	} {
		if err := os.Chmod(c.path, c.mode); err != nil {
			t.Fatal(err)
		}
		callerUID = func() int { return c.uid }
		_, err := Load(c.path)
		var ue *UntrustedError
		var pe *os.PathError
		refused := errors.As(err, &ue)
		if refused == c.trust || refused && (!errors.As(err, &pe) || pe.Path != c.path || !errors.Is(err, syscall.EACCES)) {
			t.Errorf("%s: err = %v", c.name, err)
		}
	}
}
