/* check.h: the C tests' few macros and helpers. Each test file is one program whose main runs
 * its cases; a failed CHECK reports file, line and expression and marks the case failed, and
 * the program ends with the "N passed, N failed" line and a non-zero status on any failure. */
#ifndef OSSRESUME_TESTS_CHECK_H
#define OSSRESUME_TESTS_CHECK_H

#define _GNU_SOURCE
#include "oss_api.h"
#include "aos_http_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_case_failed;
static int check_passed, check_failed;

#define CHECK(cond) do { \
        if (!(cond)) { \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
            check_case_failed = 1; \
        } \
    } while (0)

#define CHECK_INT(got, want) do { \
        long long g_ = (long long)(got), w_ = (long long)(want); \
        if (g_ != w_) { \
            fprintf(stderr, "%s:%d: %s == %lld, want %lld\n", __FILE__, __LINE__, #got, g_, w_); \
            check_case_failed = 1; \
        } \
    } while (0)

#define CHECK_STR(got, want) do { \
        const char *g_ = (got), *w_ = (want); \
        if (g_ == NULL || w_ == NULL ? g_ != w_ : strcmp(g_, w_) != 0) { \
            fprintf(stderr, "%s:%d: %s == \"%s\", want \"%s\"\n", __FILE__, __LINE__, #got, \
                    g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
            check_case_failed = 1; \
        } \
    } while (0)

/* A test program given case names as arguments runs only those (CHECK_ARGS(argc, argv) first).
 * A name that matched no case fails the program in check_summary: a misspelled selection must
 * not run nothing and pass. */
#define CHECK_MAX_ARGS 64
static int check_argc;
static char **check_argv;
static int check_arg_matched[CHECK_MAX_ARGS];
#define CHECK_ARGS(argc, argv) (check_argc = (argc), check_argv = (argv))

static inline int check_selected(const char *name)
{
    if (check_argc <= 1) {
        return 1;
    }
    int hit = 0;
    for (int i = 1; i < check_argc && i < CHECK_MAX_ARGS; i++) {
        if (strcmp(check_argv[i], name) == 0) {
            check_arg_matched[i] = 1;
            hit = 1;
        }
    }
    return hit;
}

#define RUN(fn) if (check_selected(#fn)) do { \
        check_case_failed = 0; \
        fn(); \
        if (check_case_failed) { \
            check_failed++; \
            fprintf(stderr, "FAIL %s\n", #fn); \
        } else { \
            check_passed++; \
            fprintf(stderr, "ok   %s\n", #fn); \
        } \
    } while (0)

static inline int check_summary(void)
{
    int unknown = 0;
    for (int i = 1; i < check_argc; i++) {
        if (i >= CHECK_MAX_ARGS || !check_arg_matched[i]) {
            fprintf(stderr, "no test case is called \"%s\"\n", check_argv[i]);
            unknown++;
        }
    }
    printf("%d passed, %d failed, %d unknown case names\n", check_passed, check_failed, unknown);
    return check_failed == 0 && unknown == 0 ? 0 : 1;
}

#endif
