//go:build amd64 && gc && !noasm && !purego

#include "textflag.h"

// Carry-less-multiply folding for the reflected CRC-64/XZ polynomial. The multipliers, and
// why each has the exponent it has, are in clmul_consts.go (·clmulConsts):
//   0(R8)  fold by 1024 bits    16(R8) fold by 256 bits
//   32(R8) fold by 128 bits     48(R8) Barrett μ and P
// Both functions take and return the raw CRC register, which is XORed into the first 8 bytes.

// FOLD moves acc forward by the distance k encodes: acc = acc.lo·k.lo ⊕ acc.hi·k.hi.
#define FOLD(acc, tmp, k) \
	MOVO      acc, tmp; \
	PCLMULQDQ $0x00, k, acc; \
	PCLMULQDQ $0x11, k, tmp; \
	PXOR      tmp, acc

// FOLD_LOAD folds acc by 1024 bits and adds the 16 bytes at off(SI).
#define FOLD_LOAD(acc, off) \
	FOLD(acc, X9, X8); \
	MOVOU off(SI), X10; \
	PXOR  X10, acc

// REDUCE turns the 128-bit X0 (X8 = the fold-by-128 pair) into the 64-bit remainder in AX.
// X0 = L‖H stands for L·x^64 + H, and the CRC register is (L·x^64 + H)·x^64 mod P.
// First Y = L·(x^128 mod P) ⊕ H·x^64 = Yh·x^64 + Yl (X9: L times x^127, plus H moved to the
// high-degree qword). Barrett: with q = ⌊Yh·μ / x^64⌋, Y mod P = Yl ⊕ (q·P mod x^64). The low
// qword of Yh·(μ/x) is q (X11); the high qword of q·(P/x) is (q·P mod x^64) ⊕ q, because P/x
// lacks P's x^0 term, so q is XORed back in at the end.
#define REDUCE \
	MOVO      X0, X9; \
	PCLMULQDQ $0x10, X8, X9; \
	PSRLDQ    $8, X0; \
	PXOR      X0, X9; \
	MOVOU     48(R8), X10; \
	MOVO      X9, X11; \
	PCLMULQDQ $0x00, X10, X11; \
	MOVO      X11, X12; \
	PCLMULQDQ $0x10, X10, X12; \
	PXOR      X9, X12; \
	PSHUFD    $0xee, X12, X12; \
	MOVQ      X12, AX; \
	MOVQ      X11, BX; \
	XORQ      BX, AX

// func foldSSE(crc uint64, p []byte) uint64
TEXT ·foldSSE(SB), NOSPLIT, $0-40
	MOVQ crc+0(FP), AX
	MOVQ p_base+8(FP), SI
	MOVQ p_len+16(FP), CX
	LEAQ ·clmulConsts(SB), R8
	MOVQ AX, X11

	CMPQ CX, $128
	JB   sseOne

	// Eight accumulators, 128 bytes per iteration.
	MOVOU 0(SI), X0
	MOVOU 16(SI), X1
	MOVOU 32(SI), X2
	MOVOU 48(SI), X3
	MOVOU 64(SI), X4
	MOVOU 80(SI), X5
	MOVOU 96(SI), X6
	MOVOU 112(SI), X7
	PXOR  X11, X0
	ADDQ  $128, SI
	SUBQ  $128, CX
	MOVOU 0(R8), X8

sseLoop128:
	CMPQ CX, $128
	JB   sseMerge
	FOLD_LOAD(X0, 0)
	FOLD_LOAD(X1, 16)
	FOLD_LOAD(X2, 32)
	FOLD_LOAD(X3, 48)
	FOLD_LOAD(X4, 64)
	FOLD_LOAD(X5, 80)
	FOLD_LOAD(X6, 96)
	FOLD_LOAD(X7, 112)
	ADDQ $128, SI
	SUBQ $128, CX
	JMP  sseLoop128

sseMerge:
	// Each accumulator is 128 bits ahead of the next: fold them into X0 one by one.
	MOVOU 32(R8), X8
	FOLD(X0, X9, X8)
	PXOR  X1, X0
	FOLD(X0, X9, X8)
	PXOR  X2, X0
	FOLD(X0, X9, X8)
	PXOR  X3, X0
	FOLD(X0, X9, X8)
	PXOR  X4, X0
	FOLD(X0, X9, X8)
	PXOR  X5, X0
	FOLD(X0, X9, X8)
	PXOR  X6, X0
	FOLD(X0, X9, X8)
	PXOR  X7, X0
	JMP   sseLoop16

sseOne:
	MOVOU 0(SI), X0
	PXOR  X11, X0
	ADDQ  $16, SI
	SUBQ  $16, CX
	MOVOU 32(R8), X8

sseLoop16:
	CMPQ  CX, $16
	JB    sseReduce
	FOLD(X0, X9, X8)
	MOVOU 0(SI), X10
	PXOR  X10, X0
	ADDQ  $16, SI
	SUBQ  $16, CX
	JMP   sseLoop16

sseReduce:
	REDUCE
	MOVQ AX, ret+32(FP)
	RET

// VFOLD moves each 128-bit lane of acc forward by the distance k encodes.
#define VFOLD(acc, tmp, k) \
	VPCLMULQDQ $0x00, k, acc, tmp; \
	VPCLMULQDQ $0x11, k, acc, acc; \
	VPXOR      tmp, acc, acc

// func foldAVX2(crc uint64, p []byte) uint64
TEXT ·foldAVX2(SB), NOSPLIT, $0-40
	MOVQ crc+0(FP), AX
	MOVQ p_base+8(FP), SI
	MOVQ p_len+16(FP), CX
	LEAQ ·clmulConsts(SB), R8

	// Four 256-bit accumulators, eight 128-bit lanes, 128 bytes per iteration.
	VMOVDQU        0(SI), Y0
	VMOVDQU        32(SI), Y1
	VMOVDQU        64(SI), Y2
	VMOVDQU        96(SI), Y3
	VMOVQ          AX, X4
	VPXOR          Y4, Y0, Y0
	ADDQ           $128, SI
	SUBQ           $128, CX
	VBROADCASTI128 0(R8), Y8

avxLoop128:
	CMPQ  CX, $128
	JB    avxMerge
	VFOLD(Y0, Y4, Y8)
	VFOLD(Y1, Y5, Y8)
	VFOLD(Y2, Y6, Y8)
	VFOLD(Y3, Y7, Y8)
	VPXOR 0(SI), Y0, Y0
	VPXOR 32(SI), Y1, Y1
	VPXOR 64(SI), Y2, Y2
	VPXOR 96(SI), Y3, Y3
	ADDQ  $128, SI
	SUBQ  $128, CX
	JMP   avxLoop128

avxMerge:
	// Each accumulator is 256 bits ahead of the next.
	VBROADCASTI128 16(R8), Y8
	VFOLD(Y0, Y4, Y8)
	VPXOR          Y1, Y0, Y0
	VFOLD(Y0, Y4, Y8)
	VPXOR          Y2, Y0, Y0
	VFOLD(Y0, Y4, Y8)
	VPXOR          Y3, Y0, Y0

avxLoop32:
	CMPQ  CX, $32
	JB    avxHalve
	VFOLD(Y0, Y4, Y8)
	VPXOR 0(SI), Y0, Y0
	ADDQ  $32, SI
	SUBQ  $32, CX
	JMP   avxLoop32

avxHalve:
	// The low lane is 128 bits ahead of the high one.
	VEXTRACTI128 $1, Y0, X1
	VMOVDQU      32(R8), X8
	VFOLD(X0, X4, X8)
	VPXOR        X1, X0, X0

avxLoop16:
	CMPQ  CX, $16
	JB    avxReduce
	VFOLD(X0, X4, X8)
	VPXOR 0(SI), X0, X0
	ADDQ  $16, SI
	SUBQ  $16, CX
	JMP   avxLoop16

avxReduce:
	VZEROUPPER
	REDUCE
	MOVQ AX, ret+32(FP)
	RET
