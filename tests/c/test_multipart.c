/* The manual multipart calls of oss_api.h against the local ossemu server (OSSEMU_URL, key
 * ak:sk, bucket examplebucket): one case per call (init, upload part from buffer and from file,
 * list parts, complete, abort, list uploads, oss_upload_file), each checking what the server
 * stored or logged, the status on failure, and that bad input is refused before any request.
 * Every case uses its own keys, so the request log is read per key. */
#include "check.h"
#include "ossemu_client.h"

#include <errno.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/ossresume-multipart-XXXXXX";
static const char *endpoint;

struct ctx {
    aos_pool_t *pool;
    oss_request_options_t *options;
    aos_string_t bucket, object;
    aos_table_t *resp_headers;
};

static void ctx_init(struct ctx *c, const char *key)
{
    memset(c, 0, sizeof(*c));
    aos_pool_create(&c->pool, NULL);
    c->options = oss_request_options_create(c->pool);
    c->options->config = oss_config_create(c->pool);
    aos_str_set(&c->options->config->endpoint, endpoint);
    aos_str_set(&c->options->config->access_key_id, "ak");
    aos_str_set(&c->options->config->access_key_secret, "sk");
    aos_str_set(&c->options->config->region, "cn-hangzhou");
    c->options->config->signature_version = 4;
    c->options->ctl = aos_http_controller_create(c->pool, 0);
    /* A private copy: cases that turn enable_crc off must not change the process's default. */
    c->options->ctl->options = aos_http_request_options_create(c->pool);
    aos_str_set(&c->bucket, "examplebucket");
    aos_str_set(&c->object, apr_pstrdup(c->pool, key));
}

/* fill writes size pseudo-random bytes to buf. */
static void fill(unsigned char *buf, long size, unsigned seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (long i = 0; i < size; i++) {
        x = x * 1664525u + 1013904223u;
        buf[i] = (unsigned char)(x >> 24);
    }
}

/* make_file writes size pseudo-random bytes to tmpdir/name; the path is allocated in p. */
static char *make_file(aos_pool_t *p, const char *name, long size, unsigned seed)
{
    char *path = apr_psprintf(p, "%s/%s", tmpdir, name);
    unsigned char *buf = malloc(size > 0 ? (size_t)size : 1);
    fill(buf, size, seed);
    FILE *f = fopen(path, "wb");
    if (size > 0) {
        fwrite(buf, 1, (size_t)size, f);
    }
    fclose(f);
    free(buf);
    return path;
}

static uint64_t file_range_crc(const char *path, long off, long len)
{
    FILE *f = fopen(path, "rb");
    unsigned char buf[65536];
    uint64_t crc = 0;
    fseek(f, off, SEEK_SET);
    while (len > 0) {
        size_t n = fread(buf, 1, len < (long)sizeof(buf) ? (size_t)len : sizeof(buf), f);
        if (n == 0) {
            break;
        }
        crc = aos_crc64(crc, buf, n);
        len -= (long)n;
    }
    fclose(f);
    return crc;
}

static void set_fault(const char *spec)
{
    CHECK_INT(http_do("POST", "/_ossemu/faults", spec, NULL), 200);
}

/* count_log counts request-log entries of op for key (any key when NULL) with this status
 * (any when 0) and, when part > 0, this part number. */
static int count_log(const char *op, const char *key, int status, int part)
{
    char *log = NULL;
    http_do("GET", "/_ossemu/log?format=jsonl", NULL, &log);
    char op_s[64], key_s[256], st_s[32], part_s[32];
    snprintf(op_s, sizeof(op_s), "\"op\":\"%s\"", op);
    snprintf(key_s, sizeof(key_s), "\"key\":\"%s\"", key ? key : "");
    snprintf(st_s, sizeof(st_s), "\"status\":%d", status);
    snprintf(part_s, sizeof(part_s), "\"partNumber\":%d,", part);
    int n = 0;
    for (char *line = strtok(log, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        if (strstr(line, op_s) && (key == NULL || strstr(line, key_s)) &&
            (status == 0 || strstr(line, st_s)) && (part == 0 || strstr(line, part_s))) {
            n++;
        }
    }
    free(log);
    return n;
}

/* connections counts the distinct client addresses (one per connection) of op's requests for
 * key. */
static int connections(const char *op, const char *key)
{
    char *log = NULL;
    http_do("GET", "/_ossemu/log?format=jsonl", NULL, &log);
    char op_s[64], key_s[256], seen[32][64];
    snprintf(op_s, sizeof(op_s), "\"op\":\"%s\"", op);
    snprintf(key_s, sizeof(key_s), "\"key\":\"%s\"", key);
    int n = 0;
    for (char *line = strtok(log, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        char *r = strstr(line, "\"remote\":\"");
        if (!strstr(line, op_s) || !strstr(line, key_s) || r == NULL) {
            continue;
        }
        char addr[64] = {0};
        sscanf(r + strlen("\"remote\":\""), "%63[^\"]", addr);
        int known = 0;
        for (int i = 0; i < n; i++) {
            known |= strcmp(seen[i], addr) == 0;
        }
        if (!known && n < 32) {
            snprintf(seen[n++], sizeof(seen[0]), "%s", addr);
        }
    }
    free(log);
    return n;
}

/* total_log counts every logged request; bad input must not add any. */
static int total_log(void)
{
    char *log = NULL;
    http_do("GET", "/_ossemu/log?format=jsonl", NULL, &log);
    int n = log != NULL ? count_substr(log, "\"op\":") : -1;
    free(log);
    return n;
}

/* stored_crc is the CRC-64 of the object ossemu stores (0 and a failed CHECK when missing). */
static uint64_t stored_crc(const char *key)
{
    char path[512], *out = NULL;
    snprintf(path, sizeof(path), "/_ossemu/object/examplebucket/%s", key);
    int st = http_do("HEAD", path, NULL, &out);
    CHECK_INT(st, 200);
    uint64_t crc = 0;
    char *h = out != NULL ? strcasestr(out, "x-oss-hash-crc64ecma: ") : NULL;
    if (h != NULL) {
        crc = strtoull(h + strlen("x-oss-hash-crc64ecma: "), NULL, 10);
    }
    free(out);
    return crc;
}

static int object_exists(const char *key)
{
    char path[512];
    snprintf(path, sizeof(path), "/_ossemu/object/examplebucket/%s", key);
    return http_do("HEAD", path, NULL, NULL) == 200;
}

/* check_failed_status: a failure from the server carries its status, code, message and
 * request id, and resp_headers holds that request id. */
static void check_server_error(aos_status_t *s, aos_table_t *resp_headers, int code, const char *ec)
{
    CHECK_INT(s->code, code);
    CHECK(!aos_status_is_ok(s));
    CHECK_STR(s->error_code, ec);
    CHECK(s->error_msg != NULL && s->error_msg[0] != '\0');
    CHECK(s->req_id != NULL && s->req_id[0] != '\0');
    CHECK(resp_headers != NULL);
    if (resp_headers != NULL && s->req_id != NULL) {
        CHECK_STR(apr_table_get(resp_headers, "x-oss-request-id"), s->req_id);
    }
}

static void check_ok(aos_status_t *s, int code, aos_table_t *resp_headers)
{
    if (s->code != code) {
        fprintf(stderr, "     status %d %s: %s\n", s->code, s->error_code ? s->error_code : "",
                s->error_msg ? s->error_msg : "");
    }
    CHECK_INT(s->code, code);
    CHECK(aos_status_is_ok(s));
    CHECK(s->error_code == NULL);
    CHECK(s->req_id != NULL && s->req_id[0] != '\0');
    CHECK(resp_headers != NULL);
    if (resp_headers != NULL && s->req_id != NULL) {
        CHECK_STR(apr_table_get(resp_headers, "x-oss-request-id"), s->req_id);
    }
}

/* check_refused: bad input is -994 with this error code, a message, and no request sent. */
static void check_refused(aos_status_t *s, const char *ec, const char *msg_part, int log_before)
{
    CHECK(s != NULL);
    if (s == NULL) {
        return;
    }
    CHECK_INT(s->code, AOSE_INVALID_ARGUMENT);
    CHECK_STR(s->error_code, ec);
    CHECK(s->error_msg != NULL && strstr(s->error_msg, msg_part) != NULL);
    if (s->error_msg != NULL && strstr(s->error_msg, msg_part) == NULL) {
        fprintf(stderr, "     message \"%s\" does not name \"%s\"\n", s->error_msg, msg_part);
    }
    CHECK_INT(total_log(), log_before);
}

/* init starts an upload for c's object and returns its id (in c's pool). */
static char *init(struct ctx *c, aos_table_t *headers)
{
    aos_string_t id = {0, NULL};
    aos_status_t *s = oss_init_multipart_upload(c->options, &c->bucket, &c->object, &id, headers,
                                                &c->resp_headers);
    check_ok(s, 200, c->resp_headers);
    CHECK(id.data != NULL && id.len == (int)strlen(id.data) && id.len > 0);
    return id.data;
}

/* add_part appends (number, etag) to list, allocated in p. */
static void add_part(aos_pool_t *p, aos_list_t *list, int number, const char *etag)
{
    oss_complete_part_content_t *c = oss_create_complete_part_content(p);
    aos_str_set(&c->part_number, apr_psprintf(p, "%d", number));
    aos_str_set(&c->etag, apr_pstrdup(p, etag));
    aos_list_add_tail(&c->node, list);
}

/* part_from_buffer sends len bytes of data as part n in two buffers; returns the ETag. */
static const char *part_from_buffer(struct ctx *c, const char *id, int n, const unsigned char *data,
                                    int len)
{
    aos_list_t buffer;
    aos_list_init(&buffer);
    aos_list_add_tail(&aos_buf_pack(c->pool, data, len / 3)->node, &buffer);
    aos_list_add_tail(&aos_buf_pack(c->pool, data + len / 3, len - len / 3)->node, &buffer);
    aos_string_t upload_id;
    aos_str_set(&upload_id, id);
    aos_table_t *rh = NULL;
    aos_status_t *s = oss_upload_part_from_buffer(c->options, &c->bucket, &c->object, &upload_id,
                                                  n, &buffer, &rh);
    check_ok(s, 200, rh);
    return rh != NULL ? apr_table_get(rh, "ETag") : NULL;
}

static void test_init_multipart_upload(void)
{
    struct ctx c;
    ctx_init(&c, "mp/init.txt");
    int before = total_log();
    aos_table_t *headers = aos_table_make(c.pool, 1);
    apr_table_set(headers, "x-oss-meta-author", "init-test");
    char *id = init(&c, headers);
    CHECK_INT(count_log("InitiateMultipartUpload", "mp/init.txt", 200, 0), 1);
    CHECK_INT(total_log(), before + 1);
    CHECK_INT(apr_table_elts(headers)->nelts, 1); /* the caller's table is read, not changed */

    /* The object's headers went with Initiate: Content-Type from the key, the meta header. */
    static unsigned char data[1000];
    fill(data, sizeof(data), 1);
    const char *etag = part_from_buffer(&c, id, 1, data, (int)sizeof(data));
    aos_list_t parts;
    aos_list_init(&parts);
    add_part(c.pool, &parts, 1, etag ? etag : "");
    aos_string_t upload_id;
    aos_str_set(&upload_id, id);
    aos_status_t *s = oss_complete_multipart_upload(c.options, &c.bucket, &c.object, &upload_id,
                                                    &parts, NULL, &c.resp_headers);
    check_ok(s, 200, c.resp_headers);
    char *head = NULL;
    CHECK_INT(http_do("HEAD", "/_ossemu/object/examplebucket/mp/init.txt", NULL, &head), 200);
    CHECK(head != NULL && strcasestr(head, "x-oss-meta-author: init-test") != NULL);
    CHECK(head != NULL && strcasestr(head, "Content-Type: text/plain") != NULL);
    free(head);

    /* Bad input: refused by name, before any request. */
    before = total_log();
    aos_string_t bad_bucket;
    aos_str_set(&bad_bucket, "Bad_Bucket");
    aos_string_t out = {0, NULL};
    check_refused(oss_init_multipart_upload(c.options, &bad_bucket, &c.object, &out, NULL, NULL),
                  "BucketNameInvalidError", "bucket name", before);
    check_refused(oss_init_multipart_upload(c.options, &c.bucket, &c.object, NULL, NULL, NULL),
                  "ClientError", "upload_id", before);
    check_refused(oss_init_multipart_upload(c.options, &c.bucket, NULL, &out, NULL, NULL),
                  "ClientError", "object", before);
    aos_table_t *bad = aos_table_make(c.pool, 1);
    apr_table_set(bad, "x-oss-meta-a", "line\r\nbreak");
    check_refused(oss_init_multipart_upload(c.options, &c.bucket, &c.object, &out, bad, NULL),
                  "ClientError", "line break", before);
    CHECK(out.data == NULL);
    aos_pool_destroy(c.pool);
}

static void test_upload_part_from_buffer(void)
{
    struct ctx c;
    ctx_init(&c, "mp/buffer.bin");
    char *id = init(&c, NULL);
    static unsigned char data[150000];
    fill(data, sizeof(data), 2);

    aos_list_t buffer;
    aos_list_init(&buffer);
    aos_list_add_tail(&aos_buf_pack(c.pool, data, 50000)->node, &buffer);
    aos_list_add_tail(&aos_buf_pack(c.pool, data + 50000, 0)->node, &buffer); /* an empty one */
    aos_list_add_tail(&aos_buf_pack(c.pool, data + 50000, 100000)->node, &buffer);
    aos_string_t upload_id;
    aos_str_set(&upload_id, id);
    aos_table_t *rh = NULL;
    aos_status_t *s = oss_upload_part_from_buffer(c.options, &c.bucket, &c.object, &upload_id, 1,
                                                  &buffer, &rh);
    check_ok(s, 200, rh);
    const char *crc = rh != NULL ? apr_table_get(rh, OSS_HASH_CRC64_ECMA) : NULL;
    CHECK(crc != NULL && aos_atoui64(crc) == aos_crc64(0, data, sizeof(data)));
    CHECK(rh != NULL && apr_table_get(rh, "ETag") != NULL);
    CHECK_INT(aos_buf_list_len(&buffer), (long)sizeof(data)); /* the list is the caller's still */
    CHECK_INT(count_log("UploadPart", "mp/buffer.bin", 200, 1), 1);

    /* enable_crc: a wrong CRC from the server is -978 with it on, accepted with it off. */
    set_fault("op=UploadPart,key=mp/buffer.bin,part=2,wrong-crc,times=2");
    s = oss_upload_part_from_buffer(c.options, &c.bucket, &c.object, &upload_id, 2, &buffer, &rh);
    CHECK_INT(s->code, AOSE_CRC_INCONSISTENT_ERROR);
    CHECK_STR(s->error_code, "InconsistentError");
    CHECK(s->req_id != NULL && s->req_id[0] != '\0');
    c.options->ctl->options->enable_crc = AOS_FALSE;
    s = oss_upload_part_from_buffer(c.options, &c.bucket, &c.object, &upload_id, 2, &buffer, &rh);
    check_ok(s, 200, rh);
    c.options->ctl->options->enable_crc = AOS_TRUE;

    /* A server error: its status, code and request id. */
    aos_string_t gone;
    aos_str_set(&gone, "no-such-upload-id");
    s = oss_upload_part_from_buffer(c.options, &c.bucket, &c.object, &gone, 1, &buffer, &rh);
    check_server_error(s, rh, 404, "NoSuchUpload");

    /* Bad input, before any request. */
    int before = total_log();
    check_refused(oss_upload_part_from_buffer(c.options, &c.bucket, &c.object, &upload_id, 0,
                                              &buffer, NULL), "ClientError", "outside 1..10000", before);
    check_refused(oss_upload_part_from_buffer(c.options, &c.bucket, &c.object, &upload_id, 10001,
                                              &buffer, NULL), "ClientError", "outside 1..10000", before);
    check_refused(oss_upload_part_from_buffer(c.options, &c.bucket, &c.object, &upload_id, 1,
                                              NULL, NULL), "ClientError", "buffer", before);
    check_refused(oss_upload_part_from_buffer(c.options, &c.bucket, &c.object, NULL, 1, &buffer,
                                              NULL), "ClientError", "upload_id", before);
    aos_list_t never_initialised;
    memset(&never_initialised, 0, sizeof(never_initialised));
    check_refused(oss_upload_part_from_buffer(c.options, &c.bucket, &c.object, &upload_id, 1,
                                              &never_initialised, NULL), "ClientError", "aos_list_init",
                  before);
    aos_pool_destroy(c.pool);
}

static void test_upload_part_from_file(void)
{
    struct ctx c;
    ctx_init(&c, "mp/file.bin");
    char *path = make_file(c.pool, "part.bin", 400000, 3);
    char *id = init(&c, NULL);
    aos_string_t upload_id;
    aos_str_set(&upload_id, id);

    /* Part 1: bytes [1000, 201000); part 2: from 201000 with file_last past the end (clamped). */
    oss_upload_file_t *uf = oss_create_upload_file(c.pool);
    CHECK(uf != NULL && uf->filename.data == NULL && uf->file_pos == 0 && uf->file_last == 0);
    aos_str_set(&uf->filename, path);
    uf->file_pos = 1000;
    uf->file_last = 201000;
    aos_table_t *rh = NULL;
    aos_status_t *s = oss_upload_part_from_file(c.options, &c.bucket, &c.object, &upload_id, 1, uf, &rh);
    check_ok(s, 200, rh);
    const char *crc = rh != NULL ? apr_table_get(rh, OSS_HASH_CRC64_ECMA) : NULL;
    CHECK(crc != NULL && aos_atoui64(crc) == file_range_crc(path, 1000, 200000));
    aos_list_t parts;
    aos_list_init(&parts);
    add_part(c.pool, &parts, 1, rh != NULL ? apr_table_get(rh, "ETag") : "");
    uf->file_pos = 201000;
    uf->file_last = 1 << 30;
    s = oss_upload_part_from_file(c.options, &c.bucket, &c.object, &upload_id, 2, uf, &rh);
    check_ok(s, 200, rh);
    add_part(c.pool, &parts, 2, rh != NULL ? apr_table_get(rh, "ETag") : "");

    /* A wrong CRC from the server: -978 (part 3 is left out of the object). */
    set_fault("op=UploadPart,key=mp/file.bin,part=3,wrong-crc,times=1");
    uf->file_pos = 0;
    uf->file_last = 1000;
    s = oss_upload_part_from_file(c.options, &c.bucket, &c.object, &upload_id, 3, uf, &rh);
    CHECK_INT(s->code, AOSE_CRC_INCONSISTENT_ERROR);
    CHECK_STR(s->error_code, "InconsistentError");

    s = oss_complete_multipart_upload(c.options, &c.bucket, &c.object, &upload_id, &parts, NULL, &rh);
    check_ok(s, 200, rh);
    CHECK(stored_crc("mp/file.bin") == file_range_crc(path, 1000, 399000));


    /* Local file errors are the errno with OpenFileFail, and bad ranges are refused, all
     * before any request. */
    int before = total_log();
    aos_str_set(&uf->filename, apr_psprintf(c.pool, "%s/missing.bin", tmpdir));
    s = oss_upload_part_from_file(c.options, &c.bucket, &c.object, &upload_id, 1, uf, &rh);
    CHECK_INT(s->code, ENOENT);
    CHECK_STR(s->error_code, "OpenFileFail");
    CHECK(rh != NULL); /* a table even on failure */
    CHECK_INT(total_log(), before);
    aos_str_set(&uf->filename, path);
    uf->file_pos = 5000;
    uf->file_last = 4000;
    check_refused(oss_upload_part_from_file(c.options, &c.bucket, &c.object, &upload_id, 1, uf, NULL),
                  "ClientError", "file_last", before);
    check_refused(oss_upload_part_from_file(c.options, &c.bucket, &c.object, &upload_id, 1, NULL, NULL),
                  "ClientError", "upload_file", before);
    aos_pool_destroy(c.pool);
}

static void test_list_upload_part(void)
{
    struct ctx c;
    ctx_init(&c, "mp/list-parts.bin");
    char *id = init(&c, NULL);
    static unsigned char data[3][120000];
    const char *etags[3];
    for (int i = 0; i < 3; i++) {
        fill(data[i], sizeof(data[i]) - (size_t)i * 1000, 10 + (unsigned)i);
        etags[i] = apr_pstrdup(c.pool, part_from_buffer(&c, id, i + 1, data[i], (int)sizeof(data[i]) - i * 1000));
    }
    aos_string_t upload_id;
    aos_str_set(&upload_id, id);

    oss_list_upload_part_params_t *params = oss_create_list_upload_part_params(c.pool);
    CHECK_INT(params->max_ret, 1000);
    CHECK_INT(params->truncated, 1);
    CHECK(params->part_number_marker.data != NULL && params->part_number_marker.len == 0);
    CHECK(aos_list_empty(&params->part_list));
    params->max_ret = 2;
    aos_table_t *rh = NULL;
    aos_status_t *s = oss_list_upload_part(c.options, &c.bucket, &c.object, &upload_id, params, &rh);
    check_ok(s, 200, rh);
    CHECK_INT(params->truncated, 1);
    CHECK_STR(params->next_part_number_marker.data, "2");
    int n = 0;
    oss_list_part_content_t *part;
    aos_list_for_each_entry(oss_list_part_content_t, part, &params->part_list, node) {
        n++;
        CHECK_INT(atoi(part->part_number.data), n);
        CHECK_INT(atoi(part->size.data), 120000 - (n - 1) * 1000);
        CHECK_STR(part->etag.data, etags[n - 1]);
        CHECK(part->last_modified.data != NULL && strlen(part->last_modified.data) >= 20);
    }
    CHECK_INT(n, 2);

    /* The next page, from the marker, into a fresh list. */
    params->part_number_marker = params->next_part_number_marker;
    aos_list_init(&params->part_list);
    s = oss_list_upload_part(c.options, &c.bucket, &c.object, &upload_id, params, &rh);
    check_ok(s, 200, rh);
    CHECK_INT(params->truncated, 0);
    n = 0;
    aos_list_for_each_entry(oss_list_part_content_t, part, &params->part_list, node) {
        n++;
        CHECK_STR(part->part_number.data, "3");
        CHECK_STR(part->size.data, "118000");
        CHECK_STR(part->etag.data, etags[2]);
    }
    CHECK_INT(n, 1);
    CHECK_INT(count_log("ListParts", "mp/list-parts.bin", 200, 0), 2);

    aos_string_t gone;
    aos_str_set(&gone, "no-such-upload-id");
    s = oss_list_upload_part(c.options, &c.bucket, &c.object, &gone, params, &rh);
    check_server_error(s, rh, 404, "NoSuchUpload");

    /* A server that stalls mid-answer: the low-speed limit ends the call, it never hangs. */
    set_fault("op=ListParts,key=mp/list-parts.bin,drip-body=1s,times=1");
    c.options->ctl->options->speed_limit = 1024;
    c.options->ctl->options->speed_time = 1;
    aos_str_set(&params->part_number_marker, "");
    time_t t0 = time(NULL);
    s = oss_list_upload_part(c.options, &c.bucket, &c.object, &upload_id, params, &rh);
    CHECK_INT(s->code, AOSE_CONNECTION_FAILED);
    CHECK_STR(s->error_code, "HttpIoError");
    CHECK(time(NULL) - t0 < 15);

    int before = total_log();
    check_refused(oss_list_upload_part(c.options, &c.bucket, &c.object, &upload_id, NULL, NULL),
                  "ClientError", "params", before);
    params->max_ret = 1001;
    check_refused(oss_list_upload_part(c.options, &c.bucket, &c.object, &upload_id, params, NULL),
                  "ClientError", "max_ret", before);
    params->max_ret = 10;
    aos_str_set(&params->part_number_marker, "two");
    check_refused(oss_list_upload_part(c.options, &c.bucket, &c.object, &upload_id, params, NULL),
                  "ClientError", "part_number_marker", before);
    aos_pool_destroy(c.pool);
}

static void test_complete_multipart_upload(void)
{
    struct ctx c;
    ctx_init(&c, "mp/complete.bin");
    char *id = init(&c, NULL);
    static unsigned char data[2][110000];
    const char *etags[2];
    uint64_t crc = 0;
    for (int i = 0; i < 2; i++) {
        fill(data[i], sizeof(data[i]), 20 + (unsigned)i);
        etags[i] = apr_pstrdup(c.pool, part_from_buffer(&c, id, i + 1, data[i], (int)sizeof(data[i])));
        crc = aos_crc64(crc, data[i], sizeof(data[i]));
    }
    aos_string_t upload_id;
    aos_str_set(&upload_id, id);

    /* Out of order: refused before any request (OSS would answer InvalidPartOrder). */
    aos_list_t parts;
    aos_list_init(&parts);
    add_part(c.pool, &parts, 2, etags[1]);
    add_part(c.pool, &parts, 1, etags[0]);
    int before = total_log();
    check_refused(oss_complete_multipart_upload(c.options, &c.bucket, &c.object, &upload_id, &parts,
                                                NULL, NULL), "ClientError", "ascending", before);
    aos_list_init(&parts);
    add_part(c.pool, &parts, 1, etags[0]);
    oss_complete_part_content_t *bad = oss_create_complete_part_content(c.pool);
    aos_str_set(&bad->part_number, "two");
    aos_str_set(&bad->etag, etags[1]);
    aos_list_add_tail(&bad->node, &parts);
    check_refused(oss_complete_multipart_upload(c.options, &c.bucket, &c.object, &upload_id, &parts,
                                                NULL, NULL), "ClientError", "part_number", before);
    check_refused(oss_complete_multipart_upload(c.options, &c.bucket, &c.object, &upload_id, NULL,
                                                NULL, NULL), "ClientError", "part_list", before);

    /* A wrong ETag: the server's InvalidPart. */
    aos_list_init(&parts);
    add_part(c.pool, &parts, 1, etags[0]);
    add_part(c.pool, &parts, 2, "\"00000000000000000000000000000000\"");
    aos_table_t *rh = NULL;
    aos_status_t *s = oss_complete_multipart_upload(c.options, &c.bucket, &c.object, &upload_id,
                                                    &parts, NULL, &rh);
    check_server_error(s, rh, 400, "InvalidPart");
    CHECK(!object_exists("mp/complete.bin"));

    /* 200 with an <Error> body (OSS's failed assembly) is that error. */
    set_fault("op=Complete,key=mp/complete.bin,status=200,code=InternalError,times=1");
    aos_list_init(&parts);
    add_part(c.pool, &parts, 1, etags[0]);
    add_part(c.pool, &parts, 2, etags[1]);
    s = oss_complete_multipart_upload(c.options, &c.bucket, &c.object, &upload_id, &parts, NULL, &rh);
    CHECK_INT(s->code, 200);
    CHECK(!aos_status_is_ok(s) || s->error_code != NULL);
    CHECK_STR(s->error_code, "InternalError");
    CHECK(!object_exists("mp/complete.bin"));

    /* The object, with the headers given to Complete. */
    aos_table_t *headers = aos_table_make(c.pool, 1);
    apr_table_set(headers, "x-oss-object-acl", "public-read");
    s = oss_complete_multipart_upload(c.options, &c.bucket, &c.object, &upload_id, &parts, headers, &rh);
    check_ok(s, 200, rh);
    CHECK(stored_crc("mp/complete.bin") == crc);
    const char *resp_crc = rh != NULL ? apr_table_get(rh, OSS_HASH_CRC64_ECMA) : NULL;
    CHECK(resp_crc != NULL && aos_atoui64(resp_crc) == crc);
    CHECK_INT(count_log("CompleteMultipartUpload", "mp/complete.bin", 200, 0), 2);
    aos_pool_destroy(c.pool);
}

static void test_abort_multipart_upload(void)
{
    struct ctx c;
    ctx_init(&c, "mp/abort.bin");
    char *id = init(&c, NULL);
    static unsigned char data[1000];
    fill(data, sizeof(data), 30);
    part_from_buffer(&c, id, 1, data, (int)sizeof(data));
    aos_string_t upload_id;
    aos_str_set(&upload_id, id);
    aos_table_t *rh = NULL;
    aos_status_t *s = oss_abort_multipart_upload(c.options, &c.bucket, &c.object, &upload_id, &rh);
    check_ok(s, 204, rh);
    CHECK_INT(count_log("AbortMultipartUpload", "mp/abort.bin", 204, 0), 1);

    /* Gone: listing it and aborting it again are the server's NoSuchUpload. */
    oss_list_upload_part_params_t *params = oss_create_list_upload_part_params(c.pool);
    s = oss_list_upload_part(c.options, &c.bucket, &c.object, &upload_id, params, &rh);
    check_server_error(s, rh, 404, "NoSuchUpload");
    s = oss_abort_multipart_upload(c.options, &c.bucket, &c.object, &upload_id, &rh);
    check_server_error(s, rh, 404, "NoSuchUpload");

    int before = total_log();
    check_refused(oss_abort_multipart_upload(c.options, &c.bucket, &c.object, NULL, NULL),
                  "ClientError", "upload_id", before);
    aos_string_t empty = {0, NULL};
    check_refused(oss_abort_multipart_upload(c.options, &c.bucket, &c.object, &empty, NULL),
                  "ClientError", "upload_id", before);
    aos_pool_destroy(c.pool);
}

static void test_list_multipart_upload(void)
{
    struct ctx c;
    ctx_init(&c, "mp/list-uploads/a");
    const char *keys[] = {"mp/list-uploads/a", "mp/list-uploads/b", "mp/list-uploads/c d"};
    char *ids[3];
    for (int i = 0; i < 3; i++) {
        aos_str_set(&c.object, keys[i]);
        ids[i] = init(&c, NULL);
    }
    oss_list_multipart_upload_params_t *params = oss_create_list_multipart_upload_params(c.pool);
    CHECK_INT(params->max_ret, 1000);
    CHECK_INT(params->truncated, 1);
    CHECK(params->prefix.data != NULL && params->key_marker.data != NULL &&
          params->upload_id_marker.data != NULL && params->delimiter.data != NULL);
    aos_str_set(&params->prefix, "mp/list-uploads/");
    params->max_ret = 2;
    aos_table_t *rh = NULL;
    aos_status_t *s = oss_list_multipart_upload(c.options, &c.bucket, params, &rh);
    check_ok(s, 200, rh);
    CHECK_INT(params->truncated, 1);
    int n = 0;
    oss_list_multipart_upload_content_t *u;
    aos_list_for_each_entry(oss_list_multipart_upload_content_t, u, &params->upload_list, node) {
        CHECK_STR(u->key.data, keys[n]);
        CHECK_STR(u->upload_id.data, ids[n]);
        CHECK(u->initiated.data != NULL && strlen(u->initiated.data) >= 20);
        n++;
    }
    CHECK_INT(n, 2);
    CHECK_STR(params->next_key_marker.data, keys[1]);
    CHECK_STR(params->next_upload_id_marker.data, ids[1]);

    params->key_marker = params->next_key_marker;
    params->upload_id_marker = params->next_upload_id_marker;
    aos_list_init(&params->upload_list);
    s = oss_list_multipart_upload(c.options, &c.bucket, params, &rh);
    check_ok(s, 200, rh);
    CHECK_INT(params->truncated, 0);
    n = 0;
    aos_list_for_each_entry(oss_list_multipart_upload_content_t, u, &params->upload_list, node) {
        CHECK_STR(u->key.data, keys[2]); /* a space survives the listing */
        CHECK_STR(u->upload_id.data, ids[2]);
        n++;
    }
    CHECK_INT(n, 1);

    aos_string_t missing;
    aos_str_set(&missing, "no-such-bucket");
    s = oss_list_multipart_upload(c.options, &missing, params, &rh);
    check_server_error(s, rh, 404, "NoSuchBucket");

    int before = total_log();
    check_refused(oss_list_multipart_upload(c.options, &c.bucket, NULL, NULL), "ClientError",
                  "params", before);
    params->max_ret = -1;
    check_refused(oss_list_multipart_upload(c.options, &c.bucket, params, NULL), "ClientError",
                  "max_ret", before);
    for (int i = 0; i < 3; i++) { /* leave no uploads behind */
        aos_str_set(&c.object, keys[i]);
        aos_string_t id;
        aos_str_set(&id, ids[i]);
        s = oss_abort_multipart_upload(c.options, &c.bucket, &c.object, &id, &rh);
        check_ok(s, 204, rh);
    }
    aos_pool_destroy(c.pool);
}

static void test_upload_file(void)
{
    struct ctx c;
    ctx_init(&c, "mp/upload-file.bin");
    char *path = make_file(c.pool, "whole.bin", 450000, 40);
    aos_string_t filename, upload_id = {0, NULL};
    aos_str_set(&filename, path);

    /* A new upload whose third part fails: the id is the caller's, nothing is aborted. */
    set_fault("op=UploadPart,key=mp/upload-file.bin,part=3,status=503,code=SlowDown,times=1");
    aos_status_t *s = oss_upload_file(c.options, &c.bucket, &c.object, &upload_id, &filename,
                                      100 * 1024, NULL);
    CHECK_INT(s->code, 503);
    CHECK_STR(s->error_code, "SlowDown");
    CHECK(s->req_id != NULL && s->req_id[0] != '\0');
    CHECK(upload_id.data != NULL && upload_id.len > 0);
    CHECK_INT(count_log("InitiateMultipartUpload", "mp/upload-file.bin", 200, 0), 1);
    CHECK_INT(count_log("AbortMultipartUpload", "mp/upload-file.bin", 0, 0), 0);
    CHECK(!object_exists("mp/upload-file.bin"));

    /* Continued with that id: parts 1 and 2 are proven by ListParts and not sent again. */
    aos_table_t *headers = aos_table_make(c.pool, 1);
    apr_table_set(headers, "x-oss-object-acl", "private");
    s = oss_upload_file(c.options, &c.bucket, &c.object, &upload_id, &filename, 100 * 1024, headers);
    if (s->code != 200) {
        fprintf(stderr, "     %d %s %s\n", s->code, s->error_code, s->error_msg);
    }
    CHECK_INT(s->code, 200);
    CHECK(s->error_code == NULL && s->req_id != NULL && s->req_id[0] != '\0');
    CHECK(stored_crc("mp/upload-file.bin") == file_range_crc(path, 0, 450000));
    CHECK_INT(count_log("UploadPart", "mp/upload-file.bin", 200, 1), 1);
    CHECK_INT(count_log("UploadPart", "mp/upload-file.bin", 200, 2), 1);
    CHECK_INT(count_log("UploadPart", "mp/upload-file.bin", 200, 3), 1);
    CHECK_INT(count_log("UploadPart", "mp/upload-file.bin", 200, 5), 1); /* 5 parts of 100 KiB */
    CHECK_INT(count_log("ListParts", "mp/upload-file.bin", 200, 0), 1);
    CHECK_INT(count_log("InitiateMultipartUpload", "mp/upload-file.bin", 0, 0), 1);
    /* One connection for the parts of both calls: calls share kept-alive connections (the
     * process's transport for these settings), as oss_resumable_upload_file calls do. */
    int conns = connections("UploadPart", "mp/upload-file.bin");
    fprintf(stderr, "     7 UploadPart requests of 2 calls over %d connection(s)\n", conns);
    CHECK_INT(conns, 1);

    /* Continued after the file changed: a listed part whose bytes differ (its listed CRC-64
     * says so) is sent again, and so is every part after it; the object is the new file. */
    aos_str_set(&c.object, "mp/upload-file-changed.bin");
    aos_string_t changed_id = {0, NULL};
    set_fault("op=UploadPart,key=mp/upload-file-changed.bin,part=3,status=503,code=SlowDown,times=1");
    s = oss_upload_file(c.options, &c.bucket, &c.object, &changed_id, &filename, 100 * 1024, NULL);
    CHECK_INT(s->code, 503);
    FILE *f = fopen(path, "r+b");
    fseek(f, 150 * 1024, SEEK_SET); /* inside part 2 */
    int byte = fgetc(f);
    fseek(f, 150 * 1024, SEEK_SET);
    fputc(byte ^ 0xff, f);
    fclose(f);
    s = oss_upload_file(c.options, &c.bucket, &c.object, &changed_id, &filename, 100 * 1024, NULL);
    CHECK_INT(s->code, 200);
    CHECK(stored_crc("mp/upload-file-changed.bin") == file_range_crc(path, 0, 450000));
    CHECK_INT(count_log("UploadPart", "mp/upload-file-changed.bin", 200, 1), 1);
    CHECK_INT(count_log("UploadPart", "mp/upload-file-changed.bin", 200, 2), 2);

    /* enable_crc: the object's CRC (combined from the parts) against Complete's. */
    aos_str_set(&c.object, "mp/upload-file-crc.bin");
    aos_string_t fresh = {0, NULL};
    set_fault("op=Complete,key=mp/upload-file-crc.bin,wrong-crc,times=1");
    s = oss_upload_file(c.options, &c.bucket, &c.object, &fresh, &filename, 200 * 1024, NULL);
    CHECK_INT(s->code, AOSE_CRC_INCONSISTENT_ERROR);
    CHECK_STR(s->error_code, "InconsistentError");

    /* Bad input, before any request. */
    int before = total_log();
    aos_string_t none = {0, NULL};
    check_refused(oss_upload_file(c.options, &c.bucket, &c.object, NULL, &filename, 0, NULL),
                  "ClientError", "upload_id", before);
    check_refused(oss_upload_file(c.options, &c.bucket, &c.object, &none, NULL, 0, NULL),
                  "ClientError", "filename", before);
    check_refused(oss_upload_file(c.options, &c.bucket, &c.object, &none, &filename,
                                  (int64_t)6 << 30, NULL), "ClientError", "part_size", before);
    aos_string_t missing;
    aos_str_set(&missing, apr_psprintf(c.pool, "%s/missing.bin", tmpdir));
    s = oss_upload_file(c.options, &c.bucket, &c.object, &none, &missing, 0, NULL);
    CHECK_INT(s->code, ENOENT);
    CHECK_STR(s->error_code, "OpenFileFail");
    CHECK_INT(total_log(), before);
    CHECK(none.data == NULL);
    aos_pool_destroy(c.pool);
}

/* Every call with NULL options, a NULL pool, NULL names and a config without keys: a status,
 * never a crash, and no request. */
static void test_null_arguments(void)
{
    int before = total_log();
    aos_string_t b, o, id;
    aos_str_set(&b, "examplebucket");
    aos_str_set(&o, "mp/null.bin");
    aos_str_set(&id, "some-id");
    aos_list_t list;
    aos_list_init(&list);
    oss_request_options_t no_pool = {0};
    oss_request_options_t *opts[] = {NULL, &no_pool};
    for (int i = 0; i < 2; i++) {
        oss_request_options_t *op = opts[i];
        aos_status_t *ss[] = {
            oss_init_multipart_upload(op, &b, &o, &id, NULL, NULL),
            oss_upload_part_from_buffer(op, &b, &o, &id, 1, &list, NULL),
            oss_upload_part_from_file(op, &b, &o, &id, 1, NULL, NULL),
            oss_list_upload_part(op, &b, &o, &id, NULL, NULL),
            oss_complete_multipart_upload(op, &b, &o, &id, &list, NULL, NULL),
            oss_abort_multipart_upload(op, &b, &o, &id, NULL),
            oss_list_multipart_upload(op, &b, NULL, NULL),
            oss_upload_file(op, &b, &o, &id, &id, 0, NULL),
        };
        for (size_t k = 0; k < sizeof(ss) / sizeof(ss[0]); k++) {
            CHECK(ss[k] != NULL && ss[k]->code == AOSE_INVALID_ARGUMENT && ss[k]->error_msg != NULL);
        }
    }
    CHECK(oss_create_upload_file(NULL) == NULL);
    CHECK(oss_create_complete_part_content(NULL) == NULL);
    CHECK(oss_create_list_upload_part_params(NULL) == NULL);
    CHECK(oss_create_list_multipart_upload_params(NULL) == NULL);

    struct ctx c;
    ctx_init(&c, "mp/null.bin");
    c.options->config = NULL;
    check_refused(oss_abort_multipart_upload(c.options, &b, &o, &id, NULL), "ClientError",
                  "options->config", before);
    c.options->config = oss_config_create(c.pool);
    aos_str_set(&c.options->config->endpoint, endpoint);
    check_refused(oss_abort_multipart_upload(c.options, &b, &o, &id, NULL), "ClientError",
                  "access key id", before);
    check_refused(oss_abort_multipart_upload(c.options, NULL, &o, &id, NULL),
                  "BucketNameInvalidError", "bucket", before);
    check_refused(oss_list_multipart_upload(c.options, NULL, NULL, NULL), "BucketNameInvalidError",
                  "bucket", before);
    aos_pool_destroy(c.pool);
}

int main(int argc, char *argv[])
{
    CHECK_ARGS(argc, argv);
    endpoint = getenv("OSSEMU_URL");
    if (endpoint == NULL || ossemu_port() == 0) {
        fprintf(stderr, "OSSEMU_URL is not set: run through tests/c/with_ossemu.sh\n");
        return 1;
    }
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    aos_http_io_initialize("c-tests", 0);
    aos_log_set_level(AOS_LOG_OFF);

    RUN(test_init_multipart_upload);
    RUN(test_upload_part_from_buffer);
    RUN(test_upload_part_from_file);
    RUN(test_list_upload_part);
    RUN(test_complete_multipart_upload);
    RUN(test_abort_multipart_upload);
    RUN(test_list_multipart_upload);
    RUN(test_upload_file);
    RUN(test_null_arguments);

    aos_http_io_deinitialize();
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return check_summary();
}
