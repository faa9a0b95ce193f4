/**
 * @file aos_define.h
 * @brief Base types, error codes, constants and the pool and table macros of the OSS C SDK
 *        surface, standing alone: no APR, curl or mxml is needed.
 *
 * The official SDK builds on APR, so programs written against it name APR types and call
 * `apr_table_*`, `apr_pool_*`, `apr_pstrdup` and `apr_psprintf` directly. Here those names are
 * macros onto ossresume's own pools and tables (`ossr_*`), which keeps such programs
 * source-compatible; they are not binary-compatible with libapr, and a program must not include
 * the real APR headers together with these.
 *
 * Threads: a pool and everything allocated from it belong to one thread at a time, as in APR.
 */
#ifndef OSSRESUME_AOS_DEFINE_H
#define OSSRESUME_AOS_DEFINE_H

/* The official headers pull these in through APR and curl; the documentation sample relies on
 * them (printf, getenv, exit, strlen) without including them itself. */
#include <assert.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifdef __cplusplus
#define AOS_CPP_START extern "C" {
#define AOS_CPP_END }
#else
#define AOS_CPP_START
#define AOS_CPP_END
#endif

#if defined(__GNUC__) || defined(__clang__)
#define OSSR_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define OSSR_PRINTF(fmt, args)
#endif

AOS_CPP_START

/* ---- APR-compatible scalar types ---------------------------------------------------------- */
typedef int apr_status_t;
typedef int64_t apr_time_t; /**< microseconds since the epoch, as APR counts */
typedef size_t apr_size_t;
typedef int64_t apr_off_t;
typedef int32_t apr_int32_t;
typedef uint32_t apr_uint32_t;
typedef int64_t apr_int64_t;
typedef uint64_t apr_uint64_t;
#define APR_SUCCESS 0

/** A memory pool. Opaque; created by aos_pool_create, freed with everything in it (child pools
 *  included) by aos_pool_destroy. */
typedef struct ossr_pool_s apr_pool_t;
typedef apr_pool_t aos_pool_t;

/** The array behind a table, laid out as APR's so that `apr_table_elts` iteration works. */
typedef struct {
    apr_pool_t *pool;
    int elt_size;
    int nelts;
    int nalloc;
    char *elts;
} apr_array_header_t;

/** One table entry; `apr_table_elts(t)->elts` is an array of `nelts` of these. */
typedef struct {
    char *key;
    char *val;
    apr_uint32_t key_checksum;
} apr_table_entry_t;

/** A table of string pairs with case-insensitive keys and duplicates allowed. Opaque, but its
 *  first member is an apr_array_header_t of apr_table_entry_t, as in APR. */
typedef struct ossr_table_s apr_table_t;
typedef apr_table_t aos_table_t;

/* ---- Error codes ------------------------------------------------------------------------- */
typedef enum {
    AOSE_OK = 0,
    AOSE_OUT_MEMORY = -1000,
    AOSE_OVER_MEMORY = -999,
    AOSE_FAILED_CONNECT = -998,
    AOSE_ABORT_CALLBACK = -997,
    AOSE_INTERNAL_ERROR = -996,
    AOSE_REQUEST_TIMEOUT = -995,
    AOSE_INVALID_ARGUMENT = -994,
    AOSE_INVALID_OPERATION = -993,
    AOSE_CONNECTION_FAILED = -992,
    AOSE_FAILED_INITIALIZE = -991,
    AOSE_NAME_LOOKUP_ERROR = -990,
    AOSE_FAILED_VERIFICATION = -989,
    AOSE_WRITE_BODY_ERROR = -988,
    AOSE_READ_BODY_ERROR = -987,
    AOSE_SERVICE_ERROR = -986,
    AOSE_OPEN_FILE_ERROR = -985,
    AOSE_FILE_SEEK_ERROR = -984,
    AOSE_FILE_INFO_ERROR = -983,
    AOSE_FILE_READ_ERROR = -982,
    AOSE_FILE_WRITE_ERROR = -981,
    AOSE_XML_PARSE_ERROR = -980,
    AOSE_UTF8_ENCODE_ERROR = -979,
    AOSE_CRC_INCONSISTENT_ERROR = -978,
    AOSE_FILE_FLUSH_ERROR = -977,
    AOSE_FILE_TRUNC_ERROR = -976,
    AOSE_SELECT_OBJECT_CRC_ERROR = -975,
    AOSE_UNKNOWN_ERROR = -100
} aos_error_code_e;

typedef enum {
    HTTP_GET,
    HTTP_HEAD,
    HTTP_PUT,
    HTTP_POST,
    HTTP_DELETE
} http_method_e;

/* ---- Constants --------------------------------------------------------------------------- */
#define AOS_TRUE 1
#define AOS_FALSE 0
#define AOS_INIT_WINSOCK 1

#define AOS_VERSION "3.11.2"
#define AOS_VER "aliyun-sdk-c/" AOS_VERSION
#define AOS_HTTP_PREFIX "http://"
#define AOS_HTTPS_PREFIX "https://"
#define AOS_TEMP_FILE_SUFFIX ".tmp"

#define AOS_MAX_URI_LEN 2048
#define AOS_MAX_HEADER_LEN 8192
#define AOS_MAX_QUERY_ARG_LEN 1024
#define AOS_MAX_GMT_TIME_LEN 128
#define AOS_MAX_XML_NODE_VALUE_LEN 1024
#define AOS_MAX_INT64_STRING_LEN 64

#define AOS_CONNECT_TIMEOUT 10
#define AOS_DNS_CACHE_TIMOUT 60
#define AOS_MIN_SPEED_LIMIT 1024
#define AOS_MIN_SPEED_TIME 15
#define AOS_MAX_MEMORY_SIZE (1024 * 1024 * 1024L)
#define AOS_MAX_PART_SIZE (512 * 1024 * 1024L)
#define AOS_DEFAULT_PART_SIZE (1024 * 1024L)

#define aos_min(val1, val2) (((val1) < (val2)) ? (val1) : (val2))
#define aos_max(val1, val2) (((val1) > (val2)) ? (val1) : (val2))
#define aos_abs(value) (((value) < 0) ? -(value) : (value))

/* ---- Pools ------------------------------------------------------------------------------- */

/**
 * @brief Creates a pool, a child of @p parent or a root pool when @p parent is NULL.
 * @param newpool receives the pool; set to NULL on failure.
 * @return APR_SUCCESS (0), AOSE_INVALID_ARGUMENT when @p newpool is NULL, or
 *         AOSE_OUT_MEMORY.
 * Destroying the parent destroys the child. Unlike APR, no global initialisation is needed.
 */
apr_status_t ossr_pool_create(aos_pool_t **newpool, aos_pool_t *parent);

/** @brief Frees every allocation of @p p and destroys its child pools, then @p p itself.
 *  NULL is ignored. */
void ossr_pool_destroy(aos_pool_t *p);

/** @brief Frees every allocation and child pool of @p p but keeps @p p usable. NULL is ignored. */
void ossr_pool_clear(aos_pool_t *p);

/** @brief Allocates @p size bytes from @p p (uninitialised), freed with the pool.
 *  @return NULL when @p p is NULL or memory is exhausted. */
void *ossr_palloc(aos_pool_t *p, apr_size_t size);

/** @brief Like ossr_palloc, zero-filled. */
void *ossr_pcalloc(aos_pool_t *p, apr_size_t size);

/** @brief Copies the NUL-terminated @p s into @p p. @return NULL when @p s or @p p is NULL. */
char *ossr_pstrdup(aos_pool_t *p, const char *s);

/** @brief Copies at most @p n bytes of @p s into @p p and NUL-terminates the copy. */
char *ossr_pstrndup(aos_pool_t *p, const char *s, apr_size_t n);

/** @brief printf into a string allocated from @p p. */
char *ossr_psprintf(aos_pool_t *p, const char *fmt, ...) OSSR_PRINTF(2, 3);

/** @brief The current time in microseconds since the epoch. */
apr_time_t ossr_time_now(void);

#define aos_pool_create(n, p) ossr_pool_create(n, p)
#define aos_pool_destroy(p) ossr_pool_destroy(p)
#define aos_pool_clear(p) ossr_pool_clear(p)
#define aos_palloc(p, s) ossr_palloc(p, s)
#define aos_pcalloc(p, s) ossr_pcalloc(p, s)
#define apr_pool_create(n, p) ossr_pool_create(n, p)
#define apr_pool_create_ex(n, p, abort_fn, allocator) ossr_pool_create(n, p)
#define apr_pool_destroy(p) ossr_pool_destroy(p)
#define apr_pool_clear(p) ossr_pool_clear(p)
#define apr_palloc(p, s) ossr_palloc(p, s)
#define apr_pcalloc(p, s) ossr_pcalloc(p, s)
#define apr_pstrdup(p, s) ossr_pstrdup(p, s)
#define apr_pstrndup(p, s, n) ossr_pstrndup(p, s, n)
#define apr_psprintf ossr_psprintf
#define apr_time_now() ossr_time_now()

/* ---- Tables ------------------------------------------------------------------------------ */

/** @brief Makes an empty table in @p p; @p nelts is only a capacity hint (0 is fine).
 *  @return NULL when @p p is NULL. */
aos_table_t *ossr_table_make(aos_pool_t *p, int nelts);

/** @brief Replaces every entry named @p key (case-insensitively) with one @p key: @p val.
 *  Both are copied into the table's pool. NULL table, key or value: nothing happens. */
void ossr_table_set(aos_table_t *t, const char *key, const char *val);

/** @brief Appends @p key: @p val, keeping existing entries of that name; both are copied. */
void ossr_table_add(aos_table_t *t, const char *key, const char *val);

/** @brief The value of the first entry named @p key (case-insensitively), or NULL. The string
 *  belongs to the table. */
const char *ossr_table_get(const aos_table_t *t, const char *key);

/** @brief Removes every entry named @p key (case-insensitively). */
void ossr_table_unset(aos_table_t *t, const char *key);

/** @brief Removes every entry. */
void ossr_table_clear(aos_table_t *t);

#define aos_table_make(p, n) ossr_table_make(p, n)
#define aos_table_elts(t) apr_table_elts(t)
#define aos_is_empty_table(t) ((t) == NULL || apr_table_elts(t)->nelts == 0)
#define apr_table_make(p, n) ossr_table_make(p, n)
#define apr_table_elts(t) ((const apr_array_header_t *)(t))
#define apr_is_empty_table(t) (apr_table_elts(t)->nelts == 0)
#define apr_table_set(t, k, v) ossr_table_set(t, k, v)
#define apr_table_setn(t, k, v) ossr_table_set(t, k, v)
#define apr_table_add(t, k, v) ossr_table_add(t, k, v)
#define apr_table_addn(t, k, v) ossr_table_add(t, k, v)
#define apr_table_get(t, k) ossr_table_get(t, k)
#define apr_table_unset(t, k) ossr_table_unset(t, k)
#define apr_table_clear(t) ossr_table_clear(t)

#define aos_table_add_int(t, key, value) do { \
        char value_str[64]; \
        snprintf(value_str, sizeof(value_str), "%d", (int)(value)); \
        ossr_table_add(t, key, value_str); \
    } while (0)

#define aos_table_add_int64(t, key, value) do { \
        char value_str[64]; \
        snprintf(value_str, sizeof(value_str), "%" PRId64, (int64_t)(value)); \
        ossr_table_add(t, key, value_str); \
    } while (0)

#define aos_table_set_int64(t, key, value) do { \
        char value_str[64]; \
        snprintf(value_str, sizeof(value_str), "%" PRId64, (int64_t)(value)); \
        ossr_table_set(t, key, value_str); \
    } while (0)

AOS_CPP_END

#endif /* OSSRESUME_AOS_DEFINE_H */
