// Package sha256x2 computes SHA-256 with a kernel that can advance two independent digests at
// once, for a caller that hashes two streams (two parts of an upload) on one core.
//
// Why: with SHA-NI, sha256rnds2 is bound by its latency, not by throughput: each call waits for
// the previous one of the same stream, so a single stream leaves the SHA unit idle most of the
// time. Interleaving the rounds of two independent streams fills those gaps. On the AMD EPYC
// this was measured on (1 MiB per stream, BenchmarkThroughput), crypto/sha256 hashed 1.55 GB/s,
// the single-stream SHA-NI kernel 1.57 GB/s and the 2-way kernel 3.09 GB/s per core (both
// streams together): twice as much per core. The portable path runs about 0.17 GB/s.
//
// Digest is a streaming SHA-256 equal in results to crypto/sha256 (it implements hash.Hash);
// WritePair writes to two digests at once, through the 2-way kernel where the CPU has it.
// Available reports whether it does (SHA-NI and SSE4.1 on amd64); elsewhere, with the build
// tags noasm or purego, or with the environment variable OSSRESUME_SHA256X2=generic read once
// at start, everything runs through a portable pure-Go block function with the same results.
// Kernel names the choice ("sha-ni" or "generic").
//
// The upload engine pairs chunks of two parts in flight (core/upload, pair.go) and two recorded
// parts re-hashed on resume (rehash.go) through WritePair when Available is true, and keeps the
// single-stream sha256-simd path otherwise.
package sha256x2

//go:generate python3 gen/gen.py sha256x2_amd64.s

import (
	"encoding/binary"
	"hash"
	"os"

	"github.com/ossresume/ossresume/internal/kernelpick"
)

// Size of a SHA-256 checksum in bytes.
const Size = 32

// BlockSize of SHA-256 in bytes.
const BlockSize = 64

// envKernel is the environment variable that overrides the kernel choice at start.
const envKernel = "OSSRESUME_SHA256X2"

// kernel is one implementation of the block functions. block advances s over len(p)/64 whole
// blocks; block2 does the same for two states over inputs of equal length. Both need
// len(p) > 0 and a multiple of BlockSize.
type kernel struct {
	name   string
	block  func(s *[8]uint32, p []byte)
	block2 func(s0, s1 *[8]uint32, p0, p1 []byte)
}

var generic = kernel{"generic", blockGeneric, block2Generic}

// available lists the kernels this CPU can run, fastest first; generic is always last.
var available = append(archKernels(), generic)

// active is the dispatch choice. It is set here, once, and changed afterwards only by tests.
var active = kernelpick.Choose(os.Getenv(envKernel), available, func(k kernel) string { return k.name })

// Kernel names the implementation in use: "sha-ni" or "generic".
func Kernel() string { return active.name }

// Available reports whether WritePair runs the 2-way SHA-NI kernel; when false it is two
// sequential writes through the portable block function, correct but no faster.
func Available() bool { return active.name != generic.name }

var iv = [8]uint32{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19}

// Digest is a streaming SHA-256. Its zero value is not ready for use: call New or Reset.
type Digest struct {
	s  [8]uint32
	x  [BlockSize]byte // partial block
	nx int             // bytes in x
	n  uint64          // bytes written in all
}

var _ hash.Hash = (*Digest)(nil)

// New returns a SHA-256 digest, as crypto/sha256.New does; its methods are not safe for
// concurrent use.
func New() *Digest {
	d := new(Digest)
	d.Reset()
	return d
}

// Reset returns d to the state of New.
func (d *Digest) Reset() { d.s, d.nx, d.n = iv, 0, 0 }

// Size returns 32.
func (d *Digest) Size() int { return Size }

// BlockSize returns 64.
func (d *Digest) BlockSize() int { return BlockSize }

// Write adds p to the hashed data; it never fails.
func (d *Digest) Write(p []byte) (int, error) {
	n := len(p)
	d.n += uint64(n)
	p = d.fill(p)
	if k := len(p) &^ (BlockSize - 1); k > 0 {
		active.block(&d.s, p[:k])
		p = p[k:]
	}
	// After fill, either the buffer is empty or p is: only the first case starts a new block.
	if len(p) > 0 {
		d.nx = copy(d.x[:], p)
	}
	return n, nil
}

// fill tops up a partial block from p, hashes it once complete, and returns what is left of p.
// It does not count the bytes in d.n.
func (d *Digest) fill(p []byte) []byte {
	if d.nx == 0 {
		return p
	}
	c := copy(d.x[d.nx:], p)
	d.nx += c
	if d.nx == BlockSize {
		active.block(&d.s, d.x[:])
		d.nx = 0
	}
	return p[c:]
}

// Sum appends the SHA-256 of the data written so far to b; d itself is left unchanged.
func (d *Digest) Sum(b []byte) []byte {
	h := d.Sum256()
	return append(b, h[:]...)
}

// Sum256 returns the SHA-256 of the data written so far, leaving d unchanged.
func (d *Digest) Sum256() [Size]byte {
	e := *d
	n := e.n
	// 0x80, zeros up to 56 mod 64, then the bit length, big-endian.
	var pad [BlockSize + 8]byte
	pad[0] = 0x80
	k := 1 + (55-int(n%BlockSize)+BlockSize)%BlockSize
	binary.BigEndian.PutUint64(pad[k:], n<<3)
	e.Write(pad[:k+8])
	var out [Size]byte
	for i, v := range e.s {
		binary.BigEndian.PutUint32(out[4*i:], v)
	}
	return out
}

// WritePair is a.Write(pa) followed by b.Write(pb), with the whole blocks the two have in
// common hashed by the 2-way kernel. Inputs may have any lengths; the 2-way part is the
// shorter input's whole blocks (after each digest has completed its partial block), so the
// gain is greatest for equal lengths that are multiples of BlockSize. a and b must be
// different digests: WritePair panics otherwise.
func WritePair(a, b *Digest, pa, pb []byte) {
	if a == b {
		panic("sha256x2: WritePair with the same digest twice")
	}
	na, nb := len(pa), len(pb)
	pa, pb = a.fill(pa), b.fill(pb)
	if k := min(len(pa), len(pb)) &^ (BlockSize - 1); k > 0 && a.nx == 0 && b.nx == 0 {
		active.block2(&a.s, &b.s, pa[:k], pb[:k])
		pa, pb = pa[k:], pb[k:]
	}
	// fill has not counted its bytes; Write counts the rest, so take back what it will add.
	a.n += uint64(na - len(pa))
	b.n += uint64(nb - len(pb))
	a.Write(pa)
	b.Write(pb)
}
