// Number parsing, base64 and string helpers.

#include "internal.h"

#include <errno.h>

int64_t aos_atoi64(const char *nptr)
{
    if (nptr == NULL) {
        return 0;
    }
    return (int64_t)strtoll(nptr, NULL, 10);
}

uint64_t aos_atoui64(const char *nptr)
{
    if (nptr == NULL) {
        return 0;
    }
    return (uint64_t)strtoull(nptr, NULL, 10);
}

int aos_base64_encode(const unsigned char *in, int in_len, char *out)
{
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if (in == NULL || out == NULL || in_len <= 0) {
        return 0;
    }
    int o = 0;
    int i = 0;
    for (; i + 2 < in_len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];
        out[o++] = alphabet[v >> 18 & 63];
        out[o++] = alphabet[v >> 12 & 63];
        out[o++] = alphabet[v >> 6 & 63];
        out[o++] = alphabet[v & 63];
    }
    if (i < in_len) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < in_len) {
            v |= (uint32_t)in[i + 1] << 8;
        }
        out[o++] = alphabet[v >> 18 & 63];
        out[o++] = alphabet[v >> 12 & 63];
        out[o++] = i + 1 < in_len ? alphabet[v >> 6 & 63] : '=';
        out[o++] = '=';
    }
    return o;
}

aos_string_t *aos_string_create(aos_pool_t *p, const char *text)
{
    aos_string_t *s = ossr_pcalloc(p, sizeof(*s));
    if (s != NULL && text != NULL) {
        s->data = ossr_pstrdup(p, text);
        s->len = s->data != NULL ? (int)strlen(s->data) : 0;
    }
    return s;
}

char *aos_pstrdup(aos_pool_t *p, const aos_string_t *s)
{
    if (s == NULL || s->data == NULL || s->len < 0) {
        return NULL;
    }
    return ossr_pstrndup(p, s->data, (size_t)s->len);
}
