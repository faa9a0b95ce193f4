/* The native API's argument checks: every NULL, every out-of-range or malformed input is
 * refused with a named error and nothing is sent. The client points at 127.0.0.1:1, where
 * nothing listens: an input that slipped through to the network would fail with
 * OSSR_E_NETWORK instead of the code expected here. */
#include "native_test.h"

#include <stddef.h>

#define dead_endpoint "http://127.0.0.1:1"

/* expect checks a failure's code and field, frees the error, and checks the output was NULLed. */
#define EXPECT_ERR(rc, e, want_code, want_field) do { \
        CHECK_INT((rc), (want_code)); \
        CHECK((e) != NULL); \
        if ((e) != NULL) { \
            CHECK_INT((e)->code, (want_code)); \
            CHECK((e)->size == sizeof(ossr_error)); \
            CHECK((e)->message != NULL && (e)->message[0] != '\0'); \
            CHECK((e)->request_id != NULL && (e)->ec != NULL && (e)->path != NULL); \
            if ((want_field) != NULL) { \
                CHECK_STR((e)->field, (want_field)); \
            } \
        } \
        ossr_error_free(e); \
        (e) = NULL; \
    } while (0)

static void test_version(void)
{
    CHECK_STR(ossr_version(), OSSRESUME_VERSION);
    CHECK_INT(ossr_version_number(),
              (OSSRESUME_VERSION_MAJOR << 16) | (OSSRESUME_VERSION_MINOR << 8) | OSSRESUME_VERSION_PATCH);
    CHECK_STR(ossr_code_name(OSSR_OK), "OSSR_OK");
    CHECK_STR(ossr_code_name(OSSR_E_FORK), "OSSR_E_FORK");
    CHECK_STR(ossr_code_name(OSSR_E_TIMEOUT), "OSSR_E_TIMEOUT");
    CHECK_STR(ossr_code_name(12345), "unknown");
}

static void test_null_everywhere(void)
{
    ossr_error *e = NULL;
    ossr_client *c = (ossr_client *)&e; /* must be overwritten with NULL */
    ossr_client_options co = OSSR_CLIENT_OPTIONS_INIT;
    co.endpoint = dead_endpoint;
    co.region = "cn-hangzhou";

    int rc = ossr_client_new(NULL, &c, &e);
    CHECK(c == NULL);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "opts");
    rc = ossr_client_new(&co, NULL, &e);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "out");
    CHECK_INT(ossr_client_new(NULL, NULL, NULL), OSSR_E_ARG); /* err NULL: no crash, no leak */

    c = new_client_retries(dead_endpoint, -1);
    const char *path = scratch_path("null.bin");
    free(make_file(path, 10, 1));
    ossr_upload_options uo = upload_opts("k", path);
    ossr_result *r = (ossr_result *)&e;

    rc = ossr_upload_file(NULL, &uo, NULL, NULL, &r, &e);
    CHECK(r == NULL);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "client");
    rc = ossr_upload_file(c, NULL, NULL, NULL, &r, &e);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "opts");
    CHECK_INT(ossr_upload_file(NULL, NULL, NULL, NULL, NULL, NULL), OSSR_E_ARG);

    ossr_upload *up = (ossr_upload *)&e;
    rc = ossr_upload_start(NULL, &uo, &up, &e);
    CHECK(up == NULL);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "client");
    rc = ossr_upload_start(c, NULL, &up, &e);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "opts");
    rc = ossr_upload_start(c, &uo, NULL, &e);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "out");

    int64_t d = 7, t = 7;
    int fin = 7;
    CHECK_INT(ossr_upload_progress(NULL, &d, &t, &fin), OSSR_E_ARG);
    CHECK(d == 0 && t == 0 && fin == 0);
    rc = ossr_upload_wait(NULL, 0, &r, &e);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "up");
    CHECK_INT(ossr_upload_wait(NULL, -1, NULL, NULL), OSSR_E_ARG);
    CHECK_INT(ossr_upload_cancel(NULL), OSSR_E_ARG);
    /* A client pointer is not an upload handle, nor the reverse. */
    CHECK_INT(ossr_upload_cancel((ossr_upload *)c), OSSR_E_ARG);
    rc = ossr_upload_file((ossr_client *)&uo, &uo, NULL, NULL, &r, &e);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "client");

    ossr_upload_free(NULL);
    ossr_client_free(NULL);
    ossr_result_free(NULL);
    ossr_error_free(NULL);
    ossr_client_free(c);
    unlink(path);
}

/* The options' size field: zero and too short are refused; a longer struct is accepted only
 * when the fields this version does not know are zero. */
static void test_struct_size(void)
{
    ossr_error *e = NULL;
    ossr_client *c = NULL;
    struct {
        ossr_client_options o;
        char newer[16];
    } big;
    memset(&big, 0, sizeof(big));
    big.o.size = sizeof(big);
    big.o.endpoint = dead_endpoint;
    big.o.region = "cn-hangzhou";
    CHECK_INT(ossr_client_new(&big.o, &c, &e), OSSR_OK);
    CHECK(c != NULL && e == NULL);
    ossr_client_free(c);
    big.newer[3] = 1;
    int rc = ossr_client_new(&big.o, &c, &e);
    CHECK(c == NULL);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "size");
    big.o.size = 0;
    rc = ossr_client_new(&big.o, &c, &e);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "size");
    big.o.size = sizeof(size_t); /* no room for the endpoint */
    rc = ossr_client_new(&big.o, &c, &e);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "size");
    big.o.size = sizeof(ossr_client_options) - 4; /* would cut ca_path in half */
    rc = ossr_client_new(&big.o, &c, &e);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "size");
    /* The size of the header before ca_path (the last field) is an older caller's: accepted,
     * and what lies past it is not read (a missing directory there would be refused). */
    memset(big.newer, 0, sizeof(big.newer));
    big.o.size = offsetof(ossr_client_options, ca_path);
    big.o.ca_path = "/nonexistent/certs";
    rc = ossr_client_new(&big.o, &c, &e);
    report("older size", rc, e);
    CHECK_INT(rc, OSSR_OK);
    CHECK(c != NULL && e == NULL);
    ossr_client_free(c);
    ossr_error_free(e);
    e = NULL;
    big.o.size = sizeof(big.o);
    rc = ossr_client_new(&big.o, &c, &e);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "ca_path");
    big.o.size = offsetof(ossr_client_options, ca_path) - sizeof(void *); /* no such version */
    rc = ossr_client_new(&big.o, &c, &e);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "size");

    c = new_client_retries(dead_endpoint, -1);
    ossr_upload_options uo = upload_opts("k", "/nonexistent");
    uo.size = 0;
    rc = ossr_upload_file(c, &uo, NULL, NULL, NULL, &e);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "size");
    uo.size = offsetof(ossr_upload_options, continue_upload_id) + 4; /* cuts continue_upload_id in half */
    ossr_upload *up = NULL;
    rc = ossr_upload_start(c, &uo, &up, &e);
    CHECK(up == NULL);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "size");
    /* continue_upload_id (the last field) with the checkpoint off is refused at full size; the
     * size before it is an older caller's: accepted, the field not read, so the missing file is
     * what is reported. */
    uo.size = sizeof(uo);
    uo.continue_upload_id = "0123456789ABCDEF";
    rc = ossr_upload_start(c, &uo, &up, &e);
    EXPECT_ERR(rc, e, OSSR_E_ARG, "continue_upload_id");
    uo.size = offsetof(ossr_upload_options, continue_upload_id);
    rc = ossr_upload_start(c, &uo, &up, &e);
    CHECK(up == NULL);
    CHECK_INT(rc, OSSR_E_FILE);
    ossr_error_free(e);
    e = NULL;
    ossr_client_free(c);
}

struct client_case {
    const char *name;
    const char *endpoint, *region;
    int sigver;
    const char *id, *secret, *token;
    int cname, path_style, connect_ms;
    const char *ca_file;
    const char *field;
};

static void test_bad_client_options(void)
{
    static const struct client_case cases[] = {
        {"no endpoint", NULL, "cn-hangzhou", 0, NULL, NULL, NULL, 0, 0, 0, NULL, "endpoint"},
        {"empty endpoint", "", "cn-hangzhou", 0, NULL, NULL, NULL, 0, 0, 0, NULL, "endpoint"},
        {"ftp scheme", "ftp://127.0.0.1:1", "cn-hangzhou", 0, NULL, NULL, NULL, 0, 0, 0, NULL, "endpoint"},
        {"scheme only", "http://", "cn-hangzhou", 0, NULL, NULL, NULL, 0, 0, 0, NULL, "endpoint"},
        {"signature 2", dead_endpoint, "cn-hangzhou", 2, NULL, NULL, NULL, 0, 0, 0, NULL, "signature_version"},
        {"signature -1", dead_endpoint, "cn-hangzhou", -1, NULL, NULL, NULL, 0, 0, 0, NULL, "signature_version"},
        {"V4 without region", dead_endpoint, NULL, 4, NULL, NULL, NULL, 0, 0, 0, NULL, "region"},
        {"default V4 without region", dead_endpoint, "", 0, NULL, NULL, NULL, 0, 0, 0, NULL, "region"},
        {"id without secret", dead_endpoint, "cn-hangzhou", 0, "ak", NULL, NULL, 0, 0, 0, NULL, "access_key_secret"},
        {"empty id", dead_endpoint, "cn-hangzhou", 0, "", "sk", NULL, 0, 0, 0, NULL, "access_key_id"},
        {"secret without id", dead_endpoint, "cn-hangzhou", 0, NULL, "sk", NULL, 0, 0, 0, NULL, "access_key_id"},
        {"cname and path style", dead_endpoint, "cn-hangzhou", 0, NULL, NULL, NULL, 1, 1, 0, NULL, "path_style"},
        {"negative timeout", dead_endpoint, "cn-hangzhou", 0, NULL, NULL, NULL, 0, 0, -5, NULL, "connect_timeout_ms"},
        {"missing CA file", dead_endpoint, "cn-hangzhou", 0, NULL, NULL, NULL, 0, 0, 0, "/nonexistent/ca.pem", "ca_file"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct client_case *k = &cases[i];
        ossr_client_options o = OSSR_CLIENT_OPTIONS_INIT;
        o.endpoint = k->endpoint;
        o.region = k->region;
        o.signature_version = k->sigver;
        o.access_key_id = k->id;
        o.access_key_secret = k->secret;
        o.security_token = k->token;
        o.cname = k->cname;
        o.path_style = k->path_style;
        o.connect_timeout_ms = k->connect_ms;
        o.ca_file = k->ca_file;
        ossr_client *c = NULL;
        ossr_error *e = NULL;
        int rc = ossr_client_new(&o, &c, &e);
        if (rc != OSSR_E_ARG || e == NULL || strcmp(e->field, k->field) != 0) {
            fprintf(stderr, "  case %s: got %s field %s (%s)\n", k->name, ossr_code_name(rc),
                    e != NULL ? e->field : "-", e != NULL ? e->message : "-");
        }
        CHECK(c == NULL);
        EXPECT_ERR(rc, e, OSSR_E_ARG, k->field);
        ossr_client_free(c);
    }
    /* V1 needs no region; a cloud box id stands in for it under V4. */
    ossr_client_options o = OSSR_CLIENT_OPTIONS_INIT;
    o.endpoint = dead_endpoint;
    o.signature_version = OSSR_SIGNATURE_V1;
    ossr_client *c = NULL;
    CHECK_INT(ossr_client_new(&o, &c, NULL), OSSR_OK);
    ossr_client_free(c);
    o.signature_version = 0;
    o.cloudbox_id = "cb-123";
    CHECK_INT(ossr_client_new(&o, &c, NULL), OSSR_OK);
    ossr_client_free(c);
}

struct upload_case {
    const char *name;
    const char *bucket, *key;
    int path; /* 0 NULL, 1 the file, 2 missing, 3 a directory, 4 a FIFO */
    int64_t part_size;
    int threads, checkpoint;
    const char *checkpoint_path;
    const char *header; /* one header line, or NULL */
    int64_t threshold;
    int want;
    const char *field;
    int want_errno;
};

/* The verdicts every entry shares (bucket names, keys, headers, files, part sizes, endpoints)
 * are the bad-input table's, tests/badinput/cases.tsv, run through this API by ctest's
 * c_badinput_table; these cases are what only the native structs can say (NULLs, the
 * checkpoint modes, header lines, threads and part sizes the C SDK maps instead of refusing,
 * the errno of a FIFO). */
static void test_bad_upload_options(void)
{
    static const struct upload_case cases[] = {
        {"threads -1", BUCKET, "k", 1, 0, -1, 0, NULL, NULL, 0, OSSR_E_ARG, "threads", 0},
        {"threads 1025", BUCKET, "k", 1, 0, 1025, 0, NULL, NULL, 0, OSSR_E_ARG, "threads", 0},
        {"part size 1", BUCKET, "k", 1, 1, 1, 0, NULL, NULL, 0, OSSR_E_ARG, "part_size", 0},
        {"part size 100 KiB - 1", BUCKET, "k", 1, 100 * KIB - 1, 1, 0, NULL, NULL, 0, OSSR_E_ARG, "part_size", 0},
        {"part size -1", BUCKET, "k", 1, -1, 1, 0, NULL, NULL, 0, OSSR_E_ARG, "part_size", 0},
        {"no bucket", NULL, "k", 1, 0, 1, 0, NULL, NULL, 0, OSSR_E_ARG, "bucket", 0},
        {"no key", BUCKET, NULL, 1, 0, 1, 0, NULL, NULL, 0, OSSR_E_ARG, "key", 0},
        {"no file path", BUCKET, "k", 0, 0, 1, 0, NULL, NULL, 0, OSSR_E_ARG, "file_path", 0},
        {"checkpoint 3", BUCKET, "k", 1, 0, 1, 3, NULL, NULL, 0, OSSR_E_ARG, "checkpoint", 0},
        {"PATH without path", BUCKET, "k", 1, 0, 1, OSSR_CHECKPOINT_PATH, NULL, NULL, 0, OSSR_E_ARG, "checkpoint_path", 0},
        {"path with OFF", BUCKET, "k", 1, 0, 1, OSSR_CHECKPOINT_OFF, "/tmp/x.cp", NULL, 0, OSSR_E_ARG, "checkpoint_path", 0},
        {"path with DEFAULT", BUCKET, "k", 1, 0, 1, OSSR_CHECKPOINT_DEFAULT, "/tmp/x.cp", NULL, 0, OSSR_E_ARG, "checkpoint_path", 0},
        {"header without colon", BUCKET, "k", 1, 0, 1, 0, NULL, "NoColon", 0, OSSR_E_ARG, "headers[0]", 0},
        {"negative threshold", BUCKET, "k", 1, 0, 1, 0, NULL, NULL, -1, OSSR_E_ARG, "multipart_threshold", 0},
        {"FIFO", BUCKET, "k", 4, 0, 1, 0, NULL, NULL, 0, OSSR_E_FILE, NULL, EINVAL},
        /* Valid inputs reach the network, which proves the cases above did not. */
        {"threads 0 is the default", BUCKET, "k", 1, 0, 0, 0, NULL, NULL, 0, OSSR_E_NETWORK, NULL, 0},
        {"threads 1024", BUCKET, "k", 1, 0, 1024, 0, NULL, NULL, 0, OSSR_E_NETWORK, NULL, 0},
        {"PutObject path", BUCKET, "k", 1, 0, 1, 0, NULL, "Content-Type: text/plain", 1 * MIB, OSSR_E_NETWORK, NULL, 0},
    };
    const char *file = scratch_path("args.bin");
    const char *dir = scratch_path("args.dir");
    const char *fifo = scratch_path("args.fifo");
    free(make_file(file, 1000, 2));
    mkdir(dir, 0700);
    mkfifo(fifo, 0600);
    const char *paths[] = {NULL, file, "/nonexistent/file.bin", dir, fifo};
    ossr_client *c = new_client_retries(dead_endpoint, -1);

    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const struct upload_case *k = &cases[i];
        ossr_upload_options o = OSSR_UPLOAD_OPTIONS_INIT;
        o.bucket = k->bucket;
        o.key = k->key;
        o.file_path = paths[k->path];
        o.part_size = k->part_size;
        o.threads = k->threads;
        o.checkpoint = k->checkpoint;
        o.checkpoint_path = k->checkpoint_path;
        const char *hdrs[] = {k->header, NULL};
        o.headers = hdrs;
        o.multipart_threshold = k->threshold;
        for (int mode = 0; mode < 2; mode++) { /* blocking, then start */
            ossr_error *e = NULL;
            ossr_result *r = NULL;
            ossr_upload *up = NULL;
            int rc;
            if (mode == 0) {
                rc = ossr_upload_file(c, &o, NULL, NULL, &r, &e);
            } else {
                rc = ossr_upload_start(c, &o, &up, &e);
                if (rc == OSSR_OK) { /* a valid case: the failure comes from wait */
                    rc = ossr_upload_wait(up, -1, &r, &e);
                    ossr_upload_free(up);
                    up = NULL;
                }
            }
            if (rc != k->want || (k->field != NULL && (e == NULL || strcmp(e->field, k->field) != 0))) {
                fprintf(stderr, "  case %s (%s): got %s field %s: %s\n", k->name, mode ? "start" : "file",
                        ossr_code_name(rc), e != NULL ? e->field : "-", e != NULL ? e->message : "-");
            }
            CHECK(r == NULL && up == NULL);
            if (k->want_errno != 0 && e != NULL) {
                CHECK_INT(e->sys_errno, k->want_errno);
                CHECK_STR(e->path, paths[k->path]);
            }
            EXPECT_ERR(rc, e, k->want, k->field);
        }
    }
    ossr_client_free(c);
    unlink(file);
    unlink(fifo);
    rmdir(dir);
}

/* err == NULL and res == NULL are allowed: the code alone comes back and nothing leaks. */
static void test_outputs_optional(void)
{
    ossr_client *c = new_client_retries(dead_endpoint, -1);
    ossr_upload_options o = upload_opts("k", "/nonexistent/file.bin");
    CHECK_INT(ossr_upload_file(c, &o, NULL, NULL, NULL, NULL), OSSR_E_FILE);
    ossr_upload *up = NULL;
    CHECK_INT(ossr_upload_start(c, &o, &up, NULL), OSSR_E_FILE);
    CHECK(up == NULL);
    ossr_client_free(c);
}

int main(void)
{
    unsetenv("OSSEMU_URL"); /* nothing here may reach a server */
    RUN(test_version);
    RUN(test_null_everywhere);
    RUN(test_struct_size);
    RUN(test_bad_client_options);
    RUN(test_bad_upload_options);
    RUN(test_outputs_optional);
    return check_summary();
}
