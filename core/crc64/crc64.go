// Package crc64 computes CRC-64/XZ, the checksum OSS returns in x-oss-hash-crc64ecma:
// the ECMA-182 polynomial, reflected, with all-ones init and xorout (Go's crc64.ECMA table).
//
// Values passed in and out are always finalized CRCs, as with hash/crc64: Update(Checksum(a), b)
// equals Checksum(a‖b), and the CRC of no data is 0.
//
// On amd64 the bulk of the data goes through carry-less-multiply folding kernels (PCLMULQDQ, or
// VPCLMULQDQ on 256-bit AVX2 registers where the CPU has it), and on arm64 through one using
// PMULL where the CPU has it, chosen once when the package is initialised; short inputs and
// tails use hash/crc64's tables. Kernel names the choice.
//
// The environment variable OSSRESUME_CRC64, read once at start, overrides the choice:
// "generic" forces the portable hash/crc64 path (so a whole test suite can run with the fast
// path off), and a kernel name ("pclmulqdq", "vpclmulqdq-avx2", "pmull") selects that kernel if
// this CPU can run it. Any other value, or a kernel the CPU lacks, leaves the automatic choice
// in place. Building with the tags noasm or purego leaves only the portable path.
package crc64

import (
	"hash"
	"os"

	"github.com/ossresume/ossresume/internal/kernelpick"
)

// Size of a CRC-64 checksum in bytes.
const Size = 8

// envKernel is the environment variable that overrides the kernel choice at start.
const envKernel = "OSSRESUME_CRC64"

// kernel is one implementation of Update: same contract, finalized CRC in and out.
type kernel struct {
	name   string
	update func(crc uint64, p []byte) uint64
}

var generic = kernel{"generic", updateGeneric}

// available lists the kernels this CPU can run, fastest first; generic is always last.
var available = append(archKernels(), generic)

// active is the dispatch choice. It is set here, once, and changed afterwards only by tests.
var active = kernelpick.Choose(os.Getenv(envKernel), available, func(k kernel) string { return k.name })

// Kernel names the implementation in use: "vpclmulqdq-avx2" or "pclmulqdq" (amd64), "pmull"
// (arm64), or "generic".
func Kernel() string { return active.name }

// Checksum returns the CRC-64/XZ of p.
func Checksum(p []byte) uint64 { return active.update(0, p) }

// Update returns the CRC of the data whose CRC is crc followed by p.
func Update(crc uint64, p []byte) uint64 { return active.update(crc, p) }

// digest streams data through Update.
type digest struct{ crc uint64 }

// New returns a hash.Hash64 computing CRC-64/XZ; Sum64 is the finalized CRC.
func New() hash.Hash64 { return &digest{} }

func (d *digest) Write(p []byte) (int, error) { d.crc = active.update(d.crc, p); return len(p), nil }
func (d *digest) Sum64() uint64               { return d.crc }
func (d *digest) Reset()                      { d.crc = 0 }
func (d *digest) Size() int                   { return Size }
func (d *digest) BlockSize() int              { return 1 }
func (d *digest) Sum(in []byte) []byte {
	s := d.crc
	return append(in, byte(s>>56), byte(s>>48), byte(s>>40), byte(s>>32), byte(s>>24), byte(s>>16), byte(s>>8), byte(s))
}
