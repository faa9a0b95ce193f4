package upload

import (
	"errors"
	"hash"
	"io"
	"os"
	"sync"

	"github.com/minio/sha256-simd"
	"github.com/ossresume/ossresume/core/crc64"
)

// chunkSize is the pooled buffer's size, used only when the HTTP client asks for less than
// directRead bytes at a time; larger reads go straight from the file into the client's buffer.
const (
	chunkSize  = 256 << 10
	directRead = 64 << 10
)

// bufferPool hands out chunk buffers; one per job, so memory is bounded by Threads × chunkSize.
type bufferPool struct{ p sync.Pool }

func newBufferPool() *bufferPool {
	return &bufferPool{p: sync.Pool{New: func() any { b := make([]byte, chunkSize); return &b }}}
}

func (bp *bufferPool) get() *[]byte  { return bp.p.Get().(*[]byte) }
func (bp *bufferPool) put(b *[]byte) { bp.p.Put(b) }

// partReader streams one part of the file to the request body with positional reads, hashing
// every byte it hands out (CRC-64, and SHA-256 unless sha is nil): the single pass that both
// sends and hashes. It never seeks, so parts share one *os.File.
type partReader struct {
	f        *os.File
	off, end int64 // next file offset to read, and the part's end
	crc      uint64
	sha      hash.Hash
	n        int64 // bytes handed out
	onRead   func(n int)
	pool     *bufferPool
	buf      *[]byte // borrowed for small reads
	pending  []byte  // read from the file, not yet handed out
	localErr error   // a read failure of the local file (as opposed to the network)
}

func newPartReader(f *os.File, off, size int64, withSHA bool, pool *bufferPool, onRead func(int)) *partReader {
	r := &partReader{f: f, off: off, end: off + size, pool: pool, onRead: onRead}
	if withSHA {
		r.sha = sha256.New()
	}
	return r
}

func (r *partReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	var n int
	switch {
	case len(r.pending) > 0:
		n = copy(p, r.pending)
		r.pending = r.pending[n:]
	case r.off >= r.end:
		return 0, io.EOF
	case len(p) >= directRead:
		want := int(min(int64(len(p)), r.end-r.off))
		if err := r.readAt(p[:want]); err != nil {
			return 0, err
		}
		n = want
	default:
		if r.buf == nil {
			r.buf = r.pool.get()
		}
		want := int(min(int64(len(*r.buf)), r.end-r.off))
		if err := r.readAt((*r.buf)[:want]); err != nil {
			return 0, err
		}
		n = copy(p, (*r.buf)[:want])
		r.pending = (*r.buf)[n:want]
	}
	r.crc = crc64.Update(r.crc, p[:n])
	if r.sha != nil {
		r.sha.Write(p[:n])
	}
	r.n += int64(n)
	if r.onRead != nil {
		r.onRead(n)
	}
	return n, nil
}

// readAt fills p from the file at r.off; a file that ends early changed under us.
func (r *partReader) readAt(p []byte) error {
	got, err := r.f.ReadAt(p, r.off)
	if got == len(p) {
		r.off += int64(got)
		return nil
	}
	if err == nil || errors.Is(err, io.EOF) {
		err = &InconsistentError{What: "file", Detail: r.f.Name() + " is shorter than when the upload started"}
	} else {
		err = &os.PathError{Op: "read", Path: r.f.Name(), Err: err}
	}
	r.localErr = err
	return err
}

// release returns the borrowed buffer; the reader must not be used afterwards.
func (r *partReader) release() {
	if r.buf != nil {
		r.pool.put(r.buf)
		r.buf, r.pending = nil, nil
	}
}

func (r *partReader) sum256() string {
	if r.sha == nil {
		return ""
	}
	return hexString(r.sha.Sum(nil))
}
