/* The object and bucket calls of oss_api.h against the local ossemu server (OSSEMU_URL, key
 * ak:sk, bucket examplebucket), one case per call, V1 and V4 where the call signs: what the
 * server stored or answered is read back through ossemu's admin routes, CRC-64 mismatches are
 * injected with ossemu's faults, and every bad argument gets a status before any traffic. */
#include "check.h"
#include "ossemu_client.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/ossresume-objects-XXXXXX";
static const char *endpoint;

struct ctx {
    aos_pool_t *pool;
    oss_request_options_t *options;
    aos_string_t bucket, object;
    aos_table_t *resp_headers;
};

static void ctx_init(struct ctx *c, const char *key, int sigver)
{
    memset(c, 0, sizeof(*c));
    aos_pool_create(&c->pool, NULL);
    c->options = oss_request_options_create(c->pool);
    c->options->config = oss_config_create(c->pool);
    aos_str_set(&c->options->config->endpoint, endpoint);
    aos_str_set(&c->options->config->access_key_id, "ak");
    aos_str_set(&c->options->config->access_key_secret, "sk");
    aos_str_set(&c->options->config->region, "cn-hangzhou");
    c->options->config->signature_version = sigver;
    c->options->ctl = aos_http_controller_create(c->pool, 0);
    aos_str_set(&c->bucket, "examplebucket");
    aos_str_set(&c->object, apr_pstrdup(c->pool, key));
}

static void ctx_free(struct ctx *c)
{
    aos_pool_destroy(c->pool);
}

static void set_fault(const char *spec)
{
    CHECK_INT(http_do("POST", "/_ossemu/faults", spec, NULL), 200);
}

static void clear_faults(void)
{
    CHECK_INT(http_do("DELETE", "/_ossemu/faults", NULL, NULL), 204);
}

/* requests_logged counts the server's request-log entries since the last clear. */
static int requests_logged(void)
{
    char *log = NULL;
    http_do("GET", "/_ossemu/log?format=jsonl", NULL, &log);
    char *body = log != NULL ? strstr(log, "\r\n\r\n") : NULL;
    int n = body != NULL ? count_substr(body, "\"op\":") : -1;
    free(log);
    return n;
}

/* stored reads an object's bytes back through ossemu's admin route (malloc'd; *len set), or
 * NULL when it holds none. */
static char *stored(const char *key, size_t *len)
{
    char path[512], *out = NULL;
    snprintf(path, sizeof(path), "/_ossemu/object/examplebucket/%s", key);
    int st = http_do("GET", path, NULL, &out);
    char *body = out != NULL ? strstr(out, "\r\n\r\n") : NULL;
    if (st != 200 || body == NULL) {
        free(out);
        return NULL;
    }
    const char *cl = strstr(out, "Content-Length: ");
    *len = cl != NULL ? (size_t)atol(cl + 16) : strlen(body + 4);
    char *data = malloc(*len + 1);
    memcpy(data, body + 4, *len);
    data[*len] = '\0';
    free(out);
    return data;
}

/* fill writes n pseudo-random bytes seeded by seed. */
static void fill(unsigned char *p, size_t n, unsigned seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x = x * 1664525u + 1013904223u;
        p[i] = (unsigned char)(x >> 24);
    }
}

static const char *make_file(const char *name, size_t size, unsigned seed)
{
    static char path[512];
    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    unsigned char *d = malloc(size + 1);
    fill(d, size, seed);
    FILE *f = fopen(path, "wb");
    fwrite(d, 1, size, f);
    fclose(f);
    free(d);
    return path;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    *len = fread(d, 1, (size_t)n, f);
    fclose(f);
    return d;
}

/* put_bytes stores data under key with the C call under test's neighbour. */
static void put_bytes(const char *key, const void *data, int n)
{
    struct ctx c;
    ctx_init(&c, key, 4);
    aos_list_t buffer;
    aos_list_init(&buffer);
    aos_buf_t *b = aos_buf_pack(c.pool, data, n);
    aos_list_add_tail(&b->node, &buffer);
    aos_status_t *s = oss_put_object_from_buffer(c.options, &c.bucket, &c.object, &buffer, NULL, NULL);
    CHECK_INT(s->code, 200);
    ctx_free(&c);
}

static int list_count(aos_list_t *l)
{
    int n = 0;
    for (aos_list_t *p = l->next; p != l; p = p->next) {
        n++;
    }
    return n;
}

static void check_ok(aos_status_t *s, int code)
{
    CHECK(s != NULL);
    if (s == NULL) {
        return;
    }
    if (s->code != code) {
        fprintf(stderr, "     status %d %s: %s\n", s->code, s->error_code ? s->error_code : "",
                s->error_msg ? s->error_msg : "");
    }
    CHECK_INT(s->code, code);
    CHECK(aos_status_is_ok(s));
    CHECK(s->error_code == NULL);
    CHECK(s->req_id != NULL && s->req_id[0] != '\0');
}

static void check_refused(aos_status_t *s, int code, const char *error_code)
{
    CHECK(s != NULL);
    if (s == NULL) {
        return;
    }
    CHECK_INT(s->code, code);
    CHECK_STR(s->error_code, error_code);
    CHECK(!aos_status_is_ok(s));
    CHECK(s->error_msg != NULL && s->error_msg[0] != '\0');
}

static void test_put_object_from_buffer(void)
{
    for (int v = 1; v <= 4; v += 3) {
        struct ctx c;
        ctx_init(&c, v == 1 ? "put/buffer-v1.bin" : "put/buffer-v4.bin", v);
        unsigned char data[70000];
        fill(data, sizeof(data), 1);
        aos_list_t buffer;
        aos_list_init(&buffer);
        aos_buf_t *b1 = aos_buf_pack(c.pool, data, 50000);
        aos_buf_t *b2 = aos_create_buf(c.pool, 20000);
        aos_buf_append_string(c.pool, b2, (const char *)data + 50000, 20000);
        aos_list_add_tail(&b1->node, &buffer);
        aos_list_add_tail(&b2->node, &buffer);
        aos_table_t *headers = aos_table_make(c.pool, 2);
        apr_table_set(headers, "x-oss-meta-who", "c-buffer");
        apr_table_set(headers, OSS_CONTENT_TYPE, "text/x-test");
        aos_status_t *s = oss_put_object_from_buffer(c.options, &c.bucket, &c.object, &buffer,
                headers, &c.resp_headers);
        check_ok(s, 200);
        CHECK(c.resp_headers != NULL && apr_table_get(c.resp_headers, "ETag") != NULL);
        const char *crc = c.resp_headers ? apr_table_get(c.resp_headers, OSS_HASH_CRC64_ECMA) : NULL;
        CHECK(crc != NULL && aos_atoui64(crc) == aos_crc64(0, data, sizeof(data)));
        CHECK_INT(list_count(&buffer), 2); /* the caller's list is read, not consumed */
        size_t n = 0;
        char *got = stored(v == 1 ? "put/buffer-v1.bin" : "put/buffer-v4.bin", &n);
        CHECK(got != NULL && n == sizeof(data) && memcmp(got, data, n) == 0);
        free(got);
        char *head = NULL;
        http_do("HEAD", v == 1 ? "/_ossemu/object/examplebucket/put/buffer-v1.bin"
                               : "/_ossemu/object/examplebucket/put/buffer-v4.bin", NULL, &head);
        CHECK(head != NULL && strstr(head, "c-buffer") != NULL && strstr(head, "text/x-test") != NULL);
        free(head);
        ctx_free(&c);
    }

    /* The server's CRC disagrees: -978, whatever it stored. enable_crc off accepts it. */
    struct ctx c;
    ctx_init(&c, "put/crc.bin", 4);
    aos_list_t buffer;
    aos_list_init(&buffer);
    aos_buf_t *b = aos_buf_pack(c.pool, "some bytes", 10);
    aos_list_add_tail(&b->node, &buffer);
    set_fault("op=PutObject,key=put/crc.bin,wrong-crc");
    check_refused(oss_put_object_from_buffer(c.options, &c.bucket, &c.object, &buffer, NULL, NULL),
                 AOSE_CRC_INCONSISTENT_ERROR, "InconsistentError");
    c.options->ctl->options = aos_http_request_options_create(c.pool);
    c.options->ctl->options->enable_crc = AOS_FALSE;
    check_ok(oss_put_object_from_buffer(c.options, &c.bucket, &c.object, &buffer, NULL, NULL), 200);
    clear_faults();

    /* An empty list puts an empty object. */
    aos_list_t empty;
    aos_list_init(&empty);
    check_ok(oss_put_object_from_buffer(c.options, &c.bucket, &c.object, &empty, NULL, NULL), 200);
    size_t n = 1;
    char *got = stored("put/crc.bin", &n);
    CHECK(got != NULL && n == 0);
    free(got);
    ctx_free(&c);
}

static void test_put_object_from_file(void)
{
    const char *path = make_file("put-file.bin", 300000, 2);
    struct ctx c;
    ctx_init(&c, "put/file.bin", 1);
    aos_string_t file;
    aos_str_set(&file, path);
    check_ok(oss_put_object_from_file(c.options, &c.bucket, &c.object, &file, NULL, &c.resp_headers), 200);
    size_t n = 0, m = 0;
    char *got = stored("put/file.bin", &n);
    char *want = read_file(path, &m);
    CHECK(got != NULL && n == m && memcmp(got, want, n) == 0);
    free(got);
    free(want);
    CHECK(c.resp_headers != NULL && apr_table_get(c.resp_headers, "ETag") != NULL);

    /* Local file errors: errno "OpenFileFail" (a directory, -985), before any traffic. */
    http_do("DELETE", "/_ossemu/log", NULL, NULL);
    char missing[512];
    snprintf(missing, sizeof(missing), "%s/none.bin", tmpdir);
    aos_str_set(&file, missing);
    check_refused(oss_put_object_from_file(c.options, &c.bucket, &c.object, &file, NULL, NULL),
                 ENOENT, "OpenFileFail");
    aos_str_set(&file, tmpdir);
    check_refused(oss_put_object_from_file(c.options, &c.bucket, &c.object, &file, NULL, NULL),
                 AOSE_OPEN_FILE_ERROR, "OpenFileFail");
    CHECK_INT(requests_logged(), 0);

    set_fault("op=PutObject,key=put/file.bin,wrong-crc");
    aos_str_set(&file, path);
    check_refused(oss_put_object_from_file(c.options, &c.bucket, &c.object, &file, NULL, NULL),
                 AOSE_CRC_INCONSISTENT_ERROR, "InconsistentError");
    clear_faults();
    ctx_free(&c);
}

static void test_get_object_to_buffer(void)
{
    unsigned char data[100000];
    fill(data, sizeof(data), 3);
    put_bytes("get/buffer.bin", data, (int)sizeof(data));
    for (int v = 1; v <= 4; v += 3) {
        struct ctx c;
        ctx_init(&c, "get/buffer.bin", v);
        aos_list_t buffer;
        aos_list_init(&buffer);
        check_ok(oss_get_object_to_buffer(c.options, &c.bucket, &c.object, NULL, NULL, &buffer,
                                          &c.resp_headers), 200);
        CHECK_INT(aos_buf_list_len(&buffer), sizeof(data));
        char *all = aos_buf_list_content(c.pool, &buffer);
        CHECK(all != NULL && memcmp(all, data, sizeof(data)) == 0);
        int64_t total = 0;
        aos_buf_t *e;
        aos_list_for_each_entry(aos_buf_t, e, &buffer, node) {
            total += aos_buf_size(e);
        }
        CHECK_INT(total, sizeof(data));
        CHECK(c.resp_headers != NULL && apr_table_get(c.resp_headers, "Content-Length") != NULL);

        /* A Range from the caller's headers; the CRC of a range is not compared. */
        aos_table_t *headers = aos_table_make(c.pool, 1);
        apr_table_set(headers, "Range", "bytes=10-19");
        aos_list_t part;
        aos_list_init(&part);
        aos_status_t *s = oss_get_object_to_buffer(c.options, &c.bucket, &c.object, headers, NULL,
                                                   &part, NULL);
        check_ok(s, 206);
        CHECK_INT(aos_buf_list_len(&part), 10);
        char *ten = aos_buf_list_content(c.pool, &part);
        CHECK(ten != NULL && memcmp(ten, data + 10, 10) == 0);
        ctx_free(&c);
    }

    /* A body that arrives altered: -978, and the caller's list keeps what it held. */
    struct ctx c;
    ctx_init(&c, "get/buffer.bin", 4);
    aos_list_t buffer;
    aos_list_init(&buffer);
    aos_buf_t *mine = aos_buf_pack(c.pool, "mine", 4);
    aos_list_add_tail(&mine->node, &buffer);
    set_fault("op=GetObject,key=get/buffer.bin,corrupt-body");
    check_refused(oss_get_object_to_buffer(c.options, &c.bucket, &c.object, NULL, NULL, &buffer, NULL),
                 AOSE_CRC_INCONSISTENT_ERROR, "InconsistentError");
    clear_faults();
    CHECK_INT(list_count(&buffer), 1);
    CHECK(buffer.next == &mine->node);

    /* A missing key: the server's 404 with its code and request id. */
    aos_str_set(&c.object, "get/none");
    aos_status_t *s = oss_get_object_to_buffer(c.options, &c.bucket, &c.object, NULL, NULL, &buffer,
                                               &c.resp_headers);
    check_refused(s, 404, "NoSuchKey");
    CHECK(s->req_id != NULL && s->req_id[0] != '\0');
    CHECK(c.resp_headers != NULL && apr_table_get(c.resp_headers, "x-oss-request-id") != NULL);
    ctx_free(&c);
}

static int leftover_temps(const char *base)
{
    DIR *d = opendir(tmpdir);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, base, strlen(base)) == 0 && strstr(e->d_name, ".tmp") != NULL) {
            n++;
        }
    }
    closedir(d);
    return n;
}

static void test_get_object_to_file(void)
{
    unsigned char data[250000];
    fill(data, sizeof(data), 4);
    put_bytes("get/file.bin", data, (int)sizeof(data));
    char path[512];
    snprintf(path, sizeof(path), "%s/got.bin", tmpdir);
    struct ctx c;
    ctx_init(&c, "get/file.bin", 4);
    aos_string_t file;
    aos_str_set(&file, path);
    check_ok(oss_get_object_to_file(c.options, &c.bucket, &c.object, NULL, NULL, &file, &c.resp_headers), 200);
    size_t n = 0;
    char *got = read_file(path, &n);
    CHECK(got != NULL && n == sizeof(data) && memcmp(got, data, n) == 0);
    free(got);

    /* Altered on the way: -978, the file keeps its earlier content, no temporary is left. */
    FILE *f = fopen(path, "wb");
    fputs("old", f);
    fclose(f);
    set_fault("op=GetObject,key=get/file.bin,corrupt-body");
    check_refused(oss_get_object_to_file(c.options, &c.bucket, &c.object, NULL, NULL, &file, NULL),
                 AOSE_CRC_INCONSISTENT_ERROR, "InconsistentError");
    clear_faults();
    got = read_file(path, &n);
    CHECK(got != NULL && n == 3 && memcmp(got, "old", 3) == 0);
    free(got);
    CHECK_INT(leftover_temps("got.bin"), 0);

    /* A missing key leaves no file; a directory that does not exist is ENOENT before traffic. */
    snprintf(path, sizeof(path), "%s/none.bin", tmpdir);
    aos_str_set(&file, path);
    aos_str_set(&c.object, "get/none");
    check_refused(oss_get_object_to_file(c.options, &c.bucket, &c.object, NULL, NULL, &file, NULL), 404, "NoSuchKey");
    CHECK(access(path, F_OK) != 0);
    CHECK_INT(leftover_temps("none.bin"), 0);
    http_do("DELETE", "/_ossemu/log", NULL, NULL);
    snprintf(path, sizeof(path), "%s/no/such/dir/x.bin", tmpdir);
    aos_str_set(&file, path);
    check_refused(oss_get_object_to_file(c.options, &c.bucket, &c.object, NULL, NULL, &file, NULL), ENOENT, "OpenFileFail");
    CHECK_INT(requests_logged(), 0);
    ctx_free(&c);
}

static void test_head_object(void)
{
    put_bytes("head/obj.txt", "0123456789", 10);
    struct ctx c;
    ctx_init(&c, "head/obj.txt", 1);
    check_ok(oss_head_object(c.options, &c.bucket, &c.object, NULL, &c.resp_headers), 200);
    CHECK(c.resp_headers != NULL);
    if (c.resp_headers != NULL) {
        CHECK_STR(apr_table_get(c.resp_headers, "Content-Length"), "10");
        CHECK(apr_table_get(c.resp_headers, "ETag") != NULL);
        CHECK_STR(apr_table_get(c.resp_headers, "x-oss-object-type"), "Normal");
        CHECK(aos_atoui64(apr_table_get(c.resp_headers, OSS_HASH_CRC64_ECMA)) == aos_crc64(0, (void *)"0123456789", 10));
    }
    aos_str_set(&c.object, "head/none");
    check_refused(oss_head_object(c.options, &c.bucket, &c.object, NULL, &c.resp_headers), 404, "NoSuchKey");
    ctx_free(&c);
}

static void test_does_object_exist(void)
{
    put_bytes("exist/yes", "y", 1);
    struct ctx c;
    ctx_init(&c, "exist/yes", 4);
    oss_object_exist_status_e e = OSS_OBJECT_UNKNOWN_EXIST;
    check_ok(oss_does_object_exist(c.options, &c.bucket, &c.object, NULL, &e, &c.resp_headers), 200);
    CHECK_INT(e, OSS_OBJECT_EXIST);
    aos_str_set(&c.object, "exist/no");
    aos_status_t *s = oss_does_object_exist(c.options, &c.bucket, &c.object, NULL, &e, NULL);
    CHECK_INT(s->code, 404);
    CHECK_INT(e, OSS_OBJECT_NON_EXIST);
    aos_str_set(&c.bucket, "no-such-bucket");
    s = oss_does_object_exist(c.options, &c.bucket, &c.object, NULL, &e, NULL);
    CHECK_INT(s->code, 404);
    CHECK_STR(s->error_code, "NoSuchBucket");
    CHECK_INT(e, OSS_OBJECT_UNKNOWN_EXIST);
    aos_str_set(&c.bucket, "examplebucket");
    set_fault("op=HeadObject,key=exist/yes,status=503,code=ServiceUnavailable,times=1");
    aos_str_set(&c.object, "exist/yes");
    s = oss_does_object_exist(c.options, &c.bucket, &c.object, NULL, &e, NULL);
    CHECK_INT(s->code, 503);
    CHECK_INT(e, OSS_OBJECT_UNKNOWN_EXIST);
    clear_faults();
    check_refused(oss_does_object_exist(c.options, &c.bucket, &c.object, NULL, NULL, NULL),
                 AOSE_INVALID_ARGUMENT, "ClientError");
    ctx_free(&c);
}

static void test_delete_object(void)
{
    put_bytes("del/obj", "x", 1);
    struct ctx c;
    ctx_init(&c, "del/obj", 1);
    check_ok(oss_delete_object(c.options, &c.bucket, &c.object, &c.resp_headers), 204);
    size_t n;
    CHECK(stored("del/obj", &n) == NULL);
    check_ok(oss_delete_object(c.options, &c.bucket, &c.object, NULL), 204); /* nothing there: OSS's 204 */
    aos_str_set(&c.bucket, "no-such-bucket");
    check_refused(oss_delete_object(c.options, &c.bucket, &c.object, NULL), 404, "NoSuchBucket");
    ctx_free(&c);
}

static void test_copy_object(void)
{
    unsigned char data[120000];
    fill(data, sizeof(data), 5);
    put_bytes("copy/src.bin", data, (int)sizeof(data));
    for (int v = 1; v <= 4; v += 3) {
        struct ctx c;
        ctx_init(&c, "copy/src.bin", v);
        aos_string_t dst;
        aos_str_set(&dst, "copy/dst.bin");
        aos_table_t *headers = aos_table_make(c.pool, 2);
        apr_table_set(headers, "x-oss-metadata-directive", "REPLACE");
        apr_table_set(headers, "x-oss-meta-copied", "yes");
        check_ok(oss_copy_object(c.options, &c.bucket, &c.object, &c.bucket, &dst, headers, &c.resp_headers), 200);
        size_t n = 0;
        char *got = stored("copy/dst.bin", &n);
        CHECK(got != NULL && n == sizeof(data) && memcmp(got, data, n) == 0);
        free(got);
        char *head = NULL;
        http_do("HEAD", "/_ossemu/object/examplebucket/copy/dst.bin", NULL, &head);
        CHECK(head != NULL && strstr(head, "X-Oss-Meta-Copied: yes") != NULL);
        free(head);
        aos_str_set(&c.object, "copy/none");
        check_refused(oss_copy_object(c.options, &c.bucket, &c.object, &c.bucket, &dst, NULL, NULL), 404, "NoSuchKey");
        ctx_free(&c);
    }
}

static void test_list_object(void)
{
    const char *keys[] = {"list/a", "list/b", "list/c", "list/dir/1", "list/dir/2", "list/e"};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        put_bytes(keys[i], "0123456789", (int)(i + 1));
    }
    struct ctx c;
    ctx_init(&c, "unused", 1);
    char seen[512] = "";
    char prefixes[128] = "";
    int pages = 0;
    const char *marker = "";
    int truncated = 1;
    while (truncated && pages < 10) {
        oss_list_object_params_t *p = oss_create_list_object_params(c.pool);
        aos_str_set(&p->prefix, "list/");
        aos_str_set(&p->delimiter, "/");
        aos_str_set(&p->marker, marker);
        p->max_ret = 2;
        check_ok(oss_list_object(c.options, &c.bucket, p, &c.resp_headers), 200);
        pages++;
        oss_list_object_content_t *o;
        aos_list_for_each_entry(oss_list_object_content_t, o, &p->object_list, node) {
            strncat(seen, o->key.data, (size_t)o->key.len);
            strcat(seen, ":");
            strncat(seen, o->size.data, (size_t)o->size.len);
            strcat(seen, " ");
            CHECK(o->etag.len > 2 && o->last_modified.len == 24);
        }
        oss_list_object_common_prefix_t *cp;
        aos_list_for_each_entry(oss_list_object_common_prefix_t, cp, &p->common_prefix_list, node) {
            strncat(prefixes, cp->prefix.data, (size_t)cp->prefix.len);
            strcat(prefixes, " ");
        }
        truncated = p->truncated;
        marker = p->next_marker.data;
        CHECK(!truncated || (marker != NULL && marker[0] != '\0'));
    }
    CHECK_STR(seen, "list/a:1 list/b:2 list/c:3 list/e:6 ");
    CHECK_STR(prefixes, "list/dir/ ");
    CHECK_INT(pages, 3);
    oss_list_object_params_t *p = oss_create_list_object_params(c.pool);
    p->max_ret = 5000;
    check_refused(oss_list_object(c.options, &c.bucket, p, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    ctx_free(&c);
}

/* fetch GETs a URL of the local server through the test's own client. */
static int fetch(const char *method, const char *url, char **out)
{
    const char *path = strchr(url + strlen("http://"), '/');
    return path != NULL ? http_do(method, path, NULL, out) : -1;
}

static void test_gen_signed_url(void)
{
    put_bytes("signed/obj.txt", "signed body", 11);
    for (int v = 1; v <= 4; v += 3) {
        struct ctx c;
        ctx_init(&c, "signed/obj.txt", v);
        aos_http_request_t *req = aos_http_request_create(c.pool);
        req->method = HTTP_GET;
        int64_t expires = apr_time_now() / 1000000 + 300;
        char *url = oss_gen_signed_url(c.options, &c.bucket, &c.object, expires, req);
        CHECK(url != NULL);
        char *out = NULL;
        CHECK_INT(url ? fetch("GET", url, &out) : -1, 200);
        CHECK(out != NULL && strstr(out, "\r\n\r\nsigned body") != NULL);
        free(out);
        CHECK(url != NULL && strstr(url, v == 1 ? "OSSAccessKeyId=ak" : "x-oss-signature=") != NULL);

        /* Another key in the same URL is refused by the server. */
        char *bad = url ? apr_pstrdup(c.pool, url) : NULL;
        char *at = bad ? strstr(bad, "obj.txt") : NULL;
        if (at != NULL) {
            at[0] = 'x';
        }
        CHECK_INT(bad ? fetch("GET", bad, NULL) : -1, 403);

        /* A HEAD URL works for HEAD only. */
        req->method = HTTP_HEAD;
        url = oss_gen_signed_url(c.options, &c.bucket, &c.object, expires, req);
        CHECK_INT(url ? fetch("HEAD", url, NULL) : -1, 200);
        CHECK_INT(url ? fetch("GET", url, NULL) : -1, 403);

        /* Bad input is NULL. */
        CHECK(oss_gen_signed_url(c.options, &c.bucket, &c.object, expires, NULL) == NULL);
        CHECK(oss_gen_signed_url(NULL, &c.bucket, &c.object, expires, req) == NULL);
        CHECK(oss_gen_signed_url(c.options, &c.bucket, NULL, expires, req) == NULL);
        ctx_free(&c);
    }
    /* V1 signs any expiry (the server refuses it once past); V4 refuses a past one. */
    struct ctx c;
    ctx_init(&c, "signed/obj.txt", 1);
    aos_http_request_t *req = aos_http_request_create(c.pool);
    char *url = oss_gen_signed_url(c.options, &c.bucket, &c.object, apr_time_now() / 1000000 - 10, req);
    CHECK_INT(url ? fetch("GET", url, NULL) : -1, 403);
    c.options->config->signature_version = 4;
    CHECK(oss_gen_signed_url(c.options, &c.bucket, &c.object, apr_time_now() / 1000000 - 10, req) == NULL);
    ctx_free(&c);
}

static void test_create_bucket(void)
{
    struct ctx c;
    ctx_init(&c, "unused", 4);
    aos_str_set(&c.bucket, "c-sdk-created");
    check_ok(oss_create_bucket(c.options, &c.bucket, OSS_ACL_PUBLIC_READ, &c.resp_headers), 200);
    put_bytes("created-check", "x", 1); /* examplebucket still works */
    aos_str_set(&c.object, "in-new-bucket");
    aos_list_t buffer;
    aos_list_init(&buffer);
    aos_buf_t *b = aos_buf_pack(c.pool, "new", 3);
    aos_list_add_tail(&b->node, &buffer);
    check_ok(oss_put_object_from_buffer(c.options, &c.bucket, &c.object, &buffer, NULL, NULL), 200);
    aos_str_set(&c.bucket, "Bad_Name");
    check_refused(oss_create_bucket(c.options, &c.bucket, OSS_ACL_PRIVATE, NULL), AOSE_INVALID_ARGUMENT,
                 "BucketNameInvalidError");
    aos_str_set(&c.bucket, "c-sdk-created-2");
    check_refused(oss_create_bucket(c.options, &c.bucket, (oss_acl_e)7, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    ctx_free(&c);
}

static void test_list_bucket(void)
{
    struct ctx c;
    ctx_init(&c, "unused", 1);
    const char *names[] = {"lb-c-one", "lb-c-two", "lb-c-three"};
    for (int i = 0; i < 3; i++) {
        aos_str_set(&c.bucket, names[i]);
        check_ok(oss_create_bucket(c.options, &c.bucket, OSS_ACL_DEFAULT, NULL), 200);
    }
    oss_list_buckets_params_t *p = oss_create_list_buckets_params(c.pool);
    aos_str_set(&p->prefix, "lb-c-");
    p->max_keys = 2;
    check_ok(oss_list_bucket(c.options, p, &c.resp_headers), 200);
    char seen[256] = "";
    oss_list_bucket_content_t *e;
    aos_list_for_each_entry(oss_list_bucket_content_t, e, &p->bucket_list, node) {
        strncat(seen, e->name.data, (size_t)e->name.len);
        strcat(seen, " ");
        CHECK(e->create_date.len == 24);
    }
    CHECK_STR(seen, "lb-c-one lb-c-three ");
    CHECK_INT(p->truncated, 1);
    CHECK_STR(p->next_marker.data, "lb-c-three");
    CHECK(p->owner_id.len > 0);
    oss_list_buckets_params_t *q = oss_create_list_buckets_params(c.pool);
    aos_str_set(&q->prefix, "lb-c-");
    aos_str_set(&q->marker, p->next_marker.data);
    check_ok(oss_list_bucket(c.options, q, NULL), 200);
    e = aos_list_get_first(&q->bucket_list, oss_list_bucket_content_t, node);
    CHECK(e != NULL && strcmp(e->name.data, "lb-c-two") == 0);
    CHECK_INT(q->truncated, 0);
    check_refused(oss_list_bucket(c.options, NULL, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    ctx_free(&c);
}

static void test_delete_bucket(void)
{
    struct ctx c;
    ctx_init(&c, "keep", 4);
    aos_str_set(&c.bucket, "c-sdk-doomed");
    check_ok(oss_create_bucket(c.options, &c.bucket, OSS_ACL_PRIVATE, NULL), 200);
    aos_list_t buffer;
    aos_list_init(&buffer);
    aos_buf_t *b = aos_buf_pack(c.pool, "k", 1);
    aos_list_add_tail(&b->node, &buffer);
    check_ok(oss_put_object_from_buffer(c.options, &c.bucket, &c.object, &buffer, NULL, NULL), 200);
    check_refused(oss_delete_bucket(c.options, &c.bucket, NULL), 409, "BucketNotEmpty");
    check_ok(oss_delete_object(c.options, &c.bucket, &c.object, NULL), 204);
    check_ok(oss_delete_bucket(c.options, &c.bucket, &c.resp_headers), 204);
    oss_list_buckets_params_t *p = oss_create_list_buckets_params(c.pool);
    aos_str_set(&p->prefix, "c-sdk-doomed");
    check_ok(oss_list_bucket(c.options, p, NULL), 200);
    CHECK(aos_list_empty(&p->bucket_list));
    check_refused(oss_delete_bucket(c.options, &c.bucket, NULL), 404, "NoSuchBucket");
    ctx_free(&c);
}

/* Every call, each NULL or bad argument: a status naming it, no crash, no request sent. A
 * NULL bucket is an invalid bucket name, as oss_resumable_upload_file reports it. */
static void test_bad_input(void)
{
    struct ctx c;
    ctx_init(&c, "bad/obj", 4);
    aos_list_t buffer;
    aos_list_init(&buffer);
    aos_string_t file, bad_bucket, bad_key, null_str = {0, NULL};
    aos_str_set(&file, "/tmp/x");
    aos_str_set(&bad_bucket, "-bad");
    aos_str_set(&bad_key, "/leading-slash");
    oss_object_exist_status_e e;
    oss_list_object_params_t *lp = oss_create_list_object_params(c.pool);
    aos_list_t uninit = {NULL, NULL};
    http_do("DELETE", "/_ossemu/log", NULL, NULL);

    aos_status_t *s = oss_put_object_from_buffer(NULL, &c.bucket, &c.object, &buffer, NULL, NULL);
    check_refused(s, AOSE_INVALID_ARGUMENT, "ClientError");
    oss_request_options_t nopool = *c.options;
    nopool.pool = NULL;
    check_refused(oss_head_object(&nopool, &c.bucket, &c.object, NULL, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    check_refused(oss_put_object_from_buffer(c.options, NULL, &c.object, &buffer, NULL, NULL), AOSE_INVALID_ARGUMENT, "BucketNameInvalidError");
    check_refused(oss_put_object_from_buffer(c.options, &bad_bucket, &c.object, &buffer, NULL, NULL), AOSE_INVALID_ARGUMENT, "BucketNameInvalidError");
    check_refused(oss_put_object_from_buffer(c.options, &c.bucket, NULL, &buffer, NULL, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    check_refused(oss_put_object_from_buffer(c.options, &c.bucket, &bad_key, &buffer, NULL, NULL), AOSE_INVALID_ARGUMENT, "ObjectNameInvalidError");
    check_refused(oss_put_object_from_buffer(c.options, &c.bucket, &null_str, &buffer, NULL, NULL), AOSE_INVALID_ARGUMENT, "ObjectNameInvalidError");
    check_refused(oss_put_object_from_buffer(c.options, &c.bucket, &c.object, NULL, NULL, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    check_refused(oss_put_object_from_buffer(c.options, &c.bucket, &c.object, &uninit, NULL, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    check_refused(oss_put_object_from_file(c.options, &c.bucket, &c.object, NULL, NULL, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    check_refused(oss_get_object_to_buffer(c.options, &c.bucket, &c.object, NULL, NULL, NULL, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    check_refused(oss_get_object_to_file(c.options, &c.bucket, &c.object, NULL, NULL, NULL, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    check_refused(oss_head_object(c.options, NULL, &c.object, NULL, NULL), AOSE_INVALID_ARGUMENT, "BucketNameInvalidError");
    check_refused(oss_does_object_exist(c.options, &c.bucket, NULL, NULL, &e, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    check_refused(oss_delete_object(c.options, &c.bucket, &bad_key, NULL), AOSE_INVALID_ARGUMENT, "ObjectNameInvalidError");
    check_refused(oss_copy_object(c.options, NULL, &c.object, &c.bucket, &c.object, NULL, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    check_refused(oss_copy_object(c.options, &c.bucket, &c.object, &c.bucket, NULL, NULL, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    check_refused(oss_copy_object(c.options, &bad_bucket, &c.object, &c.bucket, &c.object, NULL, NULL), AOSE_INVALID_ARGUMENT, "BucketNameInvalidError");
    check_refused(oss_list_object(c.options, &c.bucket, NULL, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    oss_list_object_params_t broken = *lp;
    broken.object_list.next = NULL;
    check_refused(oss_list_object(c.options, &c.bucket, &broken, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    check_refused(oss_create_bucket(c.options, NULL, OSS_ACL_PRIVATE, NULL), AOSE_INVALID_ARGUMENT, "BucketNameInvalidError");
    check_refused(oss_delete_bucket(c.options, &bad_bucket, NULL), AOSE_INVALID_ARGUMENT, "BucketNameInvalidError");

    /* A header that could split the request; an endpoint or keys missing. */
    aos_table_t *headers = aos_table_make(c.pool, 1);
    apr_table_set(headers, "x-oss-meta-a", "line\r\nbreak");
    check_refused(oss_put_object_from_buffer(c.options, &c.bucket, &c.object, &buffer, headers, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    aos_str_set(&c.options->config->access_key_id, "");
    check_refused(oss_delete_object(c.options, &c.bucket, &c.object, NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    c.options->config = NULL;
    check_refused(oss_list_bucket(c.options, oss_create_list_buckets_params(c.pool), NULL), AOSE_INVALID_ARGUMENT, "ClientError");
    CHECK_INT(requests_logged(), 0);
    ctx_free(&c);
}

/* A refused connection is HttpIoError, bounded (no retries here). */
static void test_connection_refused(void)
{
    struct ctx c;
    ctx_init(&c, "refused", 4);
    aos_str_set(&c.options->config->endpoint, "http://127.0.0.1:1");
    aos_table_t *rh = NULL;
    aos_status_t *s = oss_head_object(c.options, &c.bucket, &c.object, NULL, &rh);
    check_refused(s, AOSE_FAILED_CONNECT, "HttpIoError");
    CHECK(rh != NULL);
    ctx_free(&c);
}

/* A body that stalls is cut by the low-speed limit (here 1024 B/s for 1 s): the call ends with
 * HttpIoError within a few seconds instead of waiting, and the caller's list is untouched. */
static void test_stalled_get_is_bounded(void)
{
    char data[8192];
    memset(data, 'z', sizeof(data));
    put_bytes("stall/obj", data, (int)sizeof(data));
    struct ctx c;
    ctx_init(&c, "stall/obj", 4);
    c.options->ctl->options = aos_http_request_options_create(c.pool);
    c.options->ctl->options->speed_limit = 1024;
    c.options->ctl->options->speed_time = 1;
    set_fault("op=GetObject,key=stall/obj,drip-body=200ms");
    aos_list_t buffer;
    aos_list_init(&buffer);
    apr_time_t start = apr_time_now();
    aos_status_t *s = oss_get_object_to_buffer(c.options, &c.bucket, &c.object, NULL, NULL, &buffer, NULL);
    double secs = (double)(apr_time_now() - start) / 1e6;
    clear_faults();
    fprintf(stderr, "     stalled GET ended after %.1f s: %d %s\n", secs, s->code, s->error_code ? s->error_code : "");
    CHECK_INT(s->code, AOSE_CONNECTION_FAILED);
    CHECK_STR(s->error_code, "HttpIoError");
    CHECK(secs < 6);
    CHECK(aos_list_empty(&buffer));
    ctx_free(&c);
}

int main(int argc, char *argv[])
{
    CHECK_ARGS(argc, argv);
    endpoint = getenv("OSSEMU_URL");
    if (endpoint == NULL || mkdtemp(tmpdir) == NULL) {
        fprintf(stderr, "OSSEMU_URL is not set (run through with_ossemu.sh), or no temp dir\n");
        return 2;
    }
    aos_http_io_initialize(NULL, 0);
    RUN(test_put_object_from_buffer);
    RUN(test_put_object_from_file);
    RUN(test_get_object_to_buffer);
    RUN(test_get_object_to_file);
    RUN(test_head_object);
    RUN(test_does_object_exist);
    RUN(test_delete_object);
    RUN(test_copy_object);
    RUN(test_list_object);
    RUN(test_gen_signed_url);
    RUN(test_create_bucket);
    RUN(test_list_bucket);
    RUN(test_delete_bucket);
    RUN(test_bad_input);
    RUN(test_connection_refused);
    RUN(test_stalled_get_is_bounded);
    aos_http_io_deinitialize();
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    if (system(cmd) != 0) {
        perror("rm");
    }
    return check_summary();
}
