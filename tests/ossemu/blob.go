package ossemu

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// blobStore holds the bytes of objects and parts; metadata lives in the store. A blob is written
// once, committed, and read by id until the last reference to it goes.
type blobStore interface {
	create(sizeHint int64) (blobWriter, error)
	open(id string) (blobReader, error)
	remove(id string)
}

type blobWriter interface {
	io.Writer
	commit() (id string, err error) // durable once it returns
	discard()
}

type blobReader interface {
	io.ReaderAt
	io.Closer
}

func newBlobID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b[:])
}

// memBlobs keeps blobs in memory, for quick tests.
type memBlobs struct {
	mu    sync.Mutex
	blobs map[string][]byte
}

func newMemBlobs() *memBlobs { return &memBlobs{blobs: map[string][]byte{}} }

// maxBlobReserve caps what a memory blob reserves from a request's Content-Length.
const maxBlobReserve = 8 << 20

type memWriter struct {
	m   *memBlobs
	buf bytes.Buffer
}

func (m *memBlobs) create(sizeHint int64) (blobWriter, error) {
	w := &memWriter{m: m}
	// Content-Length is only a claim: reserving all of it up front would let one request for a
	// 1 GiB part that sends a few bytes allocate (and zero) 1 GiB, which stalls every goroutine
	// of a test process for seconds (a GC waits for the allocation). Reserve up to a modest cap
	// and let the buffer grow with what actually arrives.
	if sizeHint > 0 {
		w.buf.Grow(int(min(sizeHint, maxBlobReserve)))
	}
	return w, nil
}

func (w *memWriter) Write(p []byte) (int, error) { return w.buf.Write(p) }
func (w *memWriter) discard()                    { w.buf = bytes.Buffer{} }
func (w *memWriter) commit() (string, error) {
	id := newBlobID()
	w.m.mu.Lock()
	w.m.blobs[id] = w.buf.Bytes()
	w.m.mu.Unlock()
	return id, nil
}

type memReader struct{ *bytes.Reader }

func (memReader) Close() error { return nil }

func (m *memBlobs) open(id string) (blobReader, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	b, ok := m.blobs[id]
	if !ok {
		return nil, errors.New("blob " + id + " is missing")
	}
	return memReader{bytes.NewReader(b)}, nil
}

func (m *memBlobs) remove(id string) {
	m.mu.Lock()
	delete(m.blobs, id)
	m.mu.Unlock()
}

// diskBlobs keeps each blob in a file of its own under dir/blobs, written through a temporary
// file in dir/tmp that is fsynced and renamed, so a blob either exists whole or not at all.
type diskBlobs struct{ dir string }

func (d *diskBlobs) path(id string) string { return filepath.Join(d.dir, "blobs", id) }

type diskWriter struct {
	d *diskBlobs
	f *os.File
}

func (d *diskBlobs) create(int64) (blobWriter, error) {
	f, err := os.CreateTemp(filepath.Join(d.dir, "tmp"), "blob-*")
	if err != nil {
		return nil, err
	}
	return &diskWriter{d: d, f: f}, nil
}

func (w *diskWriter) Write(p []byte) (int, error) { return w.f.Write(p) }

func (w *diskWriter) discard() {
	w.f.Close()
	os.Remove(w.f.Name())
}

func (w *diskWriter) commit() (string, error) {
	id := newBlobID()
	err := w.f.Sync()
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(w.f.Name(), w.d.path(id))
	}
	if err == nil {
		err = syncDir(filepath.Join(w.d.dir, "blobs"))
	}
	if err != nil {
		os.Remove(w.f.Name())
		return "", err
	}
	return id, nil
}

func (d *diskBlobs) open(id string) (blobReader, error) { return os.Open(d.path(id)) }
func (d *diskBlobs) remove(id string)                   { os.Remove(d.path(id)) }

// nullBlobs is benchmark mode's store: bodies are hashed and dropped.
type nullBlobs struct{}

type nullWriter struct{}

func (nullBlobs) create(int64) (blobWriter, error) { return nullWriter{}, nil }
func (nullBlobs) open(string) (blobReader, error)  { return nil, errBenchmarkNoData }
func (nullBlobs) remove(string)                    {}
func (nullWriter) Write(p []byte) (int, error)     { return len(p), nil }
func (nullWriter) commit() (string, error)         { return "", nil }
func (nullWriter) discard()                        {}

var errBenchmarkNoData = errors.New("benchmark mode keeps no object data")

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
