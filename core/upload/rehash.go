package upload

import (
	"context"
	"encoding/hex"
	"fmt"
	"hash"

	"github.com/minio/sha256-simd"
	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/sha256x2"
)

// rehasher reads back the recorded parts verifyLocal doubts and hashes them as the upload did
// (CRC-64, and SHA-256 where wanted). A resume after the file's mtime changed re-hashes every
// finished part on one goroutine, and a single SHA-256 stream leaves the SHA unit mostly idle:
// so the part asked for is hashed together with the next doubted one through sha256x2's 2-way
// kernel, and the partner's result kept until verifyLocal asks for it. Two pooled chunk
// buffers are all the memory it holds, and it allocates nothing per part but the hex SHA-256
// of a part whose recorded one differs or is missing.
type rehasher struct {
	j      *job
	parts  []checkpoint.Part
	doubt  func(checkpoint.Part) bool
	paired bool // the 2-way kernel is there (the job's pool pairs too)

	ahead    int // index of the partner hashed with the last part asked for; -1 for none
	aheadCRC uint64
	aheadSum string
	aheadErr error // the partner's read failure, reported only when it is asked for

	// lane holds each part's range and running CRC-64; reusing partReader's readAt keeps the
	// errors of a file that shrank or failed to read the same as when the part was sent.
	lane   [2]partReader
	d      [2]sha256x2.Digest
	single hash.Hash // &d[0] with the 2-way kernel, else sha256-simd (as partReader chooses)
	buf    [2]*[]byte
	sum    [sha256x2.Size]byte
	hexSum [2 * sha256x2.Size]byte
}

func (j *job) newRehasher(parts []checkpoint.Part, doubt func(checkpoint.Part) bool) *rehasher {
	h := &rehasher{j: j, parts: parts, doubt: doubt, paired: j.bufs.pair != nil, ahead: -1}
	if h.paired {
		h.single = &h.d[0]
	} else {
		h.single = sha256.New()
	}
	return h
}

// release returns the chunk buffers; h must not be used afterwards.
func (h *rehasher) release() {
	for i, b := range h.buf {
		if b != nil {
			h.j.bufs.put(b)
			h.buf[i] = nil
		}
	}
}

func (h *rehasher) withSHA(p checkpoint.Part) bool { return p.SHA256 != "" || h.j.o.partSHA() }

func canceledRehash(err error) error {
	return fmt.Errorf("upload: canceled while re-hashing the file: %w", err)
}

// hash returns the CRC-64 and hex SHA-256 ("" without SHA-256) of parts[i] as the file holds
// it now. verifyLocal asks for the doubted parts in order.
func (h *rehasher) hash(ctx context.Context, i int) (uint64, string, error) {
	if err := ctx.Err(); err != nil {
		return 0, "", canceledRehash(err)
	}
	if h.ahead == i {
		h.ahead = -1
		crc, sum, err := h.aheadCRC, h.aheadSum, h.aheadErr
		h.aheadSum, h.aheadErr = "", nil
		return crc, sum, err
	}
	if h.paired && h.withSHA(h.parts[i]) {
		if k := h.partner(i); k >= 0 {
			return h.pair(ctx, i, k)
		}
	}
	return h.one(ctx, i)
}

// partner returns the next doubted part after i if it too wants SHA-256, else -1.
func (h *rehasher) partner(i int) int {
	for k := i + 1; k < len(h.parts); k++ {
		if h.doubt(h.parts[k]) {
			if h.withSHA(h.parts[k]) {
				return k
			}
			return -1
		}
	}
	return -1
}

// chunk reads lane n's next chunk (nil once its part is done) and adds it to the lane's CRC-64.
func (h *rehasher) chunk(n int) ([]byte, error) {
	r := &h.lane[n]
	if r.off >= r.end {
		return nil, nil
	}
	if h.buf[n] == nil {
		h.buf[n] = h.j.bufs.get()
	}
	b := (*h.buf[n])[:min(int64(len(*h.buf[n])), r.end-r.off)]
	if err := r.readAt(b); err != nil {
		return nil, err
	}
	r.crc = crc64.Update(r.crc, b)
	return b, nil
}

func (h *rehasher) start(n int, p checkpoint.Part) {
	h.lane[n] = partReader{f: h.j.f, off: p.Offset, end: p.Offset + p.Size}
}

// one hashes parts[i] alone.
func (h *rehasher) one(ctx context.Context, i int) (uint64, string, error) {
	p := h.parts[i]
	sha := h.withSHA(p)
	h.start(0, p)
	if sha {
		h.single.Reset()
	}
	for {
		if err := ctx.Err(); err != nil {
			return 0, "", canceledRehash(err)
		}
		b, err := h.chunk(0)
		if err != nil {
			return 0, "", err
		}
		if b == nil {
			break
		}
		if sha {
			h.single.Write(b)
		}
	}
	if !sha {
		return h.lane[0].crc, "", nil
	}
	return h.lane[0].crc, h.hex(h.single.Sum(h.sum[:0]), p.SHA256), nil
}

// pair hashes parts[i] and parts[k] chunk by chunk through WritePair and keeps k's result. A
// read failure of k is kept for when k is asked for, as hashing the parts one by one would
// report it; i's is returned at once.
func (h *rehasher) pair(ctx context.Context, i, k int) (uint64, string, error) {
	pa, pb := h.parts[i], h.parts[k]
	h.start(0, pa)
	h.start(1, pb)
	da, db := &h.d[0], &h.d[1]
	da.Reset()
	db.Reset()
	var errB error
	for {
		if err := ctx.Err(); err != nil {
			return 0, "", canceledRehash(err)
		}
		a, err := h.chunk(0)
		if err != nil {
			return 0, "", err
		}
		var b []byte
		if errB == nil {
			b, errB = h.chunk(1)
		}
		if a == nil && b == nil {
			break
		}
		sha256x2.WritePair(da, db, a, b)
	}
	h.ahead, h.aheadErr = k, errB
	if errB == nil {
		s := db.Sum256()
		h.aheadCRC, h.aheadSum = h.lane[1].crc, h.hex(s[:], pb.SHA256)
	}
	s := da.Sum256()
	return h.lane[0].crc, h.hex(s[:], pa.SHA256), nil
}

// hex encodes sum, returning the recorded string itself when they agree: the common case
// allocates nothing.
func (h *rehasher) hex(sum []byte, recorded string) string {
	hex.Encode(h.hexSum[:], sum)
	if string(h.hexSum[:]) == recorded {
		return recorded
	}
	return string(h.hexSum[:])
}
