package sha256x2

import (
	"bytes"
	"crypto/sha256"
	"hash"
	"math/rand/v2"
	"testing"
)

// random returns n bytes from a generator seeded with seed, so failures reproduce.
func random(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 0x5a5a))
	p := make([]byte, n)
	for i := range p {
		p[i] = byte(r.Uint32())
	}
	return p
}

var lengths = []int{0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129, 191, 192, 200,
	255, 256, 1000, 4095, 4096, 4097, 65537, 1 << 20, 1<<20 + 13}

func TestDigestMatchesStdlib(t *testing.T) {
	kernels.Each(t, func(t *testing.T) {
		for _, n := range lengths {
			p := random(uint64(n), n)
			want := sha256.Sum256(p)
			d := New()
			d.Write(p)
			if got := d.Sum256(); got != want {
				t.Errorf("%d bytes: %x, want %x", n, got, want)
			}
			if got := d.Sum([]byte("prefix")); !bytes.Equal(got, append([]byte("prefix"), want[:]...)) {
				t.Errorf("%d bytes: Sum(prefix) = %x", n, got)
			}
		}
	})
}

func TestPairMatchesStdlib(t *testing.T) {
	kernels.Each(t, func(t *testing.T) {
		for _, n := range lengths {
			// Equal lengths (the 2-way case), and unequal ones that leave a tail to one side.
			for _, m := range []int{n, n + 1, n + 64, n/2 + 7} {
				pa, pb := random(uint64(n), n), random(uint64(m)+1<<32, m)
				a, b := New(), New()
				WritePair(a, b, pa, pb)
				if got, want := a.Sum256(), sha256.Sum256(pa); got != want {
					t.Errorf("pair %d/%d: a = %x, want %x", n, m, got, want)
				}
				if got, want := b.Sum256(), sha256.Sum256(pb); got != want {
					t.Errorf("pair %d/%d: b = %x, want %x", n, m, got, want)
				}
			}
		}
	})
}

// TestInterleavedWrites mixes Write and WritePair calls of odd sizes, so that the pair path
// meets digests with partial blocks of different fill.
func TestInterleavedWrites(t *testing.T) {
	sizes := []int{1, 7, 63, 64, 65, 100, 128, 1000, 4096, 13}
	kernels.Each(t, func(t *testing.T) {
		const total = 200_000
		pa, pb := random(1, total), random(2, total+777)
		a, b := New(), New()
		sa, sb := sha256.New(), sha256.New()
		ia, ib := 0, 0
		for i := 0; ia < len(pa) || ib < len(pb); i++ {
			ka := min(sizes[i%len(sizes)], len(pa)-ia)
			kb := min(sizes[(i*3+1)%len(sizes)], len(pb)-ib)
			switch i % 3 {
			case 0:
				a.Write(pa[ia : ia+ka])
				sa.Write(pa[ia : ia+ka])
				ia += ka
			case 1:
				// Equal sizes, so both digests often stay block-aligned.
				kb = min(ka, len(pb)-ib)
				fallthrough
			default:
				WritePair(a, b, pa[ia:ia+ka], pb[ib:ib+kb])
				sa.Write(pa[ia : ia+ka])
				sb.Write(pb[ib : ib+kb])
				ia, ib = ia+ka, ib+kb
			}
			if i%50 == 0 {
				if !bytes.Equal(a.Sum(nil), sa.Sum(nil)) || !bytes.Equal(b.Sum(nil), sb.Sum(nil)) {
					t.Fatalf("step %d (%d and %d bytes): digests differ from crypto/sha256", i, ia, ib)
				}
			}
		}
		if !bytes.Equal(b.Sum(nil), sb.Sum(nil)) || !bytes.Equal(a.Sum(nil), sa.Sum(nil)) {
			t.Fatal("final digests differ from crypto/sha256")
		}
	})
}

func TestLargePair(t *testing.T) {
	kernels.Each(t, func(t *testing.T) {
		pa, pb := random(10, 1<<20), random(11, 1<<20)
		a, b := New(), New()
		// Block-aligned chunks, as a part reader would hand them over.
		for off := 0; off < len(pa); off += 64 << 10 {
			WritePair(a, b, pa[off:off+64<<10], pb[off:off+64<<10])
		}
		if a.Sum256() != sha256.Sum256(pa) || b.Sum256() != sha256.Sum256(pb) {
			t.Fatal("1 MiB pair differs from crypto/sha256")
		}
	})
}

func TestSumKeepsState(t *testing.T) {
	kernels.Each(t, func(t *testing.T) {
		p := random(3, 300)
		d := New()
		d.Write(p[:100])
		first := d.Sum(nil)
		if again := d.Sum(nil); !bytes.Equal(first, again) {
			t.Fatalf("second Sum %x differs from first %x", again, first)
		}
		if want := sha256.Sum256(p[:100]); !bytes.Equal(first, want[:]) {
			t.Fatalf("Sum after 100 bytes = %x, want %x", first, want)
		}
		d.Write(p[100:])
		if got, want := d.Sum256(), sha256.Sum256(p); got != want {
			t.Fatalf("after Sum then Write: %x, want %x", got, want)
		}
	})
}

func TestReset(t *testing.T) {
	kernels.Each(t, func(t *testing.T) {
		d := New()
		d.Write(random(4, 1000))
		d.Reset()
		p := random(5, 130)
		d.Write(p)
		if got, want := d.Sum256(), sha256.Sum256(p); got != want {
			t.Fatalf("after Reset: %x, want %x", got, want)
		}
		var h hash.Hash = d
		if h.Size() != sha256.Size || h.BlockSize() != sha256.BlockSize {
			t.Fatalf("Size, BlockSize = %d, %d", h.Size(), h.BlockSize())
		}
	})
}

func TestWritePairSameDigestPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("WritePair(d, d, ...) did not panic")
		}
	}()
	d := New()
	WritePair(d, d, make([]byte, 64), make([]byte, 64))
}
