package crc64

// Combine returns the CRC of A‖B given crc1 = CRC(A), crc2 = CRC(B) and len2 = len(B), without
// the data. It costs O(log len2) polynomial multiplications modulo the CRC polynomial, so folding
// the 10,000 part CRCs of a multipart upload takes microseconds.
//
// Why this works: appending len2 bytes to A multiplies A's (unconditioned) remainder by
// x^(8·len2) mod P; the all-ones init and xorout of CRC-64/XZ cancel out in the XOR with crc2,
// exactly as for zlib's CRC-32.
func Combine(crc1, crc2 uint64, len2 int64) uint64 {
	if len2 <= 0 {
		return crc1 // B is empty: CRC(A‖B) == CRC(A)
	}
	return mulModP(xPow8n(uint64(len2)), crc1) ^ crc2
}

// In the reflected representation bit 63 holds the coefficient of x^0 and bit 0 that of x^63.
const one = uint64(1) << 63

// mulModP returns a·b mod P for polynomials in reflected form.
func mulModP(a, b uint64) uint64 {
	var p uint64
	for m := one; m != 0; m >>= 1 {
		if a&m != 0 {
			p ^= b
			if a&(m-1) == 0 {
				break
			}
		}
		if b&1 != 0 {
			b = b>>1 ^ poly
		} else {
			b >>= 1
		}
	}
	return p
}

// x2n[k] is x^(2^k) mod P; x^(2^k) cycles with period dividing the multiplicative order, so 64
// entries indexed k mod 64 cover every exponent a uint64 can name.
var x2n = func() (t [64]uint64) {
	t[0] = one >> 1 // x^1
	for k := 1; k < len(t); k++ {
		t[k] = mulModP(t[k-1], t[k-1])
	}
	return t
}()

// xPow8n returns x^(8·n) mod P.
func xPow8n(n uint64) uint64 {
	p := one // x^0
	for k := 3; n != 0; k, n = k+1, n>>1 {
		if n&1 != 0 {
			p = mulModP(x2n[k&63], p)
		}
	}
	return p
}
