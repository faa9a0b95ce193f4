//go:build amd64 && gc && !noasm && !purego

package sha256x2

import "github.com/klauspost/cpuid/v2"

// The kernels use SHA256RNDS2/MSG1/MSG2 (SHA) and PSHUFB, PALIGNR, PBLENDW (SSSE3, SSE4.1).
var hasSHANI = cpuid.CPU.Supports(cpuid.SHA, cpuid.SSSE3, cpuid.SSE4)

func archKernels() []kernel {
	if hasSHANI {
		return []kernel{{"sha-ni", blockSHANI, block2SHANI}}
	}
	return nil
}

// The assembly reads unaligned 16-byte loads and needs n >= 1 (its loop tests at the bottom);
// kernel's contract (len(p) a non-zero multiple of 64) guarantees both.

func blockSHANI(s *[8]uint32, p []byte) { blockNI(s, &p[0], len(p)/BlockSize) }

func block2SHANI(s0, s1 *[8]uint32, p0, p1 []byte) {
	block2NI(s0, s1, &p0[0], &p1[0], len(p0)/BlockSize)
}

//go:noescape
func blockNI(s0 *[8]uint32, p0 *byte, n int)

// block2NI hashes n blocks from p0 into s0 and n blocks from p1 into s1, interleaved.
//
//go:noescape
func block2NI(s0, s1 *[8]uint32, p0, p1 *byte, n int)
