/* native_test.h: what the native API's C tests share: the CHECK macros of ../check.h, ossemu's
 * admin client of ../ossemu_client.h, and helpers for files, clients and faults.
 * OSSEMU_URL names the server (run.sh starts it with key ak:sk and bucket examplebucket). */
#ifndef OSSRESUME_TESTS_NATIVE_TEST_H
#define OSSRESUME_TESTS_NATIVE_TEST_H

#include "../check.h" /* first: it defines _GNU_SOURCE */

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../ossemu_client.h"
#include "aos_crc64.h"
#include "ossresume.h"

#define BUCKET "examplebucket"
#define KIB 1024
#define MIB (1024 * 1024)

/* now_ms is a monotonic clock in milliseconds. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* scratch_path returns "<TMPDIR or /tmp>/ossr-native-<pid>-<name>" in a static buffer ring. */
static const char *scratch_path(const char *name)
{
    static char bufs[8][512];
    static int next;
    char *b = bufs[next++ % 8];
    const char *dir = getenv("TMPDIR");
    snprintf(b, 512, "%s/ossr-native-%ld-%s", dir != NULL && *dir ? dir : "/tmp", (long)getpid(), name);
    return b;
}

/* make_file writes size pseudo-random bytes (a function of seed) to path and returns them
 * (malloc'd, the caller frees). */
static unsigned char *make_file(const char *path, size_t size, unsigned seed)
{
    unsigned char *data = malloc(size > 0 ? size : 1);
    uint64_t x = 0x9e3779b97f4a7c15ULL * (seed + 1);
    for (size_t i = 0; i < size; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        data[i] = (unsigned char)x;
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(data, 1, size, f) != size || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
    return data;
}

static int file_exists(const char *path)
{
    return access(path, F_OK) == 0;
}

/* checkpoint_cleanup removes a file's default checkpoint (and its lock, if any). */
static void remove_with_checkpoint(const char *path)
{
    char cp[600];
    unlink(path);
    snprintf(cp, sizeof(cp), "%s.cp", path);
    unlink(cp);
    snprintf(cp, sizeof(cp), "%s.cp.lock", path);
    unlink(cp);
}

/* ossemu_endpoint is OSSEMU_URL, or an address nothing listens on when it is unset (the tests
 * that must not reach the network use that on purpose). */
static const char *ossemu_endpoint(void)
{
    const char *url = getenv("OSSEMU_URL");
    return url != NULL ? url : "http://127.0.0.1:1";
}

/* new_client makes a V4 client of ossemu with the key ak:sk, no retries unless asked. */
static ossr_client *new_client_retries(const char *endpoint, int retries)
{
    ossr_client_options o = OSSR_CLIENT_OPTIONS_INIT;
    o.endpoint = endpoint;
    o.region = "cn-hangzhou";
    o.access_key_id = "ak";
    o.access_key_secret = "sk";
    o.retries = retries;
    o.connect_timeout_ms = 2000;
    ossr_client *c = NULL;
    ossr_error *e = NULL;
    int rc = ossr_client_new(&o, &c, &e);
    if (rc != OSSR_OK) {
        fprintf(stderr, "ossr_client_new: %s: %s\n", ossr_code_name(rc), e != NULL ? e->message : "?");
        exit(2);
    }
    return c;
}

static ossr_client *new_client(void)
{
    return new_client_retries(ossemu_endpoint(), -1);
}

/* fault_add installs one ossemu fault spec; faults_clear removes them all. */
static void fault_add(const char *spec)
{
    int st = http_do("POST", "/_ossemu/faults", spec, NULL);
    if (st != 200) {
        fprintf(stderr, "adding fault %s: HTTP %d\n", spec, st);
        exit(2);
    }
}

static void faults_clear(void)
{
    http_do("DELETE", "/_ossemu/faults", NULL, NULL);
}

/* get_object reads an object back through ossemu's admin route; returns the HTTP status,
 * the body (malloc'd) in *body and its length in *len, and the raw head in *head when asked. */
static int get_object(const char *key, unsigned char **body, size_t *len, char **head)
{
    int fd = connect_loopback(ossemu_port());
    if (fd < 0) {
        return -1;
    }
    char req[2048];
    int n = snprintf(req, sizeof(req), "GET /_ossemu/object/%s/%s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n", BUCKET, key);
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return -1;
    }
    size_t cap = 1 << 20, got = 0;
    unsigned char *buf = malloc(cap);
    ssize_t r;
    while ((r = read(fd, buf + got, cap - got)) > 0) {
        got += (size_t)r;
        if (got == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
    }
    close(fd);
    int status = -1;
    unsigned char *sep = memmem(buf, got, "\r\n\r\n", 4);
    if (sep == NULL || sscanf((char *)buf, "HTTP/%*s %d", &status) != 1) {
        free(buf);
        return -1;
    }
    size_t hlen = (size_t)(sep - buf);
    if (head != NULL) {
        *head = strndup((char *)buf, hlen);
    }
    *len = got - hlen - 4;
    *body = malloc(*len + 1);
    memcpy(*body, sep + 4, *len);
    free(buf);
    return status;
}

/* check_object verifies that key holds exactly data[0..size). */
#define CHECK_OBJECT(key, data, size) do { \
        unsigned char *b_ = NULL; \
        size_t l_ = 0; \
        CHECK_INT(get_object((key), &b_, &l_, NULL), 200); \
        CHECK_INT(l_, (size)); \
        CHECK(b_ != NULL && l_ == (size_t)(size) && memcmp(b_, (data), (size_t)(size)) == 0); \
        free(b_); \
    } while (0)

/* progress_log records what a progress callback saw; cancel_after > 0 cancels at that call. */
struct progress_log {
    int calls;
    int64_t last_done, total, first_done;
    int decreasing;     /* a value below the one before */
    int wrong_thread;   /* a call on another thread than owner */
    int wrong_total;    /* total differed between calls */
    int cancel_after;
    int sleep_ms;       /* stall each call this long */
    pthread_t owner;
};

static void progress_log_init(struct progress_log *p)
{
    memset(p, 0, sizeof(*p));
    p->last_done = -1;
    p->owner = pthread_self();
}

static int record_progress(int64_t done, int64_t total, void *user_data)
{
    struct progress_log *p = user_data;
    if (p->calls == 0) {
        p->first_done = done;
        p->total = total;
    }
    p->calls++;
    if (done < p->last_done) {
        p->decreasing = 1;
    }
    if (total != p->total) {
        p->wrong_total = 1;
    }
    if (!pthread_equal(pthread_self(), p->owner)) {
        p->wrong_thread = 1;
    }
    p->last_done = done;
    if (p->sleep_ms > 0) {
        sleep_ms(p->sleep_ms);
    }
    return p->cancel_after > 0 && p->calls >= p->cancel_after;
}

/* upload_opts fills o for uploading path to key. */
static ossr_upload_options upload_opts(const char *key, const char *path)
{
    ossr_upload_options o = OSSR_UPLOAD_OPTIONS_INIT;
    o.bucket = BUCKET;
    o.key = key;
    o.file_path = path;
    o.part_size = 100 * KIB;
    o.threads = 2;
    return o;
}

/* report prints an unexpected error. */
static void report(const char *what, int rc, const ossr_error *e)
{
    if (rc != OSSR_OK) {
        fprintf(stderr, "  %s: %s: %s (HTTP %d, code %s, request %s)\n", what, ossr_code_name(rc),
                e != NULL ? e->message : "(no error)", e != NULL ? e->http_status : 0,
                e != NULL ? e->error_code : "", e != NULL ? e->request_id : "");
    }
}

#endif
