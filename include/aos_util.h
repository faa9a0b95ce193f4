/**
 * @file aos_util.h
 * @brief Number parsing and base64, as the SDK samples use them.
 */
#ifndef OSSRESUME_AOS_UTIL_H
#define OSSRESUME_AOS_UTIL_H

#include "aos_define.h"
#include "aos_buf.h"
#include "aos_crc64.h"
#include "aos_log.h"
#include "aos_status.h"
#include "aos_string.h"

AOS_CPP_START

/** @brief Parses a decimal int64; 0 for NULL or text that is not a number. */
int64_t aos_atoi64(const char *nptr);

/** @brief Parses a decimal uint64 (as x-oss-hash-crc64ecma); 0 for NULL or not a number. */
uint64_t aos_atoui64(const char *nptr);

/** @brief Base64 of @p in_len bytes of @p in into @p out, which must hold
 *  4 * ((in_len + 2) / 3) bytes. It does not NUL-terminate (as the official SDK).
 *  @return the number of characters written. */
int aos_base64_encode(const unsigned char *in, int in_len, char *out);

AOS_CPP_END

#endif /* OSSRESUME_AOS_UTIL_H */
