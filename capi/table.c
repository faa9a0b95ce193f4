// Tables: an APR-shaped array of entries so that apr_table_elts iteration works. Keys compare
// case-insensitively, as HTTP header names do.

#include "internal.h"

#include <strings.h>

struct ossr_table_s {
    apr_array_header_t a; // must stay first: apr_table_elts casts the table to it
};

aos_table_t *ossr_table_make(aos_pool_t *p, int nelts)
{
    aos_table_t *t = ossr_pcalloc(p, sizeof(*t));
    if (t == NULL) {
        return NULL;
    }
    t->a.pool = p;
    t->a.elt_size = (int)sizeof(apr_table_entry_t);
    t->a.nalloc = nelts > 0 ? nelts : 0;
    if (t->a.nalloc > 0) {
        t->a.elts = ossr_pcalloc(p, (size_t)t->a.nalloc * sizeof(apr_table_entry_t));
        if (t->a.elts == NULL) {
            t->a.nalloc = 0;
        }
    }
    return t;
}

static apr_uint32_t key_checksum(const char *key)
{
    // The first four bytes, case-folded, as APR computes it; callers never rely on it.
    apr_uint32_t c = 0;
    for (int i = 0; i < 4 && key[i] != '\0'; i++) {
        c = (c << 8) | (apr_uint32_t)(unsigned char)toupper((unsigned char)key[i]);
    }
    return c;
}

static apr_table_entry_t *entries(const aos_table_t *t)
{
    return (apr_table_entry_t *)(void *)t->a.elts;
}

static void append(aos_table_t *t, const char *key, const char *val)
{
    if (t->a.nelts == t->a.nalloc) {
        int n = t->a.nalloc > 0 ? t->a.nalloc * 2 : 8;
        apr_table_entry_t *e = ossr_palloc(t->a.pool, (size_t)n * sizeof(*e));
        if (e == NULL) {
            return;
        }
        if (t->a.nelts > 0) {
            memcpy(e, t->a.elts, (size_t)t->a.nelts * sizeof(*e));
        }
        // The old array stays in the pool until it is destroyed, as APR's does.
        t->a.elts = (char *)e;
        t->a.nalloc = n;
    }
    char *k = ossr_pstrdup(t->a.pool, key);
    char *v = ossr_pstrdup(t->a.pool, val);
    if (k == NULL || v == NULL) {
        return;
    }
    apr_table_entry_t *e = &entries(t)[t->a.nelts++];
    e->key = k;
    e->val = v;
    e->key_checksum = key_checksum(k);
}

void ossr_table_unset(aos_table_t *t, const char *key)
{
    if (t == NULL || key == NULL) {
        return;
    }
    apr_table_entry_t *e = entries(t);
    int w = 0;
    for (int r = 0; r < t->a.nelts; r++) {
        if (strcasecmp(e[r].key, key) != 0) {
            e[w++] = e[r];
        }
    }
    t->a.nelts = w;
}

void ossr_table_set(aos_table_t *t, const char *key, const char *val)
{
    if (t == NULL || key == NULL || val == NULL) {
        return;
    }
    ossr_table_unset(t, key);
    append(t, key, val);
}

void ossr_table_add(aos_table_t *t, const char *key, const char *val)
{
    if (t == NULL || key == NULL || val == NULL) {
        return;
    }
    append(t, key, val);
}

const char *ossr_table_get(const aos_table_t *t, const char *key)
{
    if (t == NULL || key == NULL) {
        return NULL;
    }
    const apr_table_entry_t *e = entries(t);
    for (int i = 0; i < t->a.nelts; i++) {
        if (strcasecmp(e[i].key, key) == 0) {
            return e[i].val;
        }
    }
    return NULL;
}

void ossr_table_clear(aos_table_t *t)
{
    if (t != NULL) {
        t->a.nelts = 0;
    }
}
