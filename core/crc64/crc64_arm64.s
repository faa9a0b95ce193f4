//go:build arm64 && gc && !noasm && !purego

#include "textflag.h"

// Carry-less-multiply folding for the reflected CRC-64/XZ polynomial with PMULL/PMULL2, the
// same arithmetic as foldSSE in crc64_amd64.s; the multipliers, and why each has the exponent
// it has, are in clmul_consts.go (·clmulConsts, base in R8):
//   0(R8)  fold by 1024 bits    16(R8) fold by 256 bits (unused here)
//   32(R8) fold by 128 bits     48(R8) Barrett μ and P
// LD1 of .B16 on little-endian arm64 leaves bytes 0..7 in D[0], exactly as MOVOU leaves them in
// an XMM register's low qword, so D[0] is the lo (higher-degree) half of clmul_consts.go.
// PMULL multiplies the D[0] halves and PMULL2 the D[1] halves, which is what folding needs:
// lo by lo's multiplier, hi by hi's, as both sit in one register k.

// FOLD moves acc forward by the distance k encodes: acc = acc.lo·k.lo ⊕ acc.hi·k.hi.
#define FOLD(acc, tmp, k) \
	VPMULL  k.D1, acc.D1, tmp.Q1; \
	VPMULL2 k.D2, acc.D2, acc.Q1; \
	VEOR    tmp.B16, acc.B16, acc.B16

// FOLD_ADD folds acc by the distance in V8 and adds the block in in.
#define FOLD_ADD(acc, tmp, in) \
	FOLD(acc, tmp, V8); \
	VEOR in.B16, acc.B16, acc.B16

// func foldPMULL(crc uint64, p []byte) uint64
TEXT ·foldPMULL(SB), NOSPLIT, $0-40
	MOVD crc+0(FP), R0
	MOVD p_base+8(FP), R1
	MOVD p_len+16(FP), R2
	MOVD $·clmulConsts(SB), R8
	VEOR V11.B16, V11.B16, V11.B16
	VMOV R0, V11.D[0]

	CMP $128, R2
	BLO one

	// Eight accumulators, 128 bytes per iteration: PMULL's latency is hidden only when
	// several independent folds are in flight.
	VLD1.P 64(R1), [V0.B16, V1.B16, V2.B16, V3.B16]
	VLD1.P 64(R1), [V4.B16, V5.B16, V6.B16, V7.B16]
	VEOR   V11.B16, V0.B16, V0.B16
	SUB    $128, R2
	VLD1   (R8), [V8.B16]

loop128:
	CMP    $128, R2
	BLO    merge
	VLD1.P 64(R1), [V16.B16, V17.B16, V18.B16, V19.B16]
	VLD1.P 64(R1), [V20.B16, V21.B16, V22.B16, V23.B16]
	FOLD_ADD(V0, V24, V16)
	FOLD_ADD(V1, V25, V17)
	FOLD_ADD(V2, V26, V18)
	FOLD_ADD(V3, V27, V19)
	FOLD_ADD(V4, V28, V20)
	FOLD_ADD(V5, V29, V21)
	FOLD_ADD(V6, V30, V22)
	FOLD_ADD(V7, V31, V23)
	SUB    $128, R2
	B      loop128

merge:
	// Each accumulator is 128 bits ahead of the next: fold them into V0 one by one.
	ADD  $32, R8, R9
	VLD1 (R9), [V8.B16]
	FOLD_ADD(V0, V24, V1)
	FOLD_ADD(V0, V24, V2)
	FOLD_ADD(V0, V24, V3)
	FOLD_ADD(V0, V24, V4)
	FOLD_ADD(V0, V24, V5)
	FOLD_ADD(V0, V24, V6)
	FOLD_ADD(V0, V24, V7)
	B    loop16

one:
	VLD1.P 16(R1), [V0.B16]
	VEOR   V11.B16, V0.B16, V0.B16
	SUB    $16, R2
	ADD    $32, R8, R9
	VLD1   (R9), [V8.B16]

loop16:
	CBZ    R2, reduce
	VLD1.P 16(R1), [V16.B16]
	FOLD_ADD(V0, V24, V16)
	SUB    $16, R2
	B      loop16

reduce:
	// V0 = L‖H; the steps are REDUCE's in crc64_amd64.s. PMULL takes both factors from D[0],
	// so x^127, μ/x and P/x are loaded alone into D registers (the scalar loads clear D[1])
	// rather than paired in one vector. Y = L·x^127 ⊕ H (H moved to D[0] by EXT with zero);
	// q = D[0] of Y.lo·(μ/x); the result is D[1] of q·(P/x) ⊕ Y, XORed with q.
	FMOVD  40(R8), F13
	FMOVD  48(R8), F10
	FMOVD  56(R8), F12
	VEOR   V15.B16, V15.B16, V15.B16
	VPMULL V13.D1, V0.D1, V9.Q1
	VEXT   $8, V15.B16, V0.B16, V14.B16
	VEOR   V14.B16, V9.B16, V9.B16
	VPMULL V10.D1, V9.D1, V11.Q1
	VPMULL V12.D1, V11.D1, V12.Q1
	VEOR   V9.B16, V12.B16, V12.B16
	VMOV   V12.D[1], R0
	VMOV   V11.D[0], R3
	EOR    R3, R0
	MOVD   R0, ret+32(FP)
	RET
