package upload

import (
	"errors"
	"hash"
	"io"
	"os"
	"sync"

	"github.com/minio/sha256-simd"
	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/sha256x2"
)

// chunkSize is the pooled buffer's size, used only when the HTTP client asks for less than
// directRead bytes at a time; larger reads go straight from the file into the client's buffer.
const (
	chunkSize  = 256 << 10
	directRead = 64 << 10
)

// bufferPool hands out chunk buffers, at most two per part in flight, so memory is bounded by
// Threads × 2 × chunkSize; it also holds the job's SHA-256 pairer. One per job.
type bufferPool struct {
	pair *pairer // nil without the 2-way SHA-256 kernel
}

// chunks holds the chunk buffers of every job: a process uploading many small files one after
// another (the many-files bench: 1,000 of 256 KiB) reuses them rather than allocating and
// zeroing two fresh ones per file, which showed as 6% of that loop's CPU, plus its GC.
var chunks = sync.Pool{New: func() any { b := make([]byte, chunkSize); return &b }}

func newBufferPool() *bufferPool {
	bp := &bufferPool{}
	if sha256x2.Available() {
		bp.pair = newPairer()
	}
	return bp
}

func (bp *bufferPool) get() *[]byte  { return chunks.Get().(*[]byte) }
func (bp *bufferPool) put(b *[]byte) { chunks.Put(b) }

// partReader streams one part of the file to the request body with positional reads, hashing
// every byte it hands out (CRC-64, and SHA-256 unless withSHA is false): the single pass that
// both sends and hashes. It never seeks, so parts share one *os.File.
//
// The HTTP transport consumes it through WriteTo (see core/oss's transport), which sends from
// the reader's own two buffers; so the SHA-256 of chunk k, needed only when the part ends, can
// lag while chunk k+1 is read and sent, and be paired with a chunk of another part (sha256x2).
// Read, for transports that do not call WriteTo, hashes at once: the caller's buffer is not ours
// to read later.
type partReader struct {
	f        readerAtNamed
	start    int64 // the part's first offset
	off, end int64 // next file offset to read, and the part's end
	crc      uint64
	sha      hash.Hash // single-stream SHA-256 when the CPU has no 2-way kernel
	ph       *pairHash // SHA-256 through the pairer otherwise
	final    [sha256x2.Size]byte
	hasFinal bool  // final holds ph's sum, ph gone back to its pool
	n        int64 // bytes handed out
	counted  int64 // of them, told to onRead: all but the part's last byte (see tracker)
	onRead   func(n int)
	pool     *bufferPool
	buf      *[]byte // borrowed for small reads and WriteTo
	buf2     *[]byte // WriteTo's second buffer
	pending  []byte  // read from the file, not yet handed out
	localErr error   // a read failure of the local file (as opposed to the network)
}

func newPartReader(f readerAtNamed, off, size int64, withSHA bool, pool *bufferPool, onRead func(int)) *partReader {
	r := &partReader{f: f, start: off, off: off, end: off + size, pool: pool, onRead: onRead}
	switch {
	case withSHA && pool.pair != nil:
		r.ph = pool.pair.get()
	case withSHA:
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
	r.hashNow(p[:n])
	r.count(n)
	return n, nil
}

// hashNow hashes p before returning; used where p is not the reader's to read later.
func (r *partReader) hashNow(p []byte) {
	r.crc = crc64.Update(r.crc, p)
	switch {
	case r.sha != nil:
		r.sha.Write(p)
	case r.ph != nil:
		r.pool.pair.settle(r.ph)
		r.ph.d.Write(p)
	}
}

func (r *partReader) count(n int) {
	r.n += int64(n)
	if c := min(r.n, r.end-r.start-1) - r.counted; c > 0 && r.onRead != nil {
		r.counted += c
		r.onRead(int(c))
	}
}

// WriteTo sends the rest of the part to w from the reader's own buffers, alternating two so
// that the SHA-256 of one chunk may still be pending (posted to the pairer) while the next is
// read and written. The caller must not call release until WriteTo has returned.
func (r *partReader) WriteTo(w io.Writer) (int64, error) {
	var total int64
	if len(r.pending) > 0 { // left by a small Read
		m, err := w.Write(r.pending)
		r.hashNow(r.pending[:m])
		r.pending = r.pending[m:]
		r.count(m)
		total += int64(m)
		if err != nil {
			return total, err
		}
	}
	if r.off >= r.end {
		return total, nil
	}
	if r.buf == nil {
		r.buf = r.pool.get()
	}
	if r.buf2 == nil {
		r.buf2 = r.pool.get()
	}
	pr := r.pool.pair
	if r.ph != nil {
		pr.senders.Add(1)
		defer pr.senders.Add(-1)
	}
	cur, next := r.buf, r.buf2
	for r.off < r.end {
		b := (*cur)[:min(int64(len(*cur)), r.end-r.off)]
		// The chunk posted last lives in next, not in cur: reading into cur is safe.
		if err := r.readAt(b); err != nil {
			return total, err
		}
		r.crc = crc64.Update(r.crc, b)
		switch {
		case r.ph != nil:
			pr.settle(r.ph) // the digest takes chunks in order
			pr.post(r.ph, b)
		case r.sha != nil:
			r.sha.Write(b)
		}
		m, err := w.Write(b)
		r.count(m)
		total += int64(m)
		if err == nil && m < len(b) {
			err = io.ErrShortWrite
		}
		if err != nil {
			return total, err
		}
		cur, next = next, cur
	}
	if r.ph != nil {
		pr.settle(r.ph)
	}
	return total, nil
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
	if r.ph != nil {
		// A chunk still posted (WriteTo failed) may be in a partner's hands: wait for it.
		r.pool.pair.settle(r.ph)
		r.final, r.hasFinal = r.ph.d.Sum256(), true
		r.pool.pair.put(r.ph)
		r.ph = nil
	}
	for _, b := range []**[]byte{&r.buf, &r.buf2} {
		if *b != nil {
			r.pool.put(*b)
			*b = nil
		}
	}
	r.pending = nil
}

// sum256 is the part's SHA-256 in hex, "" without SHA-256.
func (r *partReader) sum256() string {
	switch {
	case r.ph != nil:
		r.pool.pair.settle(r.ph)
		s := r.ph.d.Sum256()
		return hexString(s[:])
	case r.sha != nil:
		return hexString(r.sha.Sum(nil))
	case r.hasFinal:
		return hexString(r.final[:])
	}
	return ""
}
