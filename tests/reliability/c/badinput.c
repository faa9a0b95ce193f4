/* badinput: the bad-input campaign. Bad calls through the C SDK-compatible API (oss_api.h) and
 * the native API (ossresume.h) that only one API can express (NULLs, struct sizes, modes, the
 * C SDK's accepted values) or that only the server can judge; each must return its documented
 * status, code and a message naming the problem, and never crash (the program is built with
 * AddressSanitizer, against an instrumented library when one is given). The inputs every entry
 * shares (names, keys, files, headers, part sizes, endpoints) are the one bad-input table,
 * tests/badinput/cases.tsv, which TestBadInput runs through both entries beside this program
 * (tests/c/test_badinput_table.c).
 *
 *   badinput ENDPOINT DIR offline|fifo|online
 *
 * ENDPOINT is a live ossemu whose keys are OSS_ACCESS_KEY_ID/OSS_ACCESS_KEY_SECRET; DIR a
 * scratch directory. "offline" runs the cases the input alone makes wrong: the caller checks
 * that ossemu logged no request at all. "online" runs the cases only the server can judge
 * (wrong credentials) and those the documentation says are accepted; "fifo" the C SDK API given
 * a FIFO, apart because it may block. One line per case,
 * "PASS name" or "FAIL name: why"; exit status 1 when any failed. */
#define _GNU_SOURCE
#include "ossresume.h"
#include "oss_api.h"
#include "aos_http_io.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *endpoint, *dir;
static char good_file[4096], dir_path[4096], fifo_path[4096], missing_path[4096];
static int failures, cases;

/* ---- the C SDK-compatible API ------------------------------------------------------------- */

struct sdk_call {
    aos_pool_t *pool;
    oss_request_options_t *options;
    aos_string_t bucket, object, file;
    oss_resumable_clt_params_t *params;
    aos_table_t *headers;
    /* which arguments are passed as NULL */
    int null_options, null_bucket, null_object, null_file, null_params;
};

static void sdk_init(struct sdk_call *c)
{
    memset(c, 0, sizeof(*c));
    aos_pool_create(&c->pool, NULL);
    c->options = oss_request_options_create(c->pool);
    c->options->config = oss_config_create(c->pool);
    aos_str_set(&c->options->config->endpoint, endpoint);
    aos_str_set(&c->options->config->access_key_id, getenv("OSS_ACCESS_KEY_ID"));
    aos_str_set(&c->options->config->access_key_secret, getenv("OSS_ACCESS_KEY_SECRET"));
    c->options->config->signature_version = 1;
    c->options->ctl = aos_http_controller_create(c->pool, 0);
    aos_str_set(&c->bucket, "reliability");
    aos_str_set(&c->object, "badinput/sdk");
    aos_str_set(&c->file, good_file);
    c->params = oss_create_resumable_clt_params_content(c->pool, 100 * 1024, 2, AOS_FALSE, NULL);
}

static void report(const char *name, int ok, const char *fmt, const char *a, const char *b, const char *m)
{
    cases++;
    if (ok) {
        printf("PASS %s\n", name);
    } else {
        failures++;
        printf("FAIL %s: ", name);
        printf(fmt, a ? a : "(null)", b ? b : "(null)", m ? m : "(null)");
        printf("\n");
    }
    fflush(stdout);
}

/* sdk_expect runs the call and compares: want_code, want_error_code, and a substring of the
 * message (NULL: any non-empty message). */
static void sdk_expect(const char *name, struct sdk_call *c, int want_code, const char *want_ec, const char *msg_has)
{
    aos_status_t *s = oss_resumable_upload_file(c->null_options ? NULL : c->options,
            c->null_bucket ? NULL : &c->bucket, c->null_object ? NULL : &c->object,
            c->null_file ? NULL : &c->file, c->headers, NULL, c->null_params ? NULL : c->params,
            NULL, NULL, NULL);
    char got[64], want[64];
    snprintf(got, sizeof(got), "%d", s ? s->code : 0);
    snprintf(want, sizeof(want), "%d", want_code);
    int ok = s != NULL && s->code == want_code;
    if (want_ec == NULL) {
        ok = ok && s->error_code == NULL;
    } else {
        ok = ok && s->error_code != NULL && strcmp(s->error_code, want_ec) == 0 && s->error_msg != NULL &&
             s->error_msg[0] != '\0' && (msg_has == NULL || strstr(s->error_msg, msg_has) != NULL);
    }
    char detail[512];
    snprintf(detail, sizeof(detail), "%s %s", s && s->error_code ? s->error_code : "-", s && s->error_msg ? s->error_msg : "-");
    report(name, ok, "got %s, want %s: %s", got, want, detail);
    aos_pool_destroy(c->pool);
}

static void sdk_offline(void)
{
    struct sdk_call c;
#define SDK(name, setup, code, ec, msg) do { sdk_init(&c); setup; sdk_expect(name, &c, code, ec, msg); } while (0)
    SDK("sdk/options-null", c.null_options = 1, AOSE_INVALID_ARGUMENT, "ClientError", "options");
    SDK("sdk/config-null", c.options->config = NULL, AOSE_INVALID_ARGUMENT, "ClientError", "config");
    SDK("sdk/bucket-null", c.null_bucket = 1, AOSE_INVALID_ARGUMENT, "BucketNameInvalidError", NULL);
    SDK("sdk/object-null", c.null_object = 1, AOSE_INVALID_ARGUMENT, "ClientError", "object");
    SDK("sdk/filepath-null", c.null_file = 1, AOSE_INVALID_ARGUMENT, "ClientError", "file");
    SDK("sdk/clt-params-null", c.null_params = 1, AOSE_INVALID_ARGUMENT, "ClientError", NULL);
#undef SDK
}

/* A FIFO as the file: run apart, under a time bound, because a library that opens it for
 * reading blocks until a writer appears. */
static void sdk_fifo(void)
{
    struct sdk_call c;
#define SDK(name, setup, code, ec, msg) do { sdk_init(&c); setup; sdk_expect(name, &c, code, ec, msg); } while (0)
    SDK("sdk/file-is-fifo", aos_str_set(&c.file, fifo_path), AOSE_OPEN_FILE_ERROR, "OpenFileFail", NULL);
#undef SDK
}

static void sdk_online(void)
{
    struct sdk_call c;
#define SDK(name, setup, code, ec, msg) do { sdk_init(&c); setup; sdk_expect(name, &c, code, ec, msg); } while (0)
    SDK("sdk/wrong-secret", aos_str_set(&c.options->config->access_key_secret, "not-the-secret"), 403, "SignatureDoesNotMatch", NULL);
    SDK("sdk/unknown-access-key", aos_str_set(&c.options->config->access_key_id, "LTAInobody"), 403, "InvalidAccessKeyId", NULL);
    /* Documented as accepted, as by the official SDK: part size 0 or negative takes the
     * default, thread counts outside 1..1024 become 1, a version other than 4 signs V1. */
    SDK("sdk/part-size-0-is-default", c.params->part_size = 0, 200, NULL, NULL);
    SDK("sdk/part-size-negative-is-default", c.params->part_size = -1, 200, NULL, NULL);
    SDK("sdk/threads-0-becomes-1", c.params->thread_num = 0, 200, NULL, NULL);
    SDK("sdk/threads-negative-becomes-1", c.params->thread_num = -1, 200, NULL, NULL);
    SDK("sdk/threads-1025-becomes-1", c.params->thread_num = 1025, 200, NULL, NULL);
    SDK("sdk/signature-version-3-signs-v1", c.options->config->signature_version = 3, 200, NULL, NULL);
#undef SDK
}

/* ---- the native API ----------------------------------------------------------------------- */

static void native_check(const char *name, int rc, ossr_error *err, int want, const char *want_ec,
                         const char *want_field, const char *msg_has)
{
    int ok = rc == want;
    if (want != OSSR_OK) {
        ok = ok && err != NULL && err->code == rc && err->message != NULL && err->message[0] != '\0' &&
             (want_ec == NULL || (err->error_code && strcmp(err->error_code, want_ec) == 0)) &&
             (want_field == NULL || (err->field && strcmp(err->field, want_field) == 0)) &&
             (msg_has == NULL || strstr(err->message, msg_has) != NULL);
    }
    char detail[1024];
    snprintf(detail, sizeof(detail), "error_code=%s field=%s message=%s", err ? err->error_code : "-",
             err ? err->field : "-", err ? err->message : "-");
    report(name, ok, "got %s, want %s: %s", ossr_code_name(rc), ossr_code_name(want), detail);
    ossr_error_free(err);
}

static ossr_client_options client_opts(void)
{
    ossr_client_options o = OSSR_CLIENT_OPTIONS_INIT;
    o.endpoint = endpoint;
    o.signature_version = OSSR_SIGNATURE_V1;
    o.access_key_id = getenv("OSS_ACCESS_KEY_ID");
    o.access_key_secret = getenv("OSS_ACCESS_KEY_SECRET");
    o.retries = -1;
    return o;
}

static ossr_upload_options upload_opts(void)
{
    ossr_upload_options o = OSSR_UPLOAD_OPTIONS_INIT;
    o.bucket = "reliability";
    o.key = "badinput/native";
    o.file_path = good_file;
    o.part_size = 100 * 1024;
    return o;
}

static void client_case(const char *name, ossr_client_options o, int want, const char *field, const char *msg_has)
{
    ossr_client *cl = (ossr_client *)0x1; /* must come back NULL */
    ossr_error *err = NULL;
    int rc = ossr_client_new(&o, &cl, &err);
    if (rc != OSSR_OK && cl != NULL) {
        report(name, 0, "client %s%s%s not NULL on failure", "", "", "");
        ossr_error_free(err);
        return;
    }
    native_check(name, rc, err, want, want == OSSR_OK ? NULL : "InvalidArgument", field, msg_has);
    if (rc == OSSR_OK) {
        ossr_client_free(cl);
    }
}

static void upload_case(const char *name, ossr_client *cl, const ossr_upload_options *o, int want,
                        const char *want_ec, const char *field, const char *msg_has)
{
    ossr_result *res = NULL;
    ossr_error *err = NULL;
    int rc = ossr_upload_file(cl, o, NULL, NULL, &res, &err);
    if (rc != OSSR_OK && res != NULL) {
        report(name, 0, "a result %s%s%s came back with a failure", "", "", "");
    }
    ossr_result_free(res);
    native_check(name, rc, err, want, want_ec, field, msg_has);
}

static void native_offline(void)
{
    ossr_client_options co;
    ossr_error *err = NULL;
    ossr_client *cl = NULL;

    int rc = ossr_client_new(NULL, &cl, &err);
    native_check("native/client-options-null", rc, err, OSSR_E_ARG, "InvalidArgument", "opts", NULL);
    err = NULL;
    co = client_opts();
    rc = ossr_client_new(&co, NULL, &err);
    native_check("native/client-out-null", rc, err, OSSR_E_ARG, "InvalidArgument", "out", NULL);
    err = NULL;
    co = client_opts(); co.size = 0;
    client_case("native/client-size-0", co, OSSR_E_ARG, "size", NULL);
    co = client_opts(); co.endpoint = NULL;
    client_case("native/endpoint-null", co, OSSR_E_ARG, "endpoint", NULL);
    co = client_opts(); co.signature_version = 3;
    client_case("native/signature-version-3", co, OSSR_E_ARG, "signature_version", NULL);
    co = client_opts(); co.connect_timeout_ms = -1;
    client_case("native/connect-timeout-negative", co, OSSR_E_ARG, "connect_timeout_ms", NULL);
    co = client_opts(); co.read_write_timeout_ms = -5;
    client_case("native/read-write-timeout-negative", co, OSSR_E_ARG, "read_write_timeout_ms", NULL);
    co = client_opts(); co.access_key_id = NULL;
    client_case("native/secret-without-key-id", co, OSSR_E_ARG, "access_key_id", NULL);
    co = client_opts(); co.access_key_secret = NULL;
    client_case("native/key-id-without-secret", co, OSSR_E_ARG, "access_key_secret", NULL);
    co = client_opts(); co.ca_file = missing_path;
    client_case("native/ca-file-missing", co, OSSR_E_ARG, "ca_file", NULL);

    co = client_opts();
    if (ossr_client_new(&co, &cl, NULL) != OSSR_OK) {
        report("native/client", 0, "cannot create the good client%s%s%s", "", "", "");
        return;
    }
    ossr_upload_options o;
    o = upload_opts();
    upload_case("native/upload-client-null", NULL, &o, OSSR_E_ARG, "InvalidArgument", "client", NULL);
    upload_case("native/upload-options-null", cl, NULL, OSSR_E_ARG, "InvalidArgument", "opts", NULL);
    o = upload_opts(); o.size = 1;
    upload_case("native/upload-size-wrong", cl, &o, OSSR_E_ARG, "InvalidArgument", "size", NULL);
    o = upload_opts(); o.bucket = NULL;
    upload_case("native/bucket-null", cl, &o, OSSR_E_ARG, "InvalidArgument", "bucket", NULL);
    o = upload_opts(); o.key = NULL;
    upload_case("native/key-null", cl, &o, OSSR_E_ARG, "InvalidArgument", "key", NULL);
    o = upload_opts(); o.file_path = NULL;
    upload_case("native/file-null", cl, &o, OSSR_E_ARG, "InvalidArgument", "file_path", NULL);
    o = upload_opts(); o.file_path = fifo_path;
    upload_case("native/file-is-fifo", cl, &o, OSSR_E_FILE, "FileError", NULL, NULL);
    o = upload_opts(); o.part_size = -1;
    upload_case("native/part-size-negative", cl, &o, OSSR_E_ARG, "InvalidArgument", "part_size", NULL);
    o = upload_opts(); o.part_size = 1024;
    upload_case("native/part-size-below-minimum", cl, &o, OSSR_E_ARG, "InvalidArgument", "part_size", NULL);
    o = upload_opts(); o.threads = -1;
    upload_case("native/threads-negative", cl, &o, OSSR_E_ARG, "InvalidArgument", "threads", NULL);
    o = upload_opts(); o.threads = 1025;
    upload_case("native/threads-1025", cl, &o, OSSR_E_ARG, "InvalidArgument", "threads", NULL);
    o = upload_opts(); o.checkpoint = 7;
    upload_case("native/checkpoint-mode-unknown", cl, &o, OSSR_E_ARG, "InvalidArgument", "checkpoint", NULL);
    o = upload_opts(); o.checkpoint = OSSR_CHECKPOINT_PATH;
    upload_case("native/checkpoint-path-missing", cl, &o, OSSR_E_ARG, "InvalidArgument", "checkpoint_path", NULL);
    o = upload_opts(); o.checkpoint_path = "/tmp/x.cp";
    upload_case("native/checkpoint-path-without-mode", cl, &o, OSSR_E_ARG, "InvalidArgument", "checkpoint_path", NULL);
    o = upload_opts(); o.multipart_threshold = -1;
    upload_case("native/multipart-threshold-negative", cl, &o, OSSR_E_ARG, "InvalidArgument", "multipart_threshold", NULL);
    static const char *bad_headers[] = {"NoColonHere", NULL};
    o = upload_opts(); o.headers = bad_headers;
    upload_case("native/header-without-colon", cl, &o, OSSR_E_ARG, "InvalidArgument", "headers[0]", NULL);

    /* The asynchronous calls with NULL handles, and the free functions with NULL. */
    ossr_upload *up = (ossr_upload *)0x1;
    o = upload_opts(); o.threads = 2000;
    err = NULL;
    rc = ossr_upload_start(cl, &o, &up, &err);
    native_check("native/start-bad-options", up == NULL ? rc : -1, err, OSSR_E_ARG, "InvalidArgument", "threads", NULL);
    err = NULL;
    rc = ossr_upload_start(cl, &o, NULL, &err);
    native_check("native/start-out-null", rc, err, OSSR_E_ARG, "InvalidArgument", NULL, NULL);
    report("native/wait-null", ossr_upload_wait(NULL, 0, NULL, NULL) == OSSR_E_ARG, "%s%s%s", "", "", "");
    report("native/progress-null", ossr_upload_progress(NULL, NULL, NULL, NULL) == OSSR_E_ARG, "%s%s%s", "", "", "");
    report("native/cancel-null", ossr_upload_cancel(NULL) == OSSR_E_ARG, "%s%s%s", "", "", "");
    ossr_upload_free(NULL);
    ossr_result_free(NULL);
    ossr_error_free(NULL);
    ossr_client_free(NULL);
    report("native/free-null", 1, "%s%s%s", "", "", "");
    report("native/code-name-unknown", strcmp(ossr_code_name(-5), "unknown") == 0, "%s%s%s", "", "", "");
    ossr_client_free(cl);

    /* Credentials from the environment, with none set: refused before anything is sent. */
    char *id = getenv("OSS_ACCESS_KEY_ID") ? strdup(getenv("OSS_ACCESS_KEY_ID")) : NULL;
    char *secret = getenv("OSS_ACCESS_KEY_SECRET") ? strdup(getenv("OSS_ACCESS_KEY_SECRET")) : NULL;
    unsetenv("OSS_ACCESS_KEY_ID");
    unsetenv("OSS_ACCESS_KEY_SECRET");
    co = client_opts(); co.access_key_id = NULL; co.access_key_secret = NULL;
    if (ossr_client_new(&co, &cl, NULL) == OSSR_OK) {
        o = upload_opts();
        upload_case("native/credentials-missing", cl, &o, OSSR_E_CREDENTIALS, NULL, NULL, NULL);
        ossr_client_free(cl);
    } else {
        report("native/credentials-missing", 0, "the env-credentials client was refused%s%s%s", "", "", "");
    }
    if (id) { setenv("OSS_ACCESS_KEY_ID", id, 1); free(id); }
    if (secret) { setenv("OSS_ACCESS_KEY_SECRET", secret, 1); free(secret); }
}

static void native_online(void)
{
    ossr_client_options co = client_opts();
    co.access_key_secret = "not-the-secret";
    ossr_client *cl = NULL;
    ossr_upload_options o = upload_opts();
    if (ossr_client_new(&co, &cl, NULL) == OSSR_OK) {
        upload_case("native/wrong-secret", cl, &o, OSSR_E_SERVER, "SignatureDoesNotMatch", NULL, NULL);
        ossr_client_free(cl);
    }
    co = client_opts();
    co.access_key_id = "LTAInobody";
    if (ossr_client_new(&co, &cl, NULL) == OSSR_OK) {
        upload_case("native/unknown-access-key", cl, &o, OSSR_E_SERVER, "InvalidAccessKeyId", NULL, NULL);
        ossr_client_free(cl);
    }
    co = client_opts();
    if (ossr_client_new(&co, &cl, NULL) == OSSR_OK) {
        o.threads = 0; /* documented: 0 is the default */
        upload_case("native/threads-0-is-default", cl, &o, OSSR_OK, NULL, NULL, NULL);
        o = upload_opts(); o.part_size = 0;
        upload_case("native/part-size-0-is-default", cl, &o, OSSR_OK, NULL, NULL, NULL);
        ossr_client_free(cl);
    }
}

int main(int argc, char *argv[])
{
    if (argc != 4) {
        fprintf(stderr, "usage: badinput ENDPOINT DIR offline|fifo|online\n");
        return 2;
    }
    endpoint = argv[1];
    dir = argv[2];
    snprintf(good_file, sizeof(good_file), "%s/good.bin", dir);
    snprintf(dir_path, sizeof(dir_path), "%s/a-directory", dir);
    snprintf(fifo_path, sizeof(fifo_path), "%s/a-fifo", dir);
    snprintf(missing_path, sizeof(missing_path), "%s/missing.bin", dir);
    FILE *f = fopen(good_file, "wb");
    for (int i = 0; f != NULL && i < 300 * 1024; i++) {
        fputc(i * 7 % 251, f);
    }
    if (f == NULL || fclose(f) != 0 || (mkdir(dir_path, 0755) != 0 && errno != EEXIST) ||
        (mkfifo(fifo_path, 0644) != 0 && errno != EEXIST)) {
        perror("badinput: setting up");
        return 2;
    }
    if (aos_http_io_initialize("badinput", 0) != AOSE_OK) {
        return 2;
    }
    if (strcmp(argv[3], "offline") == 0) {
        sdk_offline();
        native_offline();
    } else if (strcmp(argv[3], "fifo") == 0) {
        sdk_fifo();
    } else {
        sdk_online();
        native_online();
    }
    aos_http_io_deinitialize();
    printf("%d cases, %d failed\n", cases, failures);
    return failures ? 1 : 0;
}
