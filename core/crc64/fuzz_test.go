package crc64

import (
	stdcrc "hash/crc64"
	"testing"
)

// FuzzKernels compares every kernel this CPU has with hash/crc64 on the fuzzer's data, started
// at offset off%16 (so every alignment is reached), from the CRC init, and split at cut so the
// streaming path meets unaligned boundaries too. Run it also with OSSRESUME_CRC64=generic and
// with -tags noasm; both leave fewer kernels but must still pass.
//
//	go test -run XXX -fuzz FuzzKernels -fuzztime 20s ./core/crc64/
func FuzzKernels(f *testing.F) {
	f.Add([]byte("123456789"), uint8(0), uint64(0), uint16(4))
	f.Add(sequence(300), uint8(5), uint64(0x995DC9BBDF1939FA), uint16(129))
	f.Add(sequence(4099), uint8(15), ^uint64(0), uint16(2048))
	f.Fuzz(func(t *testing.T, data []byte, off uint8, init uint64, cut uint16) {
		p := data[min(int(off%16), len(data)):]
		c := min(int(cut), len(p))
		want := stdcrc.Update(init, stdTable, p)
		for _, k := range available {
			if got := k.update(init, p); got != want {
				t.Errorf("%s: %d bytes at offset %d from %#x: %#x, want %#x", k.name, len(p), off%16, init, got, want)
			}
			if got := k.update(k.update(init, p[:c]), p[c:]); got != want {
				t.Errorf("%s: %d bytes at offset %d split at %d from %#x: %#x, want %#x", k.name, len(p), off%16, c, init, got, want)
			}
		}
	})
}
