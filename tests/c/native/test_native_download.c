/* The native download API (ossr_download_*) against ossemu: a correct file with its result
 * fields, progress on the calling thread, start / poll / wait / cancel and a resume that fetches
 * only what is missing, the object replaced on the server mid-download, a temporary file
 * tampered with between runs, a CRC-64 mismatch, and bad input (NULLs, a target directory that
 * is missing, read-only or a directory itself) refused before any traffic. Objects are put with
 * ossr_upload_file; slow ranges come from ossemu's bandwidth fault. */
#include "native_test.h"

/* put_object uploads size pseudo-random bytes (seed) to key and returns them (malloc'd). */
static unsigned char *put_object(ossr_client *c, const char *key, size_t size, unsigned seed)
{
    const char *src = scratch_path("dl-src.bin");
    unsigned char *data = make_file(src, size, seed);
    ossr_upload_options o = upload_opts(key, src);
    ossr_error *e = NULL;
    int rc = ossr_upload_file(c, &o, NULL, NULL, NULL, &e);
    report("put_object", rc, e);
    ossr_error_free(e);
    unlink(src);
    if (rc != OSSR_OK) {
        exit(2);
    }
    return data;
}

static ossr_download_options download_opts(const char *key, const char *path)
{
    ossr_download_options o = OSSR_DOWNLOAD_OPTIONS_INIT;
    o.bucket = BUCKET;
    o.key = key;
    o.file_path = path;
    o.part_size = 100 * KIB;
    o.threads = 3;
    return o;
}

/* file_is reports whether path holds exactly data[0..size). */
static int file_is(const char *path, const unsigned char *data, size_t size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return 0;
    }
    unsigned char *got = malloc(size + 1);
    size_t n = fread(got, 1, size + 1, f);
    fclose(f);
    int same = n == size && memcmp(got, data, size) == 0;
    free(got);
    return same;
}

/* remove_download removes a target with its default record and temporary file. */
static void remove_download(const char *path)
{
    char p[600];
    unlink(path);
    snprintf(p, sizeof(p), "%s.dcp", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s.dcp.lock", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s.tmp", path);
    unlink(p);
}

/* log_count is how many requests of op ossemu logged since the log was cleared. */
static int log_count(const char *op)
{
    char *log = NULL;
    http_do("GET", "/_ossemu/log", NULL, &log);
    char needle[64];
    snprintf(needle, sizeof(needle), "\"op\":\"%s\"", op);
    int n = log != NULL ? count_substr(log, needle) : -1;
    free(log);
    return n;
}

static void log_clear(void)
{
    http_do("DELETE", "/_ossemu/log", NULL, NULL);
}

static void test_download_file(void)
{
    ossr_client *c = new_client();
    const size_t size = 1 * MIB + 12345; /* 11 ranges of 100 KiB, the last short */
    unsigned char *data = put_object(c, "native/dl/file.bin", size, 1);
    const char *path = scratch_path("dl-file.bin");
    remove_download(path);
    free(make_file(path, 10, 99)); /* an existing file is replaced */
    faults_clear();
    struct progress_log pl;
    progress_log_init(&pl);
    ossr_download_options o = download_opts("native/dl/file.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    int rc = ossr_download_file(c, &o, record_progress, &pl, &r, &e);
    report("download", rc, e);
    CHECK_INT(rc, OSSR_OK);
    CHECK(e == NULL);
    CHECK(file_is(path, data, size));
    CHECK(r != NULL);
    if (r != NULL) {
        CHECK_INT(r->size, sizeof(ossr_result));
        CHECK_INT(r->http_status, 200);
        CHECK_STR(r->bucket, BUCKET);
        CHECK_STR(r->key, "native/dl/file.bin");
        CHECK(r->etag[0] == '"');
        CHECK(r->crc64 == aos_crc64(0, data, size));
        CHECK_INT(r->verified, 1);
        CHECK_INT(r->total_bytes, size);
        CHECK_INT(r->bytes_sent, size);
        CHECK_INT(r->bytes_resumed, 0);
        CHECK_INT(r->part_size, 100 * KIB);
        CHECK_INT(r->parts, 11);
        CHECK_STR(r->upload_id, "");
        CHECK(r->body != NULL && r->body_len == 0);
        CHECK(r->request_id[0] != '\0');
        int has_crc_header = 0;
        for (const char *const *h = r->headers; h != NULL && *h != NULL; h++) {
            has_crc_header |= strncasecmp(*h, "X-Oss-Hash-Crc64ecma:", 21) == 0;
        }
        CHECK(has_crc_header);
    }
    /* Progress: on this thread, never decreasing, ending at (size, size) with the file there. */
    CHECK(pl.calls >= 2);
    CHECK_INT(pl.decreasing, 0);
    CHECK_INT(pl.wrong_thread, 0);
    CHECK_INT(pl.wrong_total, 0);
    CHECK_INT(pl.total, size);
    CHECK_INT(pl.last_done, size);
    /* Nothing left beside it. */
    char p[600];
    snprintf(p, sizeof(p), "%s.dcp", path);
    CHECK(!file_exists(p));
    snprintf(p, sizeof(p), "%s.tmp", path);
    CHECK(!file_exists(p));
    ossr_result_free(r);
    ossr_error_free(e);
    free(data);
    remove_download(path);
    ossr_client_free(c);
}

static void test_empty_object(void)
{
    ossr_client *c = new_client();
    unsigned char *data = put_object(c, "native/dl/empty", 0, 2);
    const char *path = scratch_path("dl-empty");
    remove_download(path);
    struct progress_log pl;
    progress_log_init(&pl);
    ossr_download_options o = download_opts("native/dl/empty", path);
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    int rc = ossr_download_file(c, &o, record_progress, &pl, &r, &e);
    report("download", rc, e);
    CHECK_INT(rc, OSSR_OK);
    CHECK(file_exists(path) && file_is(path, data, 0));
    CHECK_INT(pl.calls, 0); /* an empty object gives no calls: dividing by total is safe */
    CHECK(r != NULL && r->total_bytes == 0 && r->parts == 0);
    ossr_result_free(r);
    ossr_error_free(e);
    free(data);
    remove_download(path);
    ossr_client_free(c);
}

/* Cancel a started download half-way, then run it again: it fetches only what was missing. */
static void test_cancel_and_resume(void)
{
    ossr_client *c = new_client();
    const size_t size = 2 * MIB;
    unsigned char *data = put_object(c, "native/dl/resume.bin", size, 3);
    const char *path = scratch_path("dl-resume.bin");
    remove_download(path);
    faults_clear();
    fault_add("op=GetObject,bandwidth=1MiB");
    ossr_download_options o = download_opts("native/dl/resume.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    o.threads = 2;
    ossr_download *dl = NULL;
    ossr_error *e = NULL;
    int rc = ossr_download_start(c, &o, &dl, &e);
    report("start", rc, e);
    CHECK_INT(rc, OSSR_OK);
    int64_t done = 0, total = 0;
    int finished = 0;
    double t0 = now_ms();
    while (done < (int64_t)(size / 3) && now_ms() - t0 < 10000) {
        CHECK(ossr_download_progress_wait(dl, 1000, &done, &total, &finished) != OSSR_E_ARG);
    }
    CHECK(done > 0 && done < (int64_t)size);
    CHECK_INT(total, size);
    CHECK_INT(ossr_download_cancel(dl), OSSR_OK);
    CHECK_INT(ossr_download_cancel(dl), OSSR_OK); /* idempotent */
    ossr_result *r = NULL;
    t0 = now_ms();
    rc = ossr_download_wait(dl, 5000, &r, &e);
    CHECK(now_ms() - t0 < 2000);
    CHECK_INT(rc, OSSR_E_CANCELLED);
    CHECK(r == NULL && e != NULL && e->code == OSSR_E_CANCELLED);
    CHECK(e != NULL && strstr(e->message, "ossr_download_cancel") != NULL);
    ossr_error_free(e);
    e = NULL;
    /* The same outcome again. */
    CHECK_INT(ossr_download_wait(dl, 0, &r, &e), OSSR_E_CANCELLED);
    ossr_error_free(e);
    e = NULL;
    CHECK_INT(ossr_download_progress(dl, &done, &total, &finished), OSSR_OK);
    CHECK_INT(finished, 1);
    ossr_download_free(dl);
    CHECK(!file_exists(path)); /* nothing under the target's name */

    faults_clear();
    sleep_ms(500); /* the cancelled GETs end on the server a little later (paced): log them first */
    log_clear();
    rc = ossr_download_file(c, &o, NULL, NULL, &r, &e);
    report("resume", rc, e);
    CHECK_INT(rc, OSSR_OK);
    CHECK(file_is(path, data, size));
    CHECK(r != NULL && r->bytes_resumed > 0 && r->bytes_resumed + r->bytes_sent == (int64_t)size);
    /* Only the missing ranges were fetched. */
    if (r != NULL) {
        int ranges = log_count("GetObject");
        CHECK(ranges >= 1 && ranges <= (int)((size - (size_t)r->bytes_resumed + 100 * KIB - 1) / (100 * KIB)));
    }
    ossr_result_free(r);
    ossr_error_free(e);
    free(data);
    remove_download(path);
    ossr_client_free(c);
}

/* Two downloads to one target with a checkpoint: the second meets OSSR_E_CHECKPOINT_IN_USE
 * before any range; freeing the first while it runs cancels it and keeps its record. */
static void test_checkpoint_in_use_and_free(void)
{
    ossr_client *c = new_client();
    const size_t size = 1 * MIB;
    unsigned char *data = put_object(c, "native/dl/inuse.bin", size, 8);
    const char *path = scratch_path("dl-inuse.bin");
    remove_download(path);
    faults_clear();
    fault_add("op=GetObject,key=native/dl/inuse.bin,bandwidth=256KiB");
    ossr_download_options o = download_opts("native/dl/inuse.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    o.threads = 1;
    ossr_download *dl = NULL;
    ossr_error *e = NULL;
    CHECK_INT(ossr_download_start(c, &o, &dl, &e), OSSR_OK);
    int64_t done = 0, total = 0;
    int finished = 0;
    double t0 = now_ms();
    while (done == 0 && now_ms() - t0 < 10000) {
        ossr_download_progress_wait(dl, 500, &done, &total, &finished);
    }
    CHECK(done > 0 && !finished);
    int rc = ossr_download_file(c, &o, NULL, NULL, NULL, &e);
    CHECK_INT(rc, OSSR_E_CHECKPOINT_IN_USE);
    CHECK(e != NULL && strstr(e->message, "download") != NULL);
    ossr_error_free(e);
    e = NULL;
    t0 = now_ms();
    ossr_download_free(dl); /* running: cancelled, and waited for */
    CHECK(now_ms() - t0 < 2000);
    CHECK(!file_exists(path));
    char p[600];
    snprintf(p, sizeof(p), "%s.dcp", path);
    CHECK(file_exists(p));
    faults_clear();
    ossr_result *r = NULL;
    rc = ossr_download_file(c, &o, NULL, NULL, &r, &e);
    report("rerun", rc, e);
    CHECK_INT(rc, OSSR_OK);
    CHECK(file_is(path, data, size));
    ossr_result_free(r);
    ossr_error_free(e);
    free(data);
    remove_download(path);
    ossr_client_free(c);
}

/* A callback returning non-zero cancels; the record is kept and a rerun completes. */
static void test_cancel_from_callback(void)
{
    ossr_client *c = new_client();
    const size_t size = 1 * MIB;
    unsigned char *data = put_object(c, "native/dl/cb.bin", size, 4);
    const char *path = scratch_path("dl-cb.bin");
    remove_download(path);
    faults_clear();
    fault_add("op=GetObject,bandwidth=1MiB");
    struct progress_log pl;
    progress_log_init(&pl);
    pl.cancel_after = 2;
    ossr_download_options o = download_opts("native/dl/cb.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    ossr_error *e = NULL;
    int rc = ossr_download_file(c, &o, record_progress, &pl, NULL, &e);
    CHECK_INT(rc, OSSR_E_CANCELLED);
    CHECK(e != NULL && strstr(e->message, "progress callback") != NULL);
    CHECK_INT(pl.calls, 2);
    ossr_error_free(e);
    e = NULL;
    CHECK(!file_exists(path));
    char p[600];
    snprintf(p, sizeof(p), "%s.dcp", path);
    CHECK(file_exists(p));
    faults_clear();
    rc = ossr_download_file(c, &o, NULL, NULL, NULL, &e);
    report("rerun", rc, e);
    CHECK_INT(rc, OSSR_OK);
    CHECK(file_is(path, data, size));
    ossr_error_free(e);
    free(data);
    remove_download(path);
    ossr_client_free(c);
}

/* test_pace is the bandwidth of the paced GETs of the object-changed case: slow enough that
 * the replacement (an upload from the progress callback) lands before the download ends, which
 * under valgrind takes a slower pace (DOWNLOAD_TEST_PACE). */
static const char *test_pace(void)
{
    const char *p = getenv("DOWNLOAD_TEST_PACE");
    return p != NULL && *p ? p : "128KiB";
}

struct replacer {
    ossr_client *c;
    const char *key;
    size_t size;
    unsigned char *data; /* the new object's bytes, once replaced */
    int64_t at, total;   /* the progress when it was replaced */
};

/* replace_on_progress replaces the object from the download's progress callback once its first
 * bytes are in, so the replacement lands mid-download whatever the machine's speed. */
static int replace_on_progress(int64_t done, int64_t total, void *user_data)
{
    struct replacer *r = user_data;
    if (r->data == NULL && done > 0) {
        r->data = put_object(r->c, r->key, r->size, 77);
        r->at = done;
        r->total = total;
    }
    return 0;
}

/* The object replaced on the server while its ranges are being fetched: the download starts
 * afresh and ends with the new object's bytes, never a mix. */
static void test_object_changed(void)
{
    ossr_client *c = new_client();
    const size_t size = 300 * KIB;
    unsigned char *old = put_object(c, "native/dl/changed.bin", size, 5);
    const char *path = scratch_path("dl-changed.bin");
    remove_download(path);
    faults_clear();
    char spec[128];
    snprintf(spec, sizeof(spec), "op=GetObject,key=native/dl/changed.bin,bandwidth=%s,times=2", test_pace());
    fault_add(spec);
    struct replacer a = {c, "native/dl/changed.bin", size, NULL, 0, 0};
    ossr_download_options o = download_opts("native/dl/changed.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    o.threads = 1;
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    int rc = ossr_download_file(c, &o, replace_on_progress, &a, &r, &e);
    report("download", rc, e);
    CHECK_INT(rc, OSSR_OK);
    CHECK(a.data != NULL && a.at > 0 && a.at < a.total); /* replaced mid-way */
    CHECK(a.data != NULL && file_is(path, a.data, size));
    CHECK(!file_is(path, old, size));
    CHECK(r != NULL && a.data != NULL && r->crc64 == aos_crc64(0, a.data, size) && r->verified);
    ossr_result_free(r);
    ossr_error_free(e);
    faults_clear();
    free(old);
    free(a.data);
    remove_download(path);
    ossr_client_free(c);
}

/* A temporary file changed between runs: recorded ranges are re-checked by CRC-64 and the bad
 * one fetched again, so the file is still right. */
static void test_tampered_temp_file(void)
{
    ossr_client *c = new_client();
    const size_t size = 1 * MIB;
    unsigned char *data = put_object(c, "native/dl/tamper.bin", size, 6);
    const char *path = scratch_path("dl-tamper.bin");
    remove_download(path);
    faults_clear();
    fault_add("op=GetObject,bandwidth=1MiB");
    struct progress_log pl;
    progress_log_init(&pl);
    pl.cancel_after = 4;
    ossr_download_options o = download_opts("native/dl/tamper.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    o.threads = 1;
    ossr_error *e = NULL;
    CHECK_INT(ossr_download_file(c, &o, record_progress, &pl, NULL, &e), OSSR_E_CANCELLED);
    ossr_error_free(e);
    e = NULL;
    faults_clear();
    /* Flip a byte of the first range, which is recorded by now. */
    char tmp[600];
    snprintf(tmp, sizeof(tmp), "%s.tmp", path);
    FILE *f = fopen(tmp, "r+b");
    CHECK(f != NULL);
    if (f != NULL) {
        fseek(f, 1000, SEEK_SET);
        fputc(data[1000] ^ 0xff, f);
        fclose(f);
    }
    log_clear();
    ossr_result *r = NULL;
    int rc = ossr_download_file(c, &o, NULL, NULL, &r, &e);
    report("rerun", rc, e);
    CHECK_INT(rc, OSSR_OK);
    CHECK(file_is(path, data, size));
    CHECK(r != NULL && r->verified);
    /* The first range was fetched again. */
    char *log = NULL;
    http_do("GET", "/_ossemu/log", NULL, &log);
    CHECK(log != NULL && strstr(log, "bytes=0-") != NULL);
    free(log);
    ossr_result_free(r);
    ossr_error_free(e);
    free(data);
    remove_download(path);
    ossr_client_free(c);
}

/* A range's bytes damaged on the way: the combined CRC-64 differs from the object's, so
 * OSSR_E_INCONSISTENT with both values and nothing under the target; a rerun starts afresh. */
static void test_crc_mismatch(void)
{
    ossr_client *c = new_client();
    const size_t size = 300 * KIB;
    unsigned char *data = put_object(c, "native/dl/crc.bin", size, 7);
    const char *path = scratch_path("dl-crc.bin");
    remove_download(path);
    faults_clear();
    fault_add("op=GetObject,corrupt-body,nth=2");
    ossr_download_options o = download_opts("native/dl/crc.bin", path);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    ossr_error *e = NULL;
    int rc = ossr_download_file(c, &o, NULL, NULL, NULL, &e);
    CHECK_INT(rc, OSSR_E_INCONSISTENT);
    CHECK(e != NULL && e->server_crc64 == aos_crc64(0, data, size) && e->server_crc64 != e->local_crc64);
    CHECK(e != NULL && strcmp(e->error_code, "InconsistentError") == 0);
    CHECK(!file_exists(path));
    ossr_error_free(e);
    e = NULL;
    faults_clear();
    rc = ossr_download_file(c, &o, NULL, NULL, NULL, &e);
    report("rerun", rc, e);
    CHECK_INT(rc, OSSR_OK);
    CHECK(file_is(path, data, size));
    ossr_error_free(e);
    free(data);
    remove_download(path);
    ossr_client_free(c);
}

static void test_missing_object(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("dl-missing.bin");
    remove_download(path);
    ossr_download_options o = download_opts("native/dl/no-such-object", path);
    ossr_error *e = NULL;
    int rc = ossr_download_file(c, &o, NULL, NULL, NULL, &e);
    CHECK_INT(rc, OSSR_E_SERVER);
    CHECK(e != NULL && e->http_status == 404);
    CHECK(!file_exists(path));
    ossr_error_free(e);
    ossr_client_free(c);
}

/* expect_refused runs o through both entries and checks the code, the field or errno, and that
 * nothing reached the server. */
static void expect_refused(ossr_client *c, const ossr_download_options *o, int code, const char *field, int eno,
                           const char *path)
{
    log_clear();
    ossr_error *e = NULL;
    ossr_result *r = (ossr_result *)1;
    int rc = ossr_download_file(c, o, NULL, NULL, &r, &e);
    CHECK_INT(rc, code);
    CHECK(r == NULL);
    CHECK(e != NULL && e->code == code);
    if (e != NULL && field != NULL) {
        CHECK_STR(e->field, field);
    }
    if (e != NULL && eno != 0) {
        CHECK_INT(e->sys_errno, eno);
    }
    if (e != NULL && path != NULL) {
        CHECK_STR(e->path, path);
    }
    if (e != NULL && code == OSSR_E_FILE) {
        CHECK(strstr(e->message, path != NULL ? path : "") != NULL);
    }
    ossr_error_free(e);
    e = NULL;
    ossr_download *dl = (ossr_download *)1;
    rc = ossr_download_start(c, o, &dl, &e);
    CHECK_INT(rc, code);
    CHECK(dl == NULL && e != NULL && e->code == code);
    ossr_error_free(e);
    CHECK_INT(log_count("HeadObject") + log_count("GetObject"), 0);
}

static void test_bad_input(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("dl-bad.bin");
    ossr_download_options o = download_opts("native/dl/file.bin", path);
    ossr_error *e = NULL;

    /* NULLs: never a crash, the argument named. */
    CHECK_INT(ossr_download_file(NULL, &o, NULL, NULL, NULL, &e), OSSR_E_ARG);
    CHECK(e != NULL && strcmp(e->field, "client") == 0);
    ossr_error_free(e);
    CHECK_INT(ossr_download_file(c, NULL, NULL, NULL, NULL, &e), OSSR_E_ARG);
    CHECK(e != NULL && strcmp(e->field, "opts") == 0);
    ossr_error_free(e);
    CHECK_INT(ossr_download_file(c, NULL, NULL, NULL, NULL, NULL), OSSR_E_ARG);
    CHECK_INT(ossr_download_start(c, &o, NULL, &e), OSSR_E_ARG);
    CHECK(e != NULL && strcmp(e->field, "out") == 0);
    ossr_error_free(e);
    CHECK_INT(ossr_download_progress(NULL, NULL, NULL, NULL), OSSR_E_ARG);
    CHECK_INT(ossr_download_progress_wait(NULL, 0, NULL, NULL, NULL), OSSR_E_ARG);
    CHECK_INT(ossr_download_wait(NULL, 0, NULL, &e), OSSR_E_ARG);
    CHECK(e != NULL && strcmp(e->field, "dl") == 0);
    ossr_error_free(e);
    CHECK_INT(ossr_download_cancel(NULL), OSSR_E_ARG);
    ossr_download_free(NULL);
    /* An upload handle is not a download handle. */
    CHECK_INT(ossr_download_cancel((ossr_download *)c), OSSR_E_ARG);

    ossr_download_options bad = o;
    bad.bucket = NULL;
    expect_refused(c, &bad, OSSR_E_ARG, "bucket", 0, NULL);
    bad = o;
    bad.key = NULL;
    expect_refused(c, &bad, OSSR_E_ARG, "key", 0, NULL);
    bad = o;
    bad.key = "/leading-slash";
    expect_refused(c, &bad, OSSR_E_ARG, "key", 0, NULL);
    bad = o;
    bad.file_path = NULL;
    expect_refused(c, &bad, OSSR_E_ARG, "file_path", 0, NULL);
    bad = o;
    bad.threads = 1025;
    expect_refused(c, &bad, OSSR_E_ARG, "threads", 0, NULL);
    bad = o;
    bad.part_size = -1;
    expect_refused(c, &bad, OSSR_E_ARG, "part_size", 0, NULL);
    bad = o;
    bad.checkpoint = 3;
    expect_refused(c, &bad, OSSR_E_ARG, "checkpoint", 0, NULL);
    bad = o;
    bad.checkpoint = OSSR_CHECKPOINT_PATH;
    expect_refused(c, &bad, OSSR_E_ARG, "checkpoint_path", 0, NULL);
    bad = o;
    bad.size = 8;
    expect_refused(c, &bad, OSSR_E_ARG, "size", 0, NULL);

    /* Where the file goes: OSSR_E_FILE with errno and path. */
    char dir[600], target[700];
    snprintf(dir, sizeof(dir), "%s", scratch_path("dl-no-such-dir"));
    snprintf(target, sizeof(target), "%s/f.bin", dir);
    bad = o;
    bad.file_path = target;
    expect_refused(c, &bad, OSSR_E_FILE, NULL, ENOENT, dir);

    snprintf(dir, sizeof(dir), "%s", scratch_path("dl-is-a-dir"));
    mkdir(dir, 0755);
    bad.file_path = dir;
    expect_refused(c, &bad, OSSR_E_FILE, NULL, EISDIR, dir);
    rmdir(dir);

    snprintf(dir, sizeof(dir), "%s", scratch_path("dl-read-only"));
    mkdir(dir, 0555);
    snprintf(target, sizeof(target), "%s/f.bin", dir);
    bad.file_path = target;
    if (geteuid() == 0) {
        /* root writes anywhere: a read-only directory is not refused by access(2). */
        fprintf(stderr, "  (root: the read-only directory case is checked with a file as parent)\n");
        rmdir(dir);
        free(make_file(dir, 1, 1)); /* the parent is a file: ENOTDIR */
        expect_refused(c, &bad, OSSR_E_FILE, NULL, ENOTDIR, target);
        unlink(dir);
    } else {
        expect_refused(c, &bad, OSSR_E_FILE, NULL, EACCES, dir);
        rmdir(dir);
    }
    ossr_client_free(c);
}

int main(int argc, char **argv)
{
    CHECK_ARGS(argc, argv);
    if (getenv("OSSEMU_URL") == NULL) {
        fprintf(stderr, "OSSEMU_URL is not set: run through tests/c/native/run.sh\n");
        return 1;
    }
    RUN(test_download_file);
    RUN(test_empty_object);
    RUN(test_cancel_and_resume);
    RUN(test_cancel_from_callback);
    RUN(test_checkpoint_in_use_and_free);
    RUN(test_object_changed);
    RUN(test_tampered_temp_file);
    RUN(test_crc_mismatch);
    RUN(test_missing_object);
    RUN(test_bad_input);
    faults_clear();
    return check_summary();
}
