'use strict';
// CRC-64/XZ in plain JavaScript: the tests' independent check of the CRC the library reports.
// OSS's x-oss-hash-crc64ecma is CRC-64/XZ (ECMA-182, reflected, all-ones init and xorout).
// The 64-bit state is kept as two 32-bit halves because BigInt arithmetic per byte is slow.

const TABLE_HI = new Uint32Array(256);
const TABLE_LO = new Uint32Array(256);
(() => {
  const POLY_HI = 0xc96c5795;
  const POLY_LO = 0xd7870f42;
  for (let i = 0; i < 256; i++) {
    let hi = 0;
    let lo = i;
    for (let k = 0; k < 8; k++) {
      const odd = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi >>>= 1;
      if (odd) {
        hi = (hi ^ POLY_HI) >>> 0;
        lo = (lo ^ POLY_LO) >>> 0;
      }
    }
    TABLE_HI[i] = hi;
    TABLE_LO[i] = lo;
  }
})();

/** Returns the CRC-64/XZ of buf as a BigInt, continuing from the finalized CRC crc. */
function crc64(buf, crc = 0n) {
  let hi = Number((crc >> 32n) & 0xffffffffn) ^ 0xffffffff;
  let lo = Number(crc & 0xffffffffn) ^ 0xffffffff;
  for (let i = 0; i < buf.length; i++) {
    const idx = (lo ^ buf[i]) & 0xff;
    lo = ((lo >>> 8) | (hi << 24)) ^ TABLE_LO[idx];
    hi = (hi >>> 8) ^ TABLE_HI[idx];
  }
  return (BigInt((hi ^ 0xffffffff) >>> 0) << 32n) | BigInt((lo ^ 0xffffffff) >>> 0);
}

module.exports = { crc64 };
