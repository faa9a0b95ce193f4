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
	"time"
)

// ErrInUse is returned by Open when another Store, in this process or another, holds the
// checkpoint.
var ErrInUse = errors.New("checkpoint in use")

// SyncDelay is how long an appended line may wait for its fsync. Append writes the line before
// it returns, so a killed process loses nothing; only a crash of the machine itself can lose
// the lines of the last SyncDelay, and those parts are then sent again. Measured on the
// development VM (2 GiB, 8 MiB parts, 4 threads, loopback): an fsync per part cost 0.03-0.08
// CPU s/GiB and 3-8% of the wall time; one fsync per SyncDelay costs neither.
const SyncDelay = 200 * time.Millisecond

// Store is one checkpoint file, locked for as long as the Store is open. It is safe for
// concurrent use: the engine's workers append parts from their own goroutines.
type Store struct {
	path  string
	lock  *os.File
	extra *os.File // OpenObject: the lock of the shared default path the record lives at

	mu        sync.Mutex
	journal   *os.File    // open for appending after the first Save; nil before
	sum       [32]byte    // checksum of the journal's last line
	written   uint64      // lines appended since Open
	broken    error       // an append or fsync that failed, refusing further appends until the next Save
	syncTimer *time.Timer // armed while appended lines wait for their fsync

	// syncMu serialises fsyncs, so that appenders waiting behind one share the next (group
	// commit). Nothing else takes it: closing never waits for the disk. synced (under mu) is
	// the count of appended lines known to be on disk.
	syncMu    sync.Mutex
	synced    uint64
	syncDelay time.Duration
	fsync     func(*os.File) error // fsyncFile; tests count and fail it

	// dirty (under mu): the journal's file was written by SaveDeferred, and its data and its
	// name in the directory wait for their fsyncs, which the next Sync gives them. began is when
	// this Store first wrote the record, if it was by SaveDeferred (a record begun here); it is
	// zero once a Save made older progress durable (see SyncIfOlder).
	dirty   bool
	began   time.Time
	durable bool // a Save ran: the record may hold work older than this Store
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
	return &Store{path: path, lock: lock, syncDelay: SyncDelay, fsync: fsyncFile}, nil
}

// Path returns the checkpoint's path.
func (s *Store) Path() string { return s.path }

// Load reads the record. It returns an error satisfying errors.Is(err, fs.ErrNotExist) when there
// is none, and a *CorruptError when the file cannot be trusted. A file that starts with "<?xml"
// is read as the official C SDK's .ucp.
func (s *Store) Load() (*Record, error) {
	r, err := Load(s.path)
	if !errors.Is(err, fs.ErrNotExist) {
		s.RemoveStaleSaves() // only with a record there: the common fresh start reads no directory
	}
	return r, err
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
	// Before anything is decoded, let alone acted on: a record must be the caller's own.
	if err := checkTrusted(f, path, isXML(data)); err != nil {
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
// rename over the old file, fsync of the directory. Later Appends continue this file. The engine
// uses it where the file it replaces holds progress (a resume's compaction, a reconcile): a
// rename reaching the disk before the new file's data could otherwise leave an empty record
// where finished parts were.
func (s *Store) Save(r *Record) error { return s.save(r, true) }

// SaveDeferred replaces the file with r as Save does (temporary file, rename), so a killed
// process leaves either the old record or r whole, but does not wait for the disk: the file's
// fsync and its directory's follow within SyncDelay, with the lines appended meanwhile, or at
// Sync; Remove and Close cancel them. For records that replace no progress: an upload's pending
// record and the one naming its upload id. A machine crash within SyncDelay may then leave the
// record absent, the one it replaced, or torn (read as corrupt): the next call starts afresh,
// and the upload id it loses stays open on the server with the parts sent in that window (see
// the package comment). A small file's whole upload fits in SyncDelay and costs no fsync.
func (s *Store) SaveDeferred(r *Record) error { return s.save(r, false) }

func (s *Store) save(r *Record, durable bool) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("checkpoint: refusing to save an invalid record: %w", err)
	}
	data, sum := Encode(r)
	if !durable && r.Pending() {
		if ok, err := s.create(data, sum); ok || err != nil {
			return err
		}
	}
	return s.replace(data, sum, durable)
}

// create writes a pending record straight to its path when nothing is there yet, and reports
// false when something is (replace then does it by rename). Why without a temporary file: a
// kill mid-write can only leave a torn pending record, read as corrupt, before the Initiate it
// announces was sent, so nothing is lost; and each file created costs ext4 an inode
// allocation that, under the churn of many small files, scans past every inode deleted in the
// last seconds (recently_deleted): a third of the many-files loop's CPU went to the two
// temporary files per upload.
func (s *Store) create(data []byte, sum [32]byte) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("checkpoint: saving %s: %w", s.path, err)
	}
	s.closeJournal()
	if _, err := j.Write(data); err != nil {
		j.Close()
		os.Remove(s.path)
		return false, fmt.Errorf("checkpoint: saving %s: %w", s.path, err)
	}
	s.broken = nil
	s.synced = s.written
	s.dirty = true
	if !s.durable && s.began.IsZero() {
		s.began = time.Now()
	}
	s.journal, s.sum = j, sum
	s.syncTimer = time.AfterFunc(s.syncDelay, s.syncLater)
	return true, nil
}

// replace writes an encoded record over the file (see Save and SaveDeferred) and continues the
// journal from it.
func (s *Store) replace(data []byte, sum [32]byte, durable bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeJournal()
	sync := s.fsync
	if !durable {
		sync = nil
	}
	if err := writeAtomic(s.path, data, sync); err != nil {
		return fmt.Errorf("checkpoint: saving %s: %w", s.path, err)
	}
	s.broken = nil
	s.synced = s.written // the new file holds every line; earlier ones are in it or gone
	s.dirty = !durable
	if durable {
		s.durable, s.began = true, time.Time{}
	} else if !s.durable && s.began.IsZero() {
		s.began = time.Now()
	}
	j, err := os.OpenFile(s.path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return err
	}
	s.journal, s.sum = j, sum
	if s.dirty {
		s.syncTimer = time.AfterFunc(s.syncDelay, s.syncLater)
	}
	return nil
}

// closeJournal stops the pending fsync and closes the journal; s.mu is held. An fsync already
// running on it finishes on the descriptor it holds (os.File defers the close until then).
func (s *Store) closeJournal() {
	if s.syncTimer != nil {
		s.syncTimer.Stop()
		s.syncTimer = nil
	}
	if s.journal != nil {
		s.journal.Close()
		s.journal = nil
	}
}

// Append records one finished part: one line, written to the file when Append returns (a killed
// process loses nothing) and fsynced within SyncDelay or by Sync, whichever comes first, while
// the store stays open; parallel appenders share one fsync. The caller has checked p against the plan of the
// record it saved. An append or fsync that failed makes every later Append fail until Save.
func (s *Store) Append(p Part) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.broken != nil {
		return fmt.Errorf("checkpoint: an earlier write failed: %w", s.broken)
	}
	if s.journal == nil {
		return errors.New("checkpoint: Append before Save")
	}
	sum := s.sum
	line := appendLine(nil, &sum, partJSON(&p))
	if _, err := s.journal.Write(line); err != nil {
		// The file may now end in a torn line; further appends would follow it, so stop here.
		s.broken = err
		return err
	}
	s.sum = sum
	s.written++
	if s.syncTimer == nil {
		s.syncTimer = time.AfterFunc(s.syncDelay, s.syncLater)
	}
	return nil
}

// syncLater is the armed timer's fsync; a failure is kept for the next Append or Sync.
func (s *Store) syncLater() { s.Sync() }

// Sync makes every line appended so far durable. The engine calls it before Complete, so a
// machine crash during Complete finds every part in the record.
func (s *Store) Sync() error {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	s.mu.Lock()
	if s.syncTimer != nil {
		s.syncTimer.Stop() // the timer may be this very call: Stop is then a no-op
		s.syncTimer = nil
	}
	j, upTo, broken, synced, dirty := s.journal, s.written, s.broken, s.synced, s.dirty
	s.mu.Unlock()
	if broken != nil {
		return fmt.Errorf("checkpoint: an earlier write failed: %w", broken)
	}
	if j == nil || synced >= upTo && !dirty {
		return nil
	}
	// Appends go on under mu while this fsync runs; lines written after upTo was read wait for
	// the next Sync. A deferred Save's file first, then its name: the directory's fsync must
	// not make durable a name whose data is not.
	err := s.fsync(j)
	if err == nil && dirty {
		err = syncDir(filepath.Dir(s.path), s.fsync)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.journal != j {
		return nil // closed or replaced meanwhile: nothing left to say about this file
	}
	if err != nil {
		s.broken = err
		return err
	}
	s.synced = max(s.synced, upTo)
	if dirty {
		s.dirty = false
	}
	return nil
}

// SyncIfOlder is Sync, unless everything this Store wrote is younger than age: a record it
// began with SaveDeferred less than age ago, with no Save since. The engine calls it before
// Complete with SyncDelay: an upload that short loses, to a machine crash, at most what the
// crash bound already allows (SyncDelay of work, sent again), while a longer one's record must
// hold every part when Complete turns the upload into the object, or a rerun after the crash
// would send the whole file again rather than confirm it (see upload's completedBefore).
func (s *Store) SyncIfOlder(age time.Duration) error {
	s.mu.Lock()
	young := !s.durable && !s.began.IsZero() && time.Since(s.began) < age
	s.mu.Unlock()
	if young {
		return nil
	}
	return s.Sync()
}

// Remove deletes the checkpoint file (after a verified Complete). The lock is kept until Close.
// The removal is not fsynced: a killed process has removed the file all the same, and a
// machine crash that brings it back leaves what a kill between Complete and Remove leaves, a
// record of a completed upload, which the next call confirms by HEAD or starts afresh from.
func (s *Store) Remove() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeJournal()
	if err := os.Remove(s.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// Close releases the lock. The checkpoint file itself is kept. Lines still waiting for their
// fsync are left to the kernel's writeback rather than waited for: they already survive the
// process, and every way out of an upload (a Ctrl-C included) closes the store, so it must not
// wait on a disk whose fsync latency nothing bounds (a busy device, a network filesystem). Only
// a crash of the machine soon after can lose them, and their parts are then sent again.
func (s *Store) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closeJournal()
	var err error
	if s.extra != nil {
		err = unlockFile(s.extra)
		s.extra = nil
	}
	if s.lock == nil {
		return err
	}
	if lerr := unlockFile(s.lock); err == nil {
		err = lerr
	}
	s.lock = nil
	return err
}

// writeAtomic replaces path with data through a temporary file and a rename. With a non-nil
// fsync it fsyncs the file before the rename and the directory after it; with nil it leaves both
// to the caller (SaveDeferred's timer).
func writeAtomic(path string, data []byte, fsync func(*os.File) error) error {
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
	if fsync != nil {
		if err := fsync(tmp); err != nil {
			return err
		}
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	rename := os.Rename
	if fsync == nil {
		rename = replaceDeferred
	}
	if err := rename(tmp.Name(), path); err != nil {
		return err
	}
	ok = true
	if fsync == nil {
		return nil
	}
	return syncDir(dir, fsync)
}

func syncDir(dir string, fsync func(*os.File) error) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := fsync(d); err != nil {
		return &os.PathError{Op: "fsync", Path: dir, Err: err}
	}
	return nil
}
