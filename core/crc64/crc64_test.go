package crc64

import (
	"bytes"
	stdcrc "hash/crc64"
	"math/rand"
	"strings"
	"testing"
)

var stdTable = stdcrc.MakeTable(stdcrc.ECMA)

// sequence returns n bytes counting up from 0, wrapping at 256.
func sequence(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i)
	}
	return b
}

func TestVectors(t *testing.T) {
	cases := []struct {
		name string
		in   []byte
		want uint64
	}{
		{"empty", nil, 0},
		{"check", []byte("123456789"), 0x995DC9BBDF1939FA},
		{"a", []byte("a"), 0x330284772E652B05},
		{"hello", []byte("hello world"), 0x53037ECDEF2352DA},
		{"emergency", []byte("This is a test of the emergency broadcast system."), 0x27DB187FC15BBC72},
		{"faraday", []byte("Even if I could be Shakespeare, I think I should still choose to be Faraday. - A. Huxley"), 0x7AD25FAFA1710407},
		// Long enough for every kernel's folding loop; values computed once with hash/crc64.
		{"check×100", []byte(strings.Repeat("123456789", 100)), 0x34d41629e4ec8d50},
		{"0..255×16", sequence(4096), 0x581a5d969c6767f1},
		{"zero MiB", make([]byte, 1<<20), 0x606b70a23ebaf6c2},
	}
	kernels.Each(t, func(t *testing.T) {
		for _, c := range cases {
			if got := Checksum(c.in); got != c.want {
				t.Errorf("Checksum(%s) = %#x, want %#x", c.name, got, c.want)
			}
			h := New()
			h.Write(c.in)
			if got := h.Sum64(); got != c.want {
				t.Errorf("New().Sum64(%s) = %#x, want %#x", c.name, got, c.want)
			}
			if got, want := h.Sum([]byte("x")), append([]byte("x"), be64(c.want)...); !bytes.Equal(got, want) {
				t.Errorf("Sum(%s) = %x, want %x", c.name, got, want)
			}
		}
	})
}

func be64(v uint64) []byte {
	return []byte{byte(v >> 56), byte(v >> 48), byte(v >> 40), byte(v >> 32), byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
}

// TestSizeAlignment compares every kernel with hash/crc64 on the lengths around each kernel's
// thresholds and loop strides, at every offset within 16 bytes, from a non-zero starting CRC.
func TestSizeAlignment(t *testing.T) {
	sizes := []int{0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 79, 80, 127, 128, 129,
		143, 144, 255, 256, 257, 271, 272, 288, 383, 384, 385, 511, 512, 513, 1000, 4095, 4096,
		4097, 10000, 100003, 1<<20 + 13}
	r := rand.New(rand.NewSource(2))
	buf := make([]byte, 1<<20+13+16)
	r.Read(buf)
	kernels.Each(t, func(t *testing.T) {
		bad := 0
		for _, n := range sizes {
			for align := 0; align < 16; align++ {
				p := buf[align : align+n]
				init := r.Uint64()
				if got, want := Update(init, p), stdcrc.Update(init, stdTable, p); got != want {
					t.Errorf("Update(%#x, %d bytes at offset %d) = %#x, want %#x", init, n, align, got, want)
					if bad++; bad == 10 {
						t.Fatal("stopping after 10 mismatches")
					}
				}
			}
		}
	})
}

// TestStreaming writes random-sized pieces through New and checks the running Sum64.
func TestStreaming(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	buf := make([]byte, 300000)
	r.Read(buf)
	kernels.Each(t, func(t *testing.T) {
		h := New()
		for off := 0; off < len(buf); {
			n := min(r.Intn(5000), len(buf)-off)
			h.Write(buf[off : off+n])
			off += n
			if got, want := h.Sum64(), stdcrc.Checksum(buf[:off], stdTable); got != want {
				t.Fatalf("after %d bytes Sum64 = %#x, want %#x", off, got, want)
			}
		}
		h.Reset()
		if h.Sum64() != 0 || h.Size() != Size || h.BlockSize() != 1 {
			t.Fatalf("after Reset: Sum64 %#x Size %d BlockSize %d", h.Sum64(), h.Size(), h.BlockSize())
		}
	})
}

func TestCombineEverySplit(t *testing.T) {
	s := []byte("Even if I could be Shakespeare, I think I should still choose to be Faraday. - A. Huxley")
	want := Checksum(s)
	for i := 0; i <= len(s); i++ {
		if got := Combine(Checksum(s[:i]), Checksum(s[i:]), int64(len(s)-i)); got != want {
			t.Fatalf("split %d: Combine = %#x, want %#x", i, got, want)
		}
	}
}

func TestCombineRandomParts(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	buf := make([]byte, 1<<20)
	r.Read(buf)
	want := stdcrc.Checksum(buf, stdTable)
	for trial := 0; trial < 20; trial++ {
		var acc uint64
		for off := 0; off < len(buf); {
			n := 1 + r.Intn(100000)
			if off+n > len(buf) {
				n = len(buf) - off
			}
			acc = Combine(acc, Checksum(buf[off:off+n]), int64(n))
			off += n
		}
		if acc != want {
			t.Fatalf("trial %d: combined %#x, want %#x", trial, acc, want)
		}
	}
}
