"""CRC-64/XZ in pure Python: the tests' independent check of the CRC the library reports.

OSS's x-oss-hash-crc64ecma is CRC-64/XZ: the ECMA-182 polynomial, reflected, with all-ones
init and xorout. A table-driven byte loop is slow but needs nothing outside the standard
library, and the test files are small.
"""

_POLY = 0xC96C5795D7870F42  # ECMA-182, bit-reversed
_MASK = 0xFFFFFFFFFFFFFFFF


def _table():
    table = []
    for i in range(256):
        crc = i
        for _ in range(8):
            crc = (crc >> 1) ^ _POLY if crc & 1 else crc >> 1
        table.append(crc)
    return table


_TABLE = _table()


def crc64(data, crc=0):
    """Return the CRC-64/XZ of data, continuing from the finalized CRC crc."""
    crc ^= _MASK
    table = _TABLE
    for b in data:
        crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ _MASK
