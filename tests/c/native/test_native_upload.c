/* The blocking call ossr_upload_file against ossemu: upload and read back, the result's fields,
 * the progress sequence and its thread, resume after an injected failure, cancel from the
 * callback, the error kinds (server, CRC, credentials, checkpoint in use), PutObject below the
 * threshold, an empty file, V1 signing, and one client shared by several threads. */
#include "native_test.h"

static int has_header(const ossr_result *r, const char *prefix)
{
    for (size_t i = 0; r->headers[i] != NULL; i++) {
        if (strncasecmp(r->headers[i], prefix, strlen(prefix)) == 0) {
            return 1;
        }
    }
    return 0;
}

static void test_upload_read_back(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("readback.bin");
    const size_t size = 1 * MIB + 123;
    unsigned char *data = make_file(path, size, 3);
    ossr_upload_options o = upload_opts("native/readback.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    o.threads = 4;
    const char *hdrs[] = {"Content-Type: text/plain", "x-oss-meta-color: blue", NULL};
    o.headers = hdrs;
    struct progress_log p;
    progress_log_init(&p);
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    int rc = ossr_upload_file(c, &o, record_progress, &p, &r, &e);
    report("upload", rc, e);
    CHECK_INT(rc, OSSR_OK);
    CHECK(e == NULL);
    CHECK(r != NULL);
    if (r != NULL) {
        CHECK(r->size == sizeof(ossr_result));
        CHECK_INT(r->http_status, 200);
        CHECK_STR(r->bucket, BUCKET);
        CHECK_STR(r->key, "native/readback.bin");
        CHECK(r->etag[0] == '"' && strlen(r->etag) > 2);
        CHECK(r->crc64 == aos_crc64(0, data, size));
        CHECK(r->request_id[0] != '\0');
        CHECK(r->upload_id[0] != '\0');
        CHECK_STR(r->version_id, "");
        CHECK_INT(r->bytes_sent, size);
        CHECK_INT(r->bytes_resumed, 0);
        CHECK_INT(r->total_bytes, size);
        CHECK_INT(r->part_size, 100 * KIB);
        CHECK_INT(r->parts, 11);
        CHECK(r->body != NULL && strstr(r->body, "CompleteMultipartUploadResult") != NULL);
        CHECK_INT(strlen(r->body), r->body_len);
        CHECK(has_header(r, "X-Oss-Request-Id: "));
        CHECK(has_header(r, "Etag: ") || has_header(r, "ETag: "));
    }
    ossr_result_free(r);
    /* Progress: on this thread, never decreasing, a constant total, ending at exactly it. */
    CHECK(p.calls >= 2);
    CHECK_INT(p.decreasing, 0);
    CHECK_INT(p.wrong_thread, 0);
    CHECK_INT(p.wrong_total, 0);
    CHECK_INT(p.total, size);
    CHECK_INT(p.last_done, size);
    CHECK(p.first_done < (int64_t)size);

    CHECK_OBJECT("native/readback.bin", data, size);
    char *head = NULL;
    unsigned char *b = NULL;
    size_t l = 0;
    get_object("native/readback.bin", &b, &l, &head);
    CHECK(head != NULL && strcasestr(head, "x-oss-meta-color: blue") != NULL);
    CHECK(head != NULL && strcasestr(head, "Content-Type: text/plain") != NULL);
    free(head);
    free(b);
    char cp[600];
    snprintf(cp, sizeof(cp), "%s.cp", path);
    CHECK(!file_exists(cp)); /* removed after a verified Complete */
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

/* A server failure with retries off stops the upload with the server's status, code and
 * request id; the checkpoint stays; the next call resumes and sends only what is missing. */
static void test_resume_after_failure(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("resume.bin");
    const size_t size = 1 * MIB;
    unsigned char *data = make_file(path, size, 4);
    ossr_upload_options o = upload_opts("native/resume.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    o.threads = 1;
    faults_clear();
    fault_add("op=UploadPart,part=5,status=500,code=InternalError,times=1");
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    int rc = ossr_upload_file(c, &o, NULL, NULL, &r, &e);
    CHECK_INT(rc, OSSR_E_SERVER);
    CHECK(r == NULL);
    CHECK(e != NULL);
    if (e != NULL) {
        CHECK_INT(e->http_status, 500);
        CHECK_STR(e->error_code, "InternalError");
        CHECK(e->request_id[0] != '\0');
        CHECK_STR(e->operation, "UploadPart");
    }
    ossr_error_free(e);
    char cp[600];
    snprintf(cp, sizeof(cp), "%s.cp", path);
    CHECK(file_exists(cp));
    faults_clear();

    struct progress_log p;
    progress_log_init(&p);
    rc = ossr_upload_file(c, &o, record_progress, &p, &r, &e);
    report("resume", rc, e);
    CHECK_INT(rc, OSSR_OK);
    if (r != NULL) {
        CHECK_INT(r->bytes_resumed, 4 * 100 * KIB);
        CHECK_INT(r->bytes_sent + r->bytes_resumed, size);
        CHECK(r->crc64 == aos_crc64(0, data, size));
    }
    ossr_result_free(r);
    ossr_error_free(e);
    /* The resumed run's progress starts at the carried-over bytes or later. */
    CHECK(p.calls >= 1 && p.first_done >= 4 * 100 * KIB);
    CHECK_INT(p.last_done, size);
    CHECK_OBJECT("native/resume.bin", data, size);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

/* A callback returning non-zero cancels: no further calls, OSSR_E_CANCELLED, checkpoint kept,
 * and a later call completes the object. */
static void test_cancel_from_callback(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("cbcancel.bin");
    const size_t size = 2 * MIB;
    unsigned char *data = make_file(path, size, 5);
    ossr_upload_options o = upload_opts("native/cbcancel.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    faults_clear();
    fault_add("op=UploadPart,bandwidth=512KiB");
    struct progress_log p;
    progress_log_init(&p);
    p.cancel_after = 2;
    ossr_error *e = NULL;
    ossr_result *r = NULL;
    double t0 = now_ms();
    int rc = ossr_upload_file(c, &o, record_progress, &p, &r, &e);
    double took = now_ms() - t0;
    CHECK_INT(rc, OSSR_E_CANCELLED);
    CHECK(r == NULL);
    CHECK(e != NULL && strcmp(e->error_code, "Cancelled") == 0 && strstr(e->message, "callback") != NULL);
    ossr_error_free(e);
    CHECK_INT(p.calls, 2);
    CHECK(took < 2000); /* the whole file would take ~2 s at this bandwidth with 2 threads */
    char cp[600];
    snprintf(cp, sizeof(cp), "%s.cp", path);
    CHECK(file_exists(cp));
    faults_clear();
    rc = ossr_upload_file(c, &o, NULL, NULL, NULL, &e);
    report("after cancel", rc, e);
    CHECK_INT(rc, OSSR_OK);
    ossr_error_free(e);
    CHECK_OBJECT("native/cbcancel.bin", data, size);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
    fprintf(stderr, "  callback cancel returned after %.0f ms\n", took);
}

static void test_server_error(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("nobucket.bin");
    free(make_file(path, 300 * KIB, 6));
    ossr_upload_options o = upload_opts("k", path);
    o.bucket = "no-such-bucket-here";
    ossr_error *e = NULL;
    int rc = ossr_upload_file(c, &o, NULL, NULL, NULL, &e);
    CHECK_INT(rc, OSSR_E_SERVER);
    if (e != NULL) {
        CHECK_INT(e->http_status, 404);
        CHECK_STR(e->error_code, "NoSuchBucket");
        CHECK(e->request_id[0] != '\0');
        CHECK(e->message[0] != '\0');
    }
    ossr_error_free(e);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

/* A part whose CRC the server reports wrongly, with retries off: OSSR_E_INCONSISTENT. */
static void test_crc_mismatch(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("crc.bin");
    free(make_file(path, 300 * KIB, 7));
    ossr_upload_options o = upload_opts("native/crc.bin", path);
    o.threads = 1;
    faults_clear();
    fault_add("op=UploadPart,part=2,wrong-crc");
    ossr_error *e = NULL;
    int rc = ossr_upload_file(c, &o, NULL, NULL, NULL, &e);
    CHECK_INT(rc, OSSR_E_INCONSISTENT);
    if (e != NULL) {
        CHECK_STR(e->error_code, "InconsistentError");
        CHECK_INT(e->part_number, 2);
        CHECK(e->local_crc64 != e->server_crc64);
    }
    ossr_error_free(e);
    faults_clear();
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

/* Credentials from the environment: missing ones are OSSR_E_CREDENTIALS, set ones work. */
static void test_environment_credentials(void)
{
    ossr_client_options co = OSSR_CLIENT_OPTIONS_INIT;
    co.endpoint = ossemu_endpoint();
    co.region = "cn-hangzhou";
    co.retries = -1;
    ossr_client *c = NULL;
    CHECK_INT(ossr_client_new(&co, &c, NULL), OSSR_OK);
    const char *path = scratch_path("env.bin");
    unsigned char *data = make_file(path, 200 * KIB, 8);
    ossr_upload_options o = upload_opts("native/env.bin", path);
    ossr_error *e = NULL;
    unsetenv("OSS_ACCESS_KEY_ID");
    unsetenv("OSS_ACCESS_KEY_SECRET");
    int rc = ossr_upload_file(c, &o, NULL, NULL, NULL, &e);
    CHECK_INT(rc, OSSR_E_CREDENTIALS);
    CHECK(e != NULL && strstr(e->message, "OSS_ACCESS_KEY_ID") != NULL);
    ossr_error_free(e);
    setenv("OSS_ACCESS_KEY_ID", "ak", 1);
    setenv("OSS_ACCESS_KEY_SECRET", "sk", 1);
    rc = ossr_upload_file(c, &o, NULL, NULL, NULL, &e);
    report("env credentials", rc, e);
    CHECK_INT(rc, OSSR_OK);
    ossr_error_free(e);
    CHECK_OBJECT("native/env.bin", data, 200 * KIB);
    unsetenv("OSS_ACCESS_KEY_ID");
    unsetenv("OSS_ACCESS_KEY_SECRET");
    /* A wrong secret: the server's SignatureDoesNotMatch. */
    co.access_key_id = "ak";
    co.access_key_secret = "wrong";
    ossr_client *bad = NULL;
    CHECK_INT(ossr_client_new(&co, &bad, NULL), OSSR_OK);
    rc = ossr_upload_file(bad, &o, NULL, NULL, NULL, &e);
    CHECK_INT(rc, OSSR_E_SERVER);
    CHECK(e != NULL && e->http_status == 403 && strcmp(e->error_code, "SignatureDoesNotMatch") == 0);
    ossr_error_free(e);
    ossr_client_free(bad);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

/* Below multipart_threshold: one PutObject, no upload id, progress still ends at the total. */
static void test_put_object_below_threshold(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("small.bin");
    const size_t size = 300 * KIB;
    unsigned char *data = make_file(path, size, 9);
    ossr_upload_options o = upload_opts("native/small.bin", path);
    o.multipart_threshold = 1 * MIB;
    struct progress_log p;
    progress_log_init(&p);
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    int rc = ossr_upload_file(c, &o, record_progress, &p, &r, &e);
    report("put", rc, e);
    CHECK_INT(rc, OSSR_OK);
    if (r != NULL) {
        CHECK_INT(r->http_status, 200);
        CHECK_STR(r->upload_id, "");
        CHECK_INT(r->parts, 0);
        CHECK_INT(r->bytes_sent, size);
        CHECK(r->crc64 == aos_crc64(0, data, size));
        CHECK(r->etag[0] != '\0');
    }
    ossr_result_free(r);
    ossr_error_free(e);
    CHECK(p.calls >= 1 && p.last_done == (int64_t)size && !p.decreasing && !p.wrong_thread);
    CHECK_OBJECT("native/small.bin", data, size);
    /* The same file above the threshold goes multipart. */
    o.multipart_threshold = 100 * KIB;
    rc = ossr_upload_file(c, &o, NULL, NULL, &r, NULL);
    CHECK_INT(rc, OSSR_OK);
    CHECK(r != NULL && r->parts == 3 && r->upload_id[0] != '\0');
    ossr_result_free(r);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

static void test_empty_file(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("empty.bin");
    free(make_file(path, 0, 0));
    ossr_upload_options o = upload_opts("native/empty.bin", path);
    struct progress_log p;
    progress_log_init(&p);
    ossr_result *r = NULL;
    int rc = ossr_upload_file(c, &o, record_progress, &p, &r, NULL);
    CHECK_INT(rc, OSSR_OK);
    CHECK_INT(p.calls, 0);
    if (r != NULL) {
        CHECK_INT(r->total_bytes, 0);
        CHECK(r->crc64 == 0);
    }
    ossr_result_free(r);
    CHECK_OBJECT("native/empty.bin", "", 0);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

static void test_signature_v1_and_explicit_checkpoint(void)
{
    ossr_client_options co = OSSR_CLIENT_OPTIONS_INIT;
    co.endpoint = ossemu_endpoint();
    co.signature_version = OSSR_SIGNATURE_V1;
    co.access_key_id = "ak";
    co.access_key_secret = "sk";
    ossr_client *c = NULL;
    CHECK_INT(ossr_client_new(&co, &c, NULL), OSSR_OK);
    const char *path = scratch_path("v1.bin");
    const char *cp = scratch_path("v1-explicit.cp");
    unsigned char *data = make_file(path, 250 * KIB, 10);
    ossr_upload_options o = upload_opts("native/v1.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_PATH;
    o.checkpoint_path = cp;
    ossr_error *e = NULL;
    int rc = ossr_upload_file(c, &o, NULL, NULL, NULL, &e);
    report("v1", rc, e);
    CHECK_INT(rc, OSSR_OK);
    ossr_error_free(e);
    CHECK(!file_exists(cp));
    CHECK_OBJECT("native/v1.bin", data, 250 * KIB);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

/* One client, several threads uploading at once. */
struct worker {
    ossr_client *c;
    char key[64], path[512];
    unsigned char *data;
    size_t size;
    int rc;
    struct progress_log p;
};

static void *worker_run(void *arg)
{
    struct worker *w = arg;
    ossr_upload_options o = upload_opts(w->key, w->path);
    progress_log_init(&w->p);
    w->rc = ossr_upload_file(w->c, &o, record_progress, &w->p, NULL, NULL);
    return NULL;
}

static void test_shared_client_threads(void)
{
    enum { N = 4 };
    ossr_client *c = new_client();
    struct worker w[N];
    pthread_t th[N];
    for (int i = 0; i < N; i++) {
        w[i].c = c;
        snprintf(w[i].key, sizeof(w[i].key), "native/thread-%d.bin", i);
        char name[32];
        snprintf(name, sizeof(name), "thread-%d.bin", i);
        snprintf(w[i].path, sizeof(w[i].path), "%s", scratch_path(name));
        w[i].size = (size_t)(300 + 50 * i) * KIB;
        w[i].data = make_file(w[i].path, w[i].size, 20 + (unsigned)i);
        CHECK_INT(pthread_create(&th[i], NULL, worker_run, &w[i]), 0);
    }
    for (int i = 0; i < N; i++) {
        pthread_join(th[i], NULL);
        CHECK_INT(w[i].rc, OSSR_OK);
        CHECK_INT(w[i].p.wrong_thread, 0); /* each worker's callback ran on that worker */
        CHECK_INT(w[i].p.last_done, w[i].size);
        CHECK_OBJECT(w[i].key, w[i].data, w[i].size);
        free(w[i].data);
        remove_with_checkpoint(w[i].path);
    }
    ossr_client_free(c);
}

/* Retries set on the upload override the client's "none": a transient 503 is cured. */
static void test_upload_retries_override_client(void)
{
    ossr_client *c = new_client(); /* retries -1 */
    const char *path = scratch_path("retry.bin");
    unsigned char *data = make_file(path, 300 * KIB, 11);
    ossr_upload_options o = upload_opts("native/retry.bin", path);
    o.retries = 2;
    o.disable_sha256 = 1; /* the deprecated field is still accepted */
    faults_clear();
    fault_add("op=UploadPart,part=2,status=503,code=SlowDown,times=1");
    ossr_error *e = NULL;
    int rc = ossr_upload_file(c, &o, NULL, NULL, NULL, &e);
    report("retry", rc, e);
    CHECK_INT(rc, OSSR_OK);
    ossr_error_free(e);
    faults_clear();
    CHECK_OBJECT("native/retry.bin", data, 300 * KIB);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

/* A checkpoint that cannot be created: OSSR_E_CHECKPOINT naming it, with its errno. */
static void test_checkpoint_unwritable(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("cpfail.bin");
    free(make_file(path, 300 * KIB, 12));
    ossr_upload_options o = upload_opts("native/cpfail.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_PATH;
    o.checkpoint_path = "/nonexistent-dir/x.cp";
    ossr_error *e = NULL;
    int rc = ossr_upload_file(c, &o, NULL, NULL, NULL, &e);
    CHECK_INT(rc, OSSR_E_CHECKPOINT);
    if (e != NULL) {
        CHECK_STR(e->error_code, "CheckpointError");
        CHECK(strstr(e->path, "/nonexistent-dir/") == e->path);
        CHECK_INT(e->sys_errno, ENOENT);
    }
    ossr_error_free(e);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

/* The record keeps CRC-64 per part by default and SHA-256 only with part_sha256; a caller
 * passing the size before part_sha256 (an older build) gets the default, whatever lies beyond. */
static void test_part_sha256_in_record(void)
{
    static const struct {
        const char *name;
        size_t size;
        int part_sha256, want_sha;
    } cases[] = {
        {"default", sizeof(ossr_upload_options), 0, 0},
        {"part_sha256", sizeof(ossr_upload_options), 1, 1},
        {"older size", offsetof(ossr_upload_options, part_sha256), 1, 0},
    };
    ossr_client *c = new_client();
    const char *path = scratch_path("sha.bin");
    unsigned char *data = make_file(path, 300 * KIB, 13);
    char cp[600];
    snprintf(cp, sizeof(cp), "%s.cp", path);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ossr_upload_options o = upload_opts("native/sha.bin", path);
        o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
        o.threads = 1;
        o.part_sha256 = cases[i].part_sha256;
        o.size = cases[i].size;
        faults_clear();
        fault_add("op=UploadPart,part=2,status=403,code=AccessDenied");
        ossr_error *e = NULL;
        int rc = ossr_upload_file(c, &o, NULL, NULL, NULL, &e);
        CHECK_INT(rc, OSSR_E_SERVER);
        ossr_error_free(e);
        faults_clear();
        FILE *f = fopen(cp, "r");
        CHECK(f != NULL);
        char buf[8192] = {0};
        size_t n = f != NULL ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
        if (f != NULL) {
            fclose(f);
        }
        const char *part1 = strstr(buf, "{\"n\":1,");
        if (part1 == NULL || n == 0) {
            fprintf(stderr, "%s: no line for part 1 in %s\n", cases[i].name, cp);
        }
        CHECK(part1 != NULL);
        CHECK(strstr(buf, "\"crc64\":") != NULL);
        if ((strstr(buf, "\"sha256\":") != NULL) != cases[i].want_sha) {
            fprintf(stderr, "%s: record %s a part SHA-256:\n%s\n", cases[i].name,
                    cases[i].want_sha ? "lacks" : "has", buf);
        }
        CHECK((strstr(buf, "\"sha256\":") != NULL) == cases[i].want_sha);
        o.size = sizeof(o);
        o.part_sha256 = 0; /* a record with SHA-256 resumes under the default */
        rc = ossr_upload_file(c, &o, NULL, NULL, NULL, &e);
        report("resume", rc, e);
        CHECK_INT(rc, OSSR_OK);
        ossr_error_free(e);
        CHECK_OBJECT("native/sha.bin", data, 300 * KIB);
        CHECK(!file_exists(cp));
    }
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

int main(void)
{
    if (getenv("OSSEMU_URL") == NULL) {
        fprintf(stderr, "OSSEMU_URL is not set: run through tests/c/native/run.sh\n");
        return 1;
    }
    RUN(test_upload_read_back);
    RUN(test_resume_after_failure);
    RUN(test_cancel_from_callback);
    RUN(test_server_error);
    RUN(test_crc_mismatch);
    RUN(test_environment_credentials);
    RUN(test_put_object_below_threshold);
    RUN(test_empty_file);
    RUN(test_signature_v1_and_explicit_checkpoint);
    RUN(test_shared_client_threads);
    RUN(test_upload_retries_override_client);
    RUN(test_checkpoint_unwritable);
    RUN(test_part_sha256_in_record);
    faults_clear();
    return check_summary();
}
