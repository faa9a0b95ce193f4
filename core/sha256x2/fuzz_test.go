package sha256x2

import (
	"crypto/sha256"
	"testing"
)

// FuzzPair compares every kernel this CPU has with crypto/sha256: a and b are written after a
// prefix of pre bytes of a (so the pair path meets a partial block on one side), split in two
// WritePair calls at cut. Run it also with OSSRESUME_SHA256X2=generic and with -tags noasm.
//
//	go test -run XXX -fuzz FuzzPair -fuzztime 20s ./core/sha256x2/
func FuzzPair(f *testing.F) {
	f.Add([]byte("abc"), []byte("def"), uint8(0), uint16(1))
	f.Add(make([]byte, 128), make([]byte, 128), uint8(0), uint16(64))
	f.Add(make([]byte, 300), make([]byte, 200), uint8(5), uint16(129))
	f.Fuzz(func(t *testing.T, a, b []byte, pre uint8, cut uint16) {
		p := min(int(pre), len(a))
		c := min(int(cut), len(a)-p, len(b))
		wantA, wantB := sha256.Sum256(a), sha256.Sum256(b)
		for _, k := range available {
			kernels.Set(t, k.name)
			da, db := New(), New()
			da.Write(a[:p])
			WritePair(da, db, a[p:p+c], b[:c])
			WritePair(da, db, a[p+c:], b[c:])
			if got := da.Sum256(); got != wantA {
				t.Errorf("%s: a (%d bytes, prefix %d, cut %d) = %x, want %x", k.name, len(a), p, c, got, wantA)
			}
			if got := db.Sum256(); got != wantB {
				t.Errorf("%s: b (%d bytes, cut %d) = %x, want %x", k.name, len(b), c, got, wantB)
			}
		}
	})
}
