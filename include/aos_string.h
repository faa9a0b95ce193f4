/**
 * @file aos_string.h
 * @brief aos_string_t, a length and a pointer, and its macros.
 */
#ifndef OSSRESUME_AOS_STRING_H
#define OSSRESUME_AOS_STRING_H

#include "aos_define.h"

AOS_CPP_START

/** A string as a length and a pointer. The library reads `data` as NUL-terminated text where it
 *  names a file, bucket, key or endpoint, and otherwise honours `len`; it never writes through
 *  `data` and never frees it. */
typedef struct {
    int len;
    char *data;
} aos_string_t;

/** strlen that gives 0 for NULL, so that aos_str_set(&s, getenv("UNSET")) leaves an empty
 *  string (which the call then refuses by name) instead of crashing as the official SDK does. */
static inline int aos_strlen_or_zero(const char *text)
{
    return text != NULL ? (int)strlen(text) : 0;
}

/** Points @p str at @p text without copying; the text must outlive every use of @p str.
 *  One expression (the official macro is two bare statements, which an unbraced `if` splits). */
#define aos_str_set(str, text) \
    ((str)->len = aos_strlen_or_zero(text), (str)->data = (char *)(text))
#define aos_str_null(str) ((str)->len = 0, (str)->data = NULL)
#define aos_string(s) {(int)sizeof(s) - 1, (char *)(s)}
#define aos_null_string {0, NULL}
#define aos_is_null_string(str) ((str) == NULL || (str)->data == NULL || (str)->len == 0)

/** @brief Allocates an aos_string_t in @p p holding a copy of @p text (NULL gives {0, NULL}). */
aos_string_t *aos_string_create(aos_pool_t *p, const char *text);

/** @brief Copies @p s into @p p as a NUL-terminated C string; NULL when @p s is NULL or has no
 *  data. */
char *aos_pstrdup(aos_pool_t *p, const aos_string_t *s);

AOS_CPP_END

#endif /* OSSRESUME_AOS_STRING_H */
