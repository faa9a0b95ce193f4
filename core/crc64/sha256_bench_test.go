package crc64

import (
	"crypto/sha256"
	"hash"
	"testing"

	sha256simd "github.com/minio/sha256-simd"
)

// BenchmarkSHA256 sets sha256-simd beside crypto/sha256 on 1 MiB, the other digest every part
// carries, to show whether the extra dependency still pays for itself.
func BenchmarkSHA256(b *testing.B) {
	buf := sequence(1 << 20)
	for _, c := range []struct {
		name string
		new  func() hash.Hash
	}{
		{"crypto-sha256", sha256.New},
		{"sha256-simd", sha256simd.New},
	} {
		b.Run("1MiB/"+c.name, func(b *testing.B) {
			h := c.new()
			b.SetBytes(int64(len(buf)))
			for b.Loop() {
				h.Reset()
				h.Write(buf)
				h.Sum(nil)
			}
		})
	}
}

// TestSHA256Agree keeps the benchmark honest: both implementations give the same digest.
func TestSHA256Agree(t *testing.T) {
	buf := sequence(1<<20 + 7)
	a, b := sha256.Sum256(buf), sha256simd.Sum256(buf)
	if a != b {
		t.Fatalf("crypto/sha256 %x, sha256-simd %x", a, b)
	}
}
