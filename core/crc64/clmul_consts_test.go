package crc64

import (
	"fmt"
	"math/bits"
	"testing"
)

// xPowModP returns x^k mod P, reflected, by square-and-multiply over the x^(2^j) table.
func xPowModP(k uint64) uint64 {
	p := one
	for j := 0; k != 0; j, k = j+1, k>>1 {
		if k&1 != 0 {
			p = mulModP(x2n[j], p)
		}
	}
	return p
}

// barrettMu returns ⌊x^128 / P⌋ without its x^64 term, in normal (MSB-first) form, by long
// division: bit i of the result is the quotient coefficient of x^i.
func barrettMu() uint64 {
	pn := bits.Reverse64(poly) // P without its x^64 term, normal form
	// rem holds the coefficients x^(63+i)..x^i of what is left of x^128 after the quotient
	// terms above x^i have been taken out; taking x^64·P out first leaves pn at x^64..x^127.
	var q uint64
	rem := pn
	for i := 63; i >= 0; i-- {
		top := rem >> 63 // coefficient of x^(64+i)
		rem <<= 1
		if top != 0 {
			q |= 1 << i
			rem ^= pn
		}
	}
	return q
}

func TestClmulConsts(t *testing.T) {
	// Folding by d bits multiplies lo by x^(d+64) and hi by x^d, less the x every reflected
	// product adds.
	var want [8]uint64
	for i, d := range []uint64{1024, 256, 128} {
		want[2*i], want[2*i+1] = xPowModP(d+63), xPowModP(d-1)
	}
	want[6] = bits.Reverse64(1<<63 | barrettMu()>>1)          // μ/x
	want[7] = bits.Reverse64(1<<63 | bits.Reverse64(poly)>>1) // P/x
	if clmulConsts != want {
		for _, v := range want {
			fmt.Printf("\t%#016x,\n", v)
		}
		t.Fatalf("clmulConsts = %#x, want %#x (printed above)", clmulConsts, want)
	}
}

// TestBarrettMu checks the quotient independently: μ·P must equal x^128 plus a remainder of
// degree below 64, i.e. the product's bits 64..127 are all zero and bit 128 is set.
func TestBarrettMu(t *testing.T) {
	mu := barrettMu()
	pn := bits.Reverse64(poly)
	// (x^64 + mu)(x^64 + pn) = x^128 + (mu+pn)·x^64 + mu·pn
	hi, _ := clmulRef(mu, pn)
	if got := mu ^ pn ^ hi; got != 0 {
		t.Fatalf("μ·P has x^64..x^127 coefficients %#x, want 0", got)
	}
}

// clmulRef is a plain carry-less 64×64 multiply of normal-form polynomials.
func clmulRef(a, b uint64) (hi, lo uint64) {
	for i := 0; i < 64; i++ {
		if b>>i&1 != 0 {
			lo ^= a << i
			if i > 0 {
				hi ^= a >> (64 - i)
			}
		}
	}
	return hi, lo
}
