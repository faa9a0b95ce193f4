//go:build arm64 && gc && !noasm && !purego

package crc64

import "github.com/klauspost/cpuid/v2"

// PMULL is the 64×64→128 carry-less multiply (FEAT_PMULL); the other instructions the kernel
// uses are baseline AdvSIMD, which every arm64 CPU Go runs on has.
var hasPMULL = cpuid.CPU.Supports(cpuid.PMULL)

// minPMULL is the shortest input foldPMULL takes: one whole block. It copies foldSSE's
// threshold; it has not been measured on arm64 hardware, only checked under emulation.
const minPMULL = 16

func archKernels() []kernel {
	if hasPMULL {
		return []kernel{{"pmull", updatePMULL}}
	}
	return nil
}

// As on amd64, the assembly works on the raw CRC register and on whole 16-byte blocks; the
// wrapper inverts and sends the last len%16 bytes through the table. Its loads are unaligned
// (LD1 has no alignment requirement), so nothing aligns p.

func updatePMULL(crc uint64, p []byte) uint64 {
	if len(p) < minPMULL {
		return updateGeneric(crc, p)
	}
	n := len(p) &^ 15
	crc = ^foldPMULL(^crc, p[:n])
	return updateGeneric(crc, p[n:])
}

// foldPMULL returns the raw CRC register after p, given it before p; len(p) must be a non-zero
// multiple of 16.
//
//go:noescape
func foldPMULL(crc uint64, p []byte) uint64
