/**
 * @file aos_crc64.h
 * @brief CRC-64/ECMA-182 as OSS computes it (x-oss-hash-crc64ecma).
 */
#ifndef OSSRESUME_AOS_CRC64_H
#define OSSRESUME_AOS_CRC64_H

#include "aos_define.h"

AOS_CPP_START

/** @brief Continues @p crc (0 to start) over @p len bytes of @p buf; NULL @p buf returns @p crc.
 *  aos_crc64(0, "123456789", 9) == 0x995dc9bbdf1939fa. Thread-safe. */
uint64_t aos_crc64(uint64_t crc, void *buf, size_t len);

/** @brief The CRC of A followed by B, from crc(A) = @p crc1, crc(B) = @p crc2 and B's length. */
uint64_t aos_crc64_combine(uint64_t crc1, uint64_t crc2, uintmax_t len2);

AOS_CPP_END

#endif /* OSSRESUME_AOS_CRC64_H */
