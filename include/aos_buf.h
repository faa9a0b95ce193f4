/**
 * @file aos_buf.h
 * @brief aos_buf_t, a byte buffer that lives on an aos_list_t, as response bodies are returned.
 */
#ifndef OSSRESUME_AOS_BUF_H
#define OSSRESUME_AOS_BUF_H

#include "aos_define.h"
#include "aos_list.h"

AOS_CPP_START

/** A buffer; its valid bytes are [pos, last), its storage [start, end). */
typedef struct {
    aos_list_t node;
    uint8_t *pos;
    uint8_t *last;
    uint8_t *start;
    uint8_t *end;
} aos_buf_t;

#define aos_buf_size(b) ((b)->last - (b)->pos)

/** @brief Allocates a buffer with @p size bytes of storage from @p p, empty (pos = last = start).
 *  @return NULL when @p p is NULL, @p size is negative, or memory is exhausted. */
aos_buf_t *aos_create_buf(aos_pool_t *p, int size);

/** @brief Wraps @p data (not copied; it must outlive the buffer) as a full buffer of @p size
 *  bytes allocated from @p p. */
aos_buf_t *aos_buf_pack(aos_pool_t *p, const void *data, int size);

/** @brief The total of aos_buf_size over the aos_buf_t entries of @p list (0 for NULL). */
int64_t aos_buf_list_len(aos_list_t *list);

/** @brief The concatenated bytes of @p list, NUL-terminated, copied into @p p. */
char *aos_buf_list_content(aos_pool_t *p, aos_list_t *list);

/** @brief Appends @p len bytes of @p str to @p b, growing its storage from @p p when needed. */
void aos_buf_append_string(aos_pool_t *p, aos_buf_t *b, const char *str, int len);

/* issue 20: objects */
/** A byte range [file_pos, file_last) of an open file, as the official SDK describes a file
 *  body. Only its layout is used here: aos_http_request_t embeds a pointer to one. */
typedef struct {
    aos_list_t node;
    int64_t file_pos;
    int64_t file_last;
    FILE *file;
    unsigned int owner : 1;
} aos_file_buf_t;
/* end issue 20: objects */

AOS_CPP_END

#endif /* OSSRESUME_AOS_BUF_H */
