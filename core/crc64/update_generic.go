package crc64

import stdcrc "hash/crc64"

// poly is the ECMA-182 polynomial in reflected (LSB-first) form, as hash/crc64 uses it.
const poly = 0xC96C5795D7870F42

var table = stdcrc.MakeTable(stdcrc.ECMA)

// updateGeneric is the portable path: every kernel's short inputs and tails, and the whole
// job where no carry-less-multiply kernel applies.
func updateGeneric(crc uint64, p []byte) uint64 { return stdcrc.Update(crc, table, p) }
