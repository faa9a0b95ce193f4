// Pools: every allocation is its own malloc block on the pool's list, so destroying a pool
// frees exactly what was allocated from it, and AddressSanitizer and valgrind see each block.

#include "internal.h"

#include <errno.h>
#include <sys/time.h>

struct ossr_block {
    struct ossr_block *next;
    max_align_t align[]; // user data starts here, maximally aligned
};

struct ossr_pool_s {
    struct ossr_pool_s *parent;
    struct ossr_pool_s *first_child;
    struct ossr_pool_s *next_sibling;
    struct ossr_block *blocks;
};

apr_status_t ossr_pool_create(aos_pool_t **newpool, aos_pool_t *parent)
{
    if (newpool == NULL) {
        return AOSE_INVALID_ARGUMENT;
    }
    aos_pool_t *p = calloc(1, sizeof(*p));
    *newpool = p;
    if (p == NULL) {
        return AOSE_OUT_MEMORY;
    }
    if (parent != NULL) {
        p->parent = parent;
        p->next_sibling = parent->first_child;
        parent->first_child = p;
    }
    return APR_SUCCESS;
}

static void pool_free_contents(aos_pool_t *p)
{
    while (p->first_child != NULL) {
        aos_pool_t *c = p->first_child;
        p->first_child = c->next_sibling;
        c->parent = NULL; // already unlinked
        pool_free_contents(c);
        free(c);
    }
    struct ossr_block *b = p->blocks;
    while (b != NULL) {
        struct ossr_block *next = b->next;
        free(b);
        b = next;
    }
    p->blocks = NULL;
}

void ossr_pool_clear(aos_pool_t *p)
{
    if (p != NULL) {
        pool_free_contents(p);
    }
}

void ossr_pool_destroy(aos_pool_t *p)
{
    if (p == NULL) {
        return;
    }
    if (p->parent != NULL) {
        aos_pool_t **link = &p->parent->first_child;
        while (*link != NULL && *link != p) {
            link = &(*link)->next_sibling;
        }
        if (*link == p) {
            *link = p->next_sibling;
        }
    }
    pool_free_contents(p);
    free(p);
}

void *ossr_palloc(aos_pool_t *p, apr_size_t size)
{
    if (p == NULL || size > SIZE_MAX - sizeof(struct ossr_block)) {
        return NULL;
    }
    struct ossr_block *b = malloc(sizeof(*b) + (size == 0 ? 1 : size));
    if (b == NULL) {
        return NULL;
    }
    b->next = p->blocks;
    p->blocks = b;
    return b->align;
}

void *ossr_pcalloc(aos_pool_t *p, apr_size_t size)
{
    void *m = ossr_palloc(p, size);
    if (m != NULL) {
        memset(m, 0, size);
    }
    return m;
}

char *ossr_pstrndup(aos_pool_t *p, const char *s, apr_size_t n)
{
    if (s == NULL) {
        return NULL;
    }
    size_t len = 0;
    while (len < n && s[len] != '\0') {
        len++;
    }
    char *d = ossr_palloc(p, len + 1);
    if (d != NULL) {
        memcpy(d, s, len);
        d[len] = '\0';
    }
    return d;
}

char *ossr_pstrdup(aos_pool_t *p, const char *s)
{
    return s == NULL ? NULL : ossr_pstrndup(p, s, strlen(s));
}

char *ossr_psprintf(aos_pool_t *p, const char *fmt, ...)
{
    if (p == NULL || fmt == NULL) {
        return NULL;
    }
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return NULL;
    }
    char *s = ossr_palloc(p, (size_t)n + 1);
    if (s != NULL) {
        va_start(ap, fmt);
        vsnprintf(s, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return s;
}

apr_time_t ossr_time_now(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (apr_time_t)tv.tv_sec * 1000000 + tv.tv_usec;
}
