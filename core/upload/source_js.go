//go:build js

package upload

import (
	"errors"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall/js"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/internal/jsawait"
)

// UnreadableError is a browser File that can no longer be read: the file on disk was changed,
// moved or deleted after the user selected it (the browser's NotReadableError or
// NotFoundError). Only selecting it again gives the page a File it can read.
type UnreadableError struct {
	Name string
	Err  error
}

func (e *UnreadableError) Error() string {
	return "the file " + e.Name + " can no longer be read (" + e.Err.Error() +
		"): it was changed, moved or deleted after it was selected; select it again and upload again to resume"
}

func (e *UnreadableError) Unwrap() error { return e.Err }

// minSlice is the smallest slice read from a File: each blob.slice().arrayBuffer() costs about
// 2 ms whatever its size (256 KiB reads 10.9 ms/MiB, 1 MiB 5.6, 8 MiB 2.8 in Chromium), so
// smaller reads (the rehash's 256 KiB chunks) are served from a window read whole.
const (
	minSlice   = 1 << 20
	maxWindows = 8 // 8 MiB of windows at most, whatever the file's size
)

// BlobSource is a browser File (or Blob) as an upload's Source. Its identity is the File's
// name, size and lastModified (ms, kept as ns): a browser shows a page neither path nor inode.
type BlobSource struct {
	blob    js.Value
	name    string
	size    int64
	mtimeNs int64

	mu      sync.Mutex
	windows []window // most recently used last
}

type window struct {
	off  int64
	data []byte
}

// NewBlobSource wraps a File or Blob. A Blob has no name or lastModified: "blob" and 0.
func NewBlobSource(blob js.Value) (*BlobSource, error) {
	if blob.Type() != js.TypeObject || blob.Get("slice").Type() != js.TypeFunction || blob.Get("size").Type() != js.TypeNumber {
		return nil, &OptionError{Field: "Source", Reason: "not a File or Blob"}
	}
	s := &BlobSource{blob: blob, name: "blob", size: int64(blob.Get("size").Float())}
	if n := blob.Get("name"); n.Type() == js.TypeString {
		s.name = n.String()
	}
	if lm := blob.Get("lastModified"); lm.Type() == js.TypeNumber {
		s.mtimeNs = int64(lm.Float()) * 1e6
	}
	return s, nil
}

// Blob is the File itself, for a transport that sends slices of it (core/oss's fetch).
func (s *BlobSource) Blob() js.Value { return s.blob }

func (s *BlobSource) Name() string { return s.name }

// Identify is the File's identity. A File is a snapshot: the browser fails reads of one whose
// file changed rather than show other bytes, so the identity never changes under an upload.
func (s *BlobSource) Identify() (checkpoint.FileID, error) {
	return checkpoint.FileID{Path: s.name, Size: s.size, MtimeNs: s.mtimeNs}, nil
}

// ReadAt reads len(p) bytes at off: straight from one slice when p is at least minSlice,
// from a window of minSlice otherwise.
func (s *BlobSource) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("upload: negative offset")
	}
	if off >= s.size {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), s.size-off))
	var err error
	if n >= minSlice {
		err = s.read(p[:n], off)
	} else {
		err = s.fromWindow(p[:n], off)
	}
	if err != nil {
		return 0, err
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (s *BlobSource) fromWindow(p []byte, off int64) error {
	s.mu.Lock()
	for i, w := range s.windows {
		if off >= w.off && off+int64(len(p)) <= w.off+int64(len(w.data)) {
			copy(p, w.data[off-w.off:])
			s.windows = append(append(s.windows[:i:i], s.windows[i+1:]...), w)
			s.mu.Unlock()
			return nil
		}
	}
	s.mu.Unlock()
	w := window{off: off, data: make([]byte, min(minSlice, s.size-off))}
	if err := s.read(w.data, off); err != nil {
		return err
	}
	copy(p, w.data)
	s.mu.Lock()
	if len(s.windows) >= maxWindows {
		s.windows = s.windows[1:]
	}
	s.windows = append(s.windows, w)
	s.mu.Unlock()
	return nil
}

// read fills p from the slice at off, waiting for the browser's read.
func (s *BlobSource) read(p []byte, off int64) error {
	v, err := jsawait.Try(func() js.Value {
		return s.blob.Call("slice", float64(off), float64(off+int64(len(p)))).Call("arrayBuffer")
	})
	if err == nil {
		v, err = jsawait.Await(v)
	}
	if err != nil {
		var je *jsawait.Error
		if errors.As(err, &je) && (je.Name == "NotReadableError" || je.Name == "NotFoundError") {
			return &UnreadableError{Name: s.name, Err: err}
		}
		return err
	}
	a := js.Global().Get("Uint8Array").New(v)
	if got := a.Get("length").Int(); got != len(p) {
		return &UnreadableError{Name: s.name, Err: errors.New("short read: the file is shorter than when it was selected")}
	}
	js.CopyBytesToGo(p, a)
	collectHeld(len(p))
	return nil
}

// collectEvery is how many bytes of ArrayBuffers the reads may hand to Go before a collection.
// Every JavaScript value Go receives (the promise, the ArrayBuffer it resolved with, the
// Uint8Array over it) stays in wasm_exec.js's table until Go's garbage collector finalizes its
// js.Value; the engine's own heap barely grows (its buffers are pooled), so left alone that
// collection came once per upload, and the page's renderer kept every part's buffers: its peak
// grew with the file (277 MiB at 64 MiB, 1227 MiB at 1 GiB, tests/browser/bench.js). With a
// collection every 64 MiB read: 329-339 MiB at 256 MiB (480 without), 367 MiB at 1 GiB, and
// no wall time lost beyond the machine's noise (6.7-8.5 s against 5.8-7.4 s for 256 MiB).
const collectEvery = 64 << 20

var held atomic.Int64

func collectHeld(n int) {
	if held.Add(int64(n)) >= collectEvery {
		held.Store(0)
		runtime.GC()
	}
}
