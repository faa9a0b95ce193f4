package checkpoint

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// ErrInUse is returned by Open when another Store, in this process or another, holds the
// checkpoint.
var ErrInUse = errors.New("checkpoint in use")

// Store is one checkpoint file, locked for as long as the Store is open. It is safe for
// concurrent use: the engine's workers append parts from their own goroutines.
type Store struct {
	path string
	lock *os.File

	mu      sync.Mutex
	journal *os.File // open for appending after the first Save; nil before
	sum     [32]byte // checksum of the journal's last line
	written uint64   // lines appended since Open
	broken  error    // an append that failed, refusing further appends until the next Save

	// syncMu serialises fsyncs of the journal; synced is the count of appended lines known to
	// be on disk. Appenders that queue behind one fsync are covered by the next single one
	// (group commit), so parallel workers do not pay an fsync each.
	syncMu sync.Mutex
	synced uint64
}

// Open locks the checkpoint at path. It fails at once with an error wrapping ErrInUse when
// another Store holds it. It reads nothing: call Load.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("checkpoint: empty path")
	}
	lock, err := lockFile(path + ".lock")
	if err != nil {
		if errors.Is(err, ErrInUse) {
			return nil, err
		}
		// Say it is the checkpoint: the bare path error (".../f.cp.lock: no such file") reads
		// like a problem with the file being uploaded.
		return nil, fmt.Errorf("checkpoint: cannot lock %s (is its directory there and writable?): %w", path, err)
	}
	return &Store{path: path, lock: lock}, nil
}

// Path returns the checkpoint's path.
func (s *Store) Path() string { return s.path }

// Load reads the record. It returns an error satisfying errors.Is(err, fs.ErrNotExist) when there
// is none, and a *CorruptError when the file cannot be trusted. A file that starts with "<?xml"
// is read as the official C SDK's .ucp.
func (s *Store) Load() (*Record, error) {
	return Load(s.path)
}

// maxFile bounds what Load reads: a full 10,000-part record is ~2.5 MB, so anything near this
// is not a checkpoint (and must not be read into memory whole).
const maxFile = 64 << 20

// Load reads the record at path without locking it; see Store.Load.
func Load(path string) (*Record, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFile {
		return nil, &CorruptError{Path: path, Reason: fmt.Sprintf("larger than %d bytes", maxFile)}
	}
	var r *Record
	if isXML(data) {
		r, err = ReadUCP(data)
	} else {
		r, _, err = Decode(data)
	}
	if ce, ok := err.(*CorruptError); ok {
		ce.Path = path
	}
	return r, err
}

func isXML(data []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n\ufeff"), []byte("<"))
}

// Save replaces the file with r, atomically: a temporary file in the same directory, fsync,
// rename over the old file, fsync of the directory. Later Appends continue this file.
func (s *Store) Save(r *Record) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("checkpoint: refusing to save an invalid record: %w", err)
	}
	data, sum := Encode(r)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal != nil {
		s.journal.Close()
		s.journal = nil
	}
	if err := writeAtomic(s.path, data); err != nil {
		return fmt.Errorf("checkpoint: saving %s: %w", s.path, err)
	}
	s.broken = nil
	j, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	s.journal, s.sum = j, sum
	return nil
}

// Append records one finished part: one line appended, and on disk when Append returns. The
// caller has checked p against the plan of the record it saved.
func (s *Store) Append(p Part) error {
	s.mu.Lock()
	if s.broken != nil {
		s.mu.Unlock()
		return fmt.Errorf("checkpoint: an earlier append failed: %w", s.broken)
	}
	if s.journal == nil {
		s.mu.Unlock()
		return errors.New("checkpoint: Append before Save")
	}
	sum := s.sum
	line := appendLine(nil, &sum, partJSON(&p))
	if _, err := s.journal.Write(line); err != nil {
		// The file may now end in a torn line; further appends would follow it, so stop here.
		s.journal.Close()
		s.journal, s.broken = nil, err
		s.mu.Unlock()
		return err
	}
	s.sum = sum
	s.written++
	mine, j := s.written, s.journal
	s.mu.Unlock()

	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	if s.synced >= mine {
		return nil // an fsync that started after our write covered it
	}
	s.mu.Lock()
	upTo := s.written
	s.mu.Unlock()
	if err := j.Sync(); err != nil {
		return err
	}
	s.synced = upTo
	return nil
}

// Remove deletes the checkpoint file (after a verified Complete). The lock is kept until Close.
func (s *Store) Remove() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal != nil {
		s.journal.Close()
		s.journal = nil
	}
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return syncDir(filepath.Dir(s.path))
}

// Close releases the lock and removes the lock file. The checkpoint file itself is kept.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal != nil {
		s.journal.Close()
		s.journal = nil
	}
	if s.lock == nil {
		return nil
	}
	err := unlockFile(s.lock)
	s.lock = nil
	return err
}

func writeAtomic(path string, data []byte) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*") // mode 0600
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	ok = true
	return syncDir(dir)
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return &os.PathError{Op: "fsync", Path: dir, Err: err}
	}
	return nil
}
