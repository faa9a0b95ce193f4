package sha256x2

import (
	"crypto/sha256"
	"testing"
)

// BenchmarkThroughput hashes 1 MiB per stream with crypto/sha256, with Digest.Write (one
// stream) and with WritePair (two streams; SetBytes counts both), under each kernel this CPU
// has, so one run gives the per-core gain of pairing:
//
//	go test -run XXX -bench Throughput ./core/sha256x2/
func BenchmarkThroughput(b *testing.B) {
	const n = 1 << 20
	pa, pb := random(20, n), random(21, n)
	b.Run("crypto-sha256", func(b *testing.B) {
		b.SetBytes(n)
		h := sha256.New()
		for b.Loop() {
			h.Reset()
			h.Write(pa)
			h.Sum(nil)
		}
	})
	for _, k := range available {
		b.Run(k.name+"/single", func(b *testing.B) {
			kernels.Set(b, k.name)
			b.SetBytes(n)
			d := New()
			for b.Loop() {
				d.Reset()
				d.Write(pa)
				d.Sum256()
			}
		})
		b.Run(k.name+"/pair", func(b *testing.B) {
			kernels.Set(b, k.name)
			b.SetBytes(2 * n)
			da, db := New(), New()
			for b.Loop() {
				da.Reset()
				db.Reset()
				WritePair(da, db, pa, pb)
				da.Sum256()
				db.Sum256()
			}
		})
	}
}
