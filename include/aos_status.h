/**
 * @file aos_status.h
 * @brief aos_status_t, the result of every OSS call, its helpers and the error-code strings.
 */
#ifndef OSSRESUME_AOS_STATUS_H
#define OSSRESUME_AOS_STATUS_H

#include "aos_define.h"
#include "aos_list.h"

AOS_CPP_START

typedef struct aos_status_s aos_status_t;

/**
 * The outcome of a call.
 * - `code`: the HTTP status when the server answered; a negative AOSE_* code for a failure before
 *   or below HTTP; a positive errno for a local file that cannot be opened (as the official SDK).
 * - `error_code`: OSS's `<Code>` or one of the AOS_*_ERROR_CODE strings; NULL on success.
 * - `error_msg`: OSS's `<Message>` or a description of the failure; may be NULL.
 * - `req_id`: the server's x-oss-request-id of the request that decided the outcome, or "".
 * The strings belong to the status's pool (or are static) and must not be modified or freed.
 */
struct aos_status_s {
    int code;
    char *error_code;
    char *error_msg;
    char *req_id;
};

/** @brief Non-zero when @p s is a 2xx status. NULL is not OK. */
static inline int aos_status_is_ok(aos_status_t *s)
{
    return s != NULL && s->code > 0 && s->code / 100 == 2;
}

/** @brief Non-zero for a 2xx HTTP status. */
static inline int aos_http_is_ok(int st)
{
    return st / 100 == 2;
}

#define aos_status_set(s, c, ec, es) \
    (s)->code = c; (s)->error_code = (char *)(ec); (s)->error_msg = (char *)(es)

/** @brief A zeroed status allocated from @p p; NULL when @p p is NULL. */
aos_status_t *aos_status_create(aos_pool_t *p);

/** @brief A copy of @p src in @p p, strings included (req_id too, unlike the official SDK). */
aos_status_t *aos_status_dup(aos_pool_t *p, aos_status_t *src);

/** @brief Non-zero when retrying the request that produced @p s could succeed: 5xx and
 *  connection failures. */
int aos_should_retry(aos_status_t *s);

extern const char AOS_XML_PARSE_ERROR_CODE[];
extern const char AOS_OPEN_FILE_ERROR_CODE[];
extern const char AOS_WRITE_FILE_ERROR_CODE[];
extern const char AOS_RENAME_FILE_ERROR_CODE[];
extern const char AOS_HTTP_IO_ERROR_CODE[];
extern const char AOS_UNKNOWN_ERROR_CODE[];
extern const char AOS_CLIENT_ERROR_CODE[];
extern const char AOS_SERVER_ERROR_CODE[];
extern const char AOS_UTF8_ENCODE_ERROR_CODE[];
extern const char AOS_URL_ENCODE_ERROR_CODE[];
extern const char AOS_INCONSISTENT_ERROR_CODE[];
extern const char AOS_CREATE_QUEUE_ERROR_CODE[];
extern const char AOS_CREATE_THREAD_POOL_ERROR_CODE[];
extern const char AOS_EMPTY_STRING_ERROR[];
extern const char AOS_SELECT_OBJECT_ERROR[];
extern const char AOS_SELECT_OBJECT_CRC_ERROR[];
extern const char AOS_CREATE_SELECT_OBJECT_META_ERROR[];
extern const char AOS_BUCKET_NAME_INVALID_ERROR[];
extern const char AOS_OBJECT_NAME_INVALID_ERROR[];

AOS_CPP_END

#endif /* OSSRESUME_AOS_STATUS_H */
