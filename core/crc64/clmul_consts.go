package crc64

// clmulConsts are the multipliers of the carry-less-multiply kernels, read by the assembly as
// four 16-byte vectors and never written. TestClmulConsts recomputes every entry from poly.
//
// All values are polynomials mod P in the reflected representation (bit 63 is x^0). A 128-bit
// register holds data as lo‖hi, where lo carries the higher-degree half. Moving such a value
// d bits further along the message multiplies it by x^d, done as lo·(x^(d+64) mod P) ⊕
// hi·(x^d mod P). A reflected 64×64 carry-less product comes out multiplied by one extra x, so
// each multiplier is stored with one x taken off: x^(d+63) and x^(d-1).
var clmulConsts = [8]uint64{
	// Fold by 1024 bits: the distance between loop iterations of the eight 128-bit (SSE) or
	// four 256-bit (AVX2) accumulators.
	0x8757d71d4fcc1000, // x^1087 mod P, multiplies lo
	0xd7d86b2af73de740, // x^1023 mod P, multiplies hi
	// Fold by 256 bits: one 256-bit accumulator onto the next 32 bytes.
	0x60095b008a9efa44, // x^319 mod P, multiplies lo
	0x3be653a30fe1af51, // x^255 mod P, multiplies hi
	// Fold by 128 bits: one 128-bit accumulator onto the next 16 bytes. The hi multiplier,
	// x^127, also starts the final reduction (lo·x^128 mod P).
	0xe05dd497ca393ae4, // x^191 mod P, multiplies lo
	0xdabe95afc7875f40, // x^127 mod P, multiplies hi
	// Barrett reduction of 128 bits to the 64-bit remainder.
	0x9c3e466c172963d5, // μ = ⌊x^128 / P⌋ (degree 64), divided by x
	0x92d8af2baf0e1e85, // P itself, divided by x (its x^0 term is put back with one XOR)
}
