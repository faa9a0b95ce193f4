package crc64

import (
	stdcrc "hash/crc64"
	"testing"
)

var benchSizes = []struct {
	name string
	n    int
}{{"64B", 64}, {"4KiB", 4 << 10}, {"64KiB", 64 << 10}, {"1MiB", 1 << 20}}

// BenchmarkKernels runs hash/crc64 and each kernel this CPU has on the same buffers, so one
// run gives the speed-up at each size: go test -run XXX -bench Kernels ./core/crc64/
func BenchmarkKernels(b *testing.B) {
	for _, s := range benchSizes {
		buf := sequence(s.n)
		b.Run(s.name, func(b *testing.B) {
			b.Run("hash-crc64", func(b *testing.B) {
				b.SetBytes(int64(s.n))
				var crc uint64
				for b.Loop() {
					crc = stdcrc.Update(crc, stdTable, buf)
				}
			})
			for _, k := range available {
				b.Run(k.name, func(b *testing.B) {
					b.SetBytes(int64(s.n))
					var crc uint64
					for b.Loop() {
						crc = k.update(crc, buf)
					}
				})
			}
		})
	}
}

// BenchmarkUpdateParallel measures the active kernel with every P hashing its own buffer, as
// concurrent part uploads do.
func BenchmarkUpdateParallel(b *testing.B) {
	b.SetBytes(1 << 20)
	b.RunParallel(func(pb *testing.PB) {
		buf := sequence(1 << 20)
		var crc uint64
		for pb.Next() {
			crc = Update(crc, buf)
		}
	})
}

func BenchmarkCombine(b *testing.B) {
	var crc uint64
	for b.Loop() {
		crc = Combine(crc, 0x995DC9BBDF1939FA, 5<<30)
	}
}
