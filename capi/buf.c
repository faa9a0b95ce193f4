// Buffers and their lists, as response bodies are handed to C.

#include "internal.h"

aos_buf_t *aos_create_buf(aos_pool_t *p, int size)
{
    if (p == NULL || size < 0) {
        return NULL;
    }
    aos_buf_t *b = ossr_pcalloc(p, sizeof(*b));
    if (b == NULL) {
        return NULL;
    }
    b->start = ossr_palloc(p, (size_t)size);
    if (b->start == NULL) {
        return NULL;
    }
    b->pos = b->last = b->start;
    b->end = b->start + size;
    aos_list_init(&b->node);
    return b;
}

aos_buf_t *aos_buf_pack(aos_pool_t *p, const void *data, int size)
{
    if (p == NULL || size < 0 || (data == NULL && size > 0)) {
        return NULL;
    }
    aos_buf_t *b = ossr_pcalloc(p, sizeof(*b));
    if (b == NULL) {
        return NULL;
    }
    b->pos = b->start = (uint8_t *)(uintptr_t)data;
    b->last = b->end = b->start + size;
    aos_list_init(&b->node);
    return b;
}

int64_t aos_buf_list_len(aos_list_t *list)
{
    if (list == NULL || list->next == NULL) {
        return 0;
    }
    int64_t n = 0;
    aos_buf_t *b;
    aos_list_for_each_entry(aos_buf_t, b, list, node) {
        n += aos_buf_size(b);
    }
    return n;
}

char *aos_buf_list_content(aos_pool_t *p, aos_list_t *list)
{
    int64_t n = aos_buf_list_len(list);
    char *s = ossr_palloc(p, (size_t)n + 1);
    if (s == NULL) {
        return NULL;
    }
    size_t at = 0;
    if (n > 0) {
        aos_buf_t *b;
        aos_list_for_each_entry(aos_buf_t, b, list, node) {
            size_t k = (size_t)aos_buf_size(b);
            if (k > 0) {
                memcpy(s + at, b->pos, k);
            }
            at += k;
        }
    }
    s[at] = '\0';
    return s;
}

void aos_buf_append_string(aos_pool_t *p, aos_buf_t *b, const char *str, int len)
{
    if (p == NULL || b == NULL || str == NULL || len <= 0) {
        return;
    }
    if (b->end - b->last < len) {
        size_t have = (size_t)(b->last - b->pos);
        size_t cap = (have + (size_t)len) * 2;
        uint8_t *s = ossr_palloc(p, cap);
        if (s == NULL) {
            return;
        }
        if (have > 0) {
            memcpy(s, b->pos, have);
        }
        b->start = b->pos = s;
        b->last = s + have;
        b->end = s + cap;
    }
    memcpy(b->last, str, (size_t)len);
    b->last += len;
}
