/* Bad input (c-sdk-surface §3.9) and every NULL argument: each returns a status naming the
 * problem, never crashes, and sends nothing. The endpoint is a closed loopback port, so any
 * request that did go out would turn the status into -998 "HttpIoError" and fail the case. */
#include "check.h"

#include <errno.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static aos_pool_t *pool;
static oss_request_options_t *options;
static aos_string_t bucket, object, file;
static oss_resumable_clt_params_t *params;
static char tmpdir[] = "/tmp/ossresume-badinput-XXXXXX";
static char good_file[256];

static void setup(void)
{
    aos_pool_create(&pool, NULL);
    options = oss_request_options_create(pool);
    options->config = oss_config_create(pool);
    aos_str_set(&options->config->endpoint, "http://127.0.0.1:1");
    aos_str_set(&options->config->access_key_id, "ak");
    aos_str_set(&options->config->access_key_secret, "sk");
    options->ctl = aos_http_controller_create(pool, 0);
    aos_str_set(&bucket, "examplebucket");
    aos_str_set(&object, "dir/object.txt");
    aos_str_set(&file, good_file);
    params = oss_create_resumable_clt_params_content(pool, 100 * 1024, 3, AOS_TRUE, NULL);
}

static void teardown(void)
{
    aos_pool_destroy(pool);
}

static aos_status_t *upload(void)
{
    aos_table_t *resp_headers = NULL;
    aos_list_t resp_body;
    aos_list_init(&resp_body);
    aos_status_t *s = oss_resumable_upload_file(options, &bucket, &object, &file, NULL, NULL,
            params, NULL, &resp_headers, &resp_body);
    /* Refused calls answer nothing: no response headers, the body list untouched. */
    if (s != NULL && !aos_status_is_ok(s)) {
        CHECK(resp_headers == NULL);
        CHECK(aos_list_empty(&resp_body));
    }
    return s;
}

#define CHECK_STATUS(s, want_code, want_error_code) do { \
        aos_status_t *s_ = (s); \
        CHECK(s_ != NULL); \
        if (s_ != NULL) { \
            CHECK_INT(s_->code, want_code); \
            CHECK_STR(s_->error_code, want_error_code); \
            CHECK(s_->error_msg != NULL && s_->error_msg[0] != '\0'); \
            CHECK(s_->req_id != NULL); \
            CHECK(!aos_status_is_ok(s_)); \
        } \
    } while (0)

static void test_invalid_bucket_names(void)
{
    /* The official test's list (test_resumable_invalid_parameter), plus a 64-byte name and "". */
    static const char *names[] = {"a", "1", "!", "aa", "12", "a1", "a!", "1!", "aAa", "1A1", "a!a",
        "FengChao@123", "-a123", "a_123", "a123-",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl", ""};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        setup();
        aos_str_set(&bucket, names[i]);
        /* Even with NULL object, path and parameters, as the official SDK checks the bucket first. */
        aos_status_t *s = oss_resumable_upload_file(options, &bucket, NULL, NULL, NULL, NULL, NULL,
                NULL, NULL, NULL);
        CHECK_STATUS(s, AOSE_INVALID_ARGUMENT, "BucketNameInvalidError");
        CHECK_STR(s->error_msg, "The bucket name is invalid, please check.");
        teardown();
    }
}

static void test_null_arguments(void)
{
    /* options and options->pool leave no pool for the status: a static one comes back. */
    aos_status_t *s = oss_resumable_upload_file(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
            NULL, NULL);
    CHECK_STATUS(s, AOSE_INVALID_ARGUMENT, "ClientError");
    CHECK(strstr(s->error_msg, "options") != NULL);
    s = oss_resumable_upload_file_ex(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
    CHECK_STATUS(s, AOSE_INVALID_ARGUMENT, "ClientError");

    struct {
        const char *name;
        int code;
        const char *error_code;
    } cases[] = {
        {"options->pool", AOSE_INVALID_ARGUMENT, "ClientError"},
        {"options->config", AOSE_INVALID_ARGUMENT, "ClientError"},
        {"bucket", AOSE_INVALID_ARGUMENT, "BucketNameInvalidError"},
        {"object", AOSE_INVALID_ARGUMENT, "ClientError"},
        {"filepath", AOSE_INVALID_ARGUMENT, "ClientError"},
        {"clt_params", AOSE_INVALID_ARGUMENT, "ClientError"},
        {"endpoint.data", AOSE_INVALID_ARGUMENT, "ClientError"},
        {"access_key_id.data", AOSE_INVALID_ARGUMENT, "ClientError"},
        {"access_key_secret.data", AOSE_INVALID_ARGUMENT, "ClientError"},
        {"object.data", AOSE_INVALID_ARGUMENT, "ObjectNameInvalidError"},
        {"filepath.data", ENOENT, "OpenFileFail"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        setup();
        aos_string_t *b = &bucket, *o = &object, *f = &file;
        oss_resumable_clt_params_t *cp = params;
        aos_pool_t *keep = pool;
        const char *n = cases[i].name;
        if (strcmp(n, "options->pool") == 0) options->pool = NULL;
        if (strcmp(n, "options->config") == 0) options->config = NULL;
        if (strcmp(n, "bucket") == 0) b = NULL;
        if (strcmp(n, "object") == 0) o = NULL;
        if (strcmp(n, "filepath") == 0) f = NULL;
        if (strcmp(n, "clt_params") == 0) cp = NULL;
        if (strcmp(n, "endpoint.data") == 0) aos_str_null(&options->config->endpoint);
        if (strcmp(n, "access_key_id.data") == 0) aos_str_null(&options->config->access_key_id);
        if (strcmp(n, "access_key_secret.data") == 0) aos_str_null(&options->config->access_key_secret);
        if (strcmp(n, "object.data") == 0) aos_str_null(&object);
        if (strcmp(n, "filepath.data") == 0) aos_str_null(&file);
        aos_table_t *rh = NULL;
        s = oss_resumable_upload_file(options, b, o, f, NULL, NULL, cp, NULL, &rh, NULL);
        fprintf(stderr, "     NULL %-24s -> %d %s: %s\n", n, s->code, s->error_code, s->error_msg);
        CHECK_STATUS(s, cases[i].code, cases[i].error_code);
        CHECK(rh == NULL);
        options->pool = keep;
        teardown();
    }

    /* A NULL controller, or a controller without options, takes the defaults: the call gets as
     * far as the (closed) port, which proves the arguments were accepted. */
    setup();
    options->ctl = NULL;
    CHECK_STATUS(upload(), AOSE_FAILED_CONNECT, "HttpIoError");
    options->ctl = aos_http_controller_create(pool, 0);
    options->ctl->options = NULL;
    CHECK_STATUS(upload(), AOSE_FAILED_CONNECT, "HttpIoError");
    teardown();
}

static void test_local_file_errors(void)
{
    char path[512];
    struct {
        const char *what;
        const char *path;
        int code;
    } cases[] = {
        {"missing file", "missing", ENOENT},
        {"empty path", "", ENOENT},
        {"directory", ".", EISDIR},
        {"path through a file", "good/child", ENOTDIR},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        setup();
        if (cases[i].path[0] == '\0') {
            path[0] = '\0';
        } else if (strcmp(cases[i].path, "good/child") == 0) {
            snprintf(path, sizeof(path), "%s/child", good_file);
        } else {
            snprintf(path, sizeof(path), "%s/%s", tmpdir, cases[i].path);
        }
        aos_str_set(&file, path);
        aos_status_t *s = upload();
        fprintf(stderr, "     %-20s -> %d %s: %s\n", cases[i].what, s->code, s->error_code, s->error_msg);
        CHECK_STATUS(s, cases[i].code, "OpenFileFail");
        teardown();
    }
}

/* run_as_nobody runs this program again as the unprivileged user nobody (65534), with only the
 * case name, and returns its exit status (-1 when it could not run or died). */
static int run_as_nobody(const char *name)
{
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n <= 0) {
        perror("readlink /proc/self/exe");
        return -1;
    }
    self[n] = '\0';
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        perror("fork");
        return -1;
    }
    if (pid == 0) { /* only async-signal-safe calls until exec: the parent has Go's threads */
        if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0 || geteuid() == 0) {
            _exit(126);
        }
        execl(self, self, name, (char *)NULL);
        _exit(127);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) {
        return -1;
    }
    return WEXITSTATUS(status);
}

/* A file its user cannot read fails with EACCES. Root reads any file, so as root (CI) the case
 * runs itself again as nobody; the child exits 0 only when it ran this case and it passed. */
static void test_unreadable_file(void)
{
    if (geteuid() == 0) {
        int rc = run_as_nobody("test_unreadable_file");
        fprintf(stderr, "     as root: ran again as nobody, exit %d\n", rc);
        CHECK_INT(rc, 0);
        return;
    }
    char path[512];
    setup();
    snprintf(path, sizeof(path), "%s/unreadable", tmpdir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f != NULL) {
        fclose(f);
    }
    CHECK_INT(chmod(path, 0), 0);
    aos_str_set(&file, path);
    aos_status_t *s = upload();
    fprintf(stderr, "     %-20s -> %d %s: %s\n", "unreadable file", s->code, s->error_code, s->error_msg);
    CHECK_STATUS(s, EACCES, "OpenFileFail");
    teardown();
}

static void test_bad_config_and_names(void)
{
    struct {
        const char *what;
        const char *endpoint, *key, *region;
        int sigver;
        int code;
        const char *error_code, *msg_part;
    } cases[] = {
        {"endpoint with a space", "bad host:80", "k", "", 1, AOSE_INVALID_ARGUMENT, "ClientError", "endpoint is invalid"},
        {"endpoint with !", "http://ex!ample.com", "k", "", 1, AOSE_INVALID_ARGUMENT, "ClientError", "endpoint is invalid"},
        {"endpoint with a bad scheme", "ftp://example.com", "k", "", 1, AOSE_INVALID_ARGUMENT, "ClientError", "scheme"},
        {"empty endpoint", "", "k", "", 1, AOSE_INVALID_ARGUMENT, "ClientError", "endpoint is empty"},
        {"V4 without region", "http://127.0.0.1:1", "k", "", 4, AOSE_INVALID_ARGUMENT, "ClientError", "region"},
        {"key starting with /", "http://127.0.0.1:1", "/k", "", 1, AOSE_INVALID_ARGUMENT, "ObjectNameInvalidError", "slash"},
        {"empty key", "http://127.0.0.1:1", "", "", 1, AOSE_INVALID_ARGUMENT, "ObjectNameInvalidError", "empty"},
        {"key not UTF-8", "http://127.0.0.1:1", "bad\xff", "", 1, AOSE_INVALID_ARGUMENT, "ObjectNameInvalidError", "UTF-8"},
        {"part size over 5 GiB", "http://127.0.0.1:1", "k", "", 1, AOSE_INVALID_ARGUMENT, "ClientError", "PartSize"},
        /* Accepted, then refused only by the closed port: proves the mapping ran. */
        {"V1 by default (signature_version 0)", "http://127.0.0.1:1", "k", "", 0, AOSE_FAILED_CONNECT, "HttpIoError", "127.0.0.1"},
        {"V4 with region", "127.0.0.1:1", "k", "cn-hangzhou", 4, AOSE_FAILED_CONNECT, "HttpIoError", "127.0.0.1"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        setup();
        aos_str_set(&options->config->endpoint, cases[i].endpoint);
        aos_str_set(&options->config->region, cases[i].region);
        options->config->signature_version = cases[i].sigver;
        aos_str_set(&object, cases[i].key);
        if (strcmp(cases[i].what, "part size over 5 GiB") == 0) {
            params->part_size = INT64_C(6) << 30;
        }
        aos_status_t *s = upload();
        fprintf(stderr, "     %-36s -> %d %s: %s\n", cases[i].what, s->code, s->error_code, s->error_msg);
        CHECK_STATUS(s, cases[i].code, cases[i].error_code);
        CHECK(s->error_msg != NULL && strstr(s->error_msg, cases[i].msg_part) != NULL);
        teardown();
    }

    /* A 1024-byte key is one byte too long. */
    setup();
    char *long_key = apr_palloc(pool, 1025);
    memset(long_key, 'k', 1024);
    long_key[1024] = '\0';
    aos_str_set(&object, long_key);
    CHECK_STATUS(upload(), AOSE_INVALID_ARGUMENT, "ObjectNameInvalidError");
    teardown();

    /* A header value with a line break could split the request: refused by name. */
    setup();
    aos_table_t *h = aos_table_make(pool, 1);
    apr_table_set(h, "x-oss-meta-a", "one\r\nInjected: yes");
    aos_status_t *s = oss_resumable_upload_file(options, &bucket, &object, &file, h, NULL, params,
            NULL, NULL, NULL);
    CHECK_STATUS(s, AOSE_INVALID_ARGUMENT, "ClientError");
    CHECK(strstr(s->error_msg, "X-Oss-Meta-A") != NULL);
    teardown();

    /* issue 15: the params table's one knob takes 1, true, 0 or false; a typo is refused by
     * name rather than silently dropping the fingerprint asked for. */
    setup();
    aos_table_t *ext = aos_table_make(pool, 1);
    apr_table_set(ext, OSSR_PARAM_PART_SHA256, "yes");
    s = oss_resumable_upload_file(options, &bucket, &object, &file, NULL, ext, params, NULL, NULL, NULL);
    CHECK_STATUS(s, AOSE_INVALID_ARGUMENT, "ClientError");
    CHECK(strstr(s->error_msg, "params") != NULL && strstr(s->error_msg, OSSR_PARAM_PART_SHA256) != NULL);
    teardown();

    /* A checkpoint that cannot be written is refused before Initiate (the official SDK had
     * already initiated and orphaned the upload). */
    setup();
    params = oss_create_resumable_clt_params_content(pool, 100 * 1024, 1, AOS_TRUE,
            "/nonexistent-ossresume-dir/x.cp");
    s = upload();
    fprintf(stderr, "     unwritable checkpoint -> %d %s: %s\n", s->code, s->error_code, s->error_msg);
    CHECK(s->code != AOSE_FAILED_CONNECT);
    CHECK(!aos_status_is_ok(s));
    CHECK(s->error_code != NULL && s->error_msg != NULL);
    teardown();
}

static void test_out_of_range_numbers_accepted(void)
{
    /* thread_num outside 1..1024 becomes 1 and part_size <= 0 the default, as documented;
     * neither is an error, so the call reaches the (closed) port. An empty file with part size
     * 0 crashed the official SDK with SIGFPE. */
    int32_t threads[] = {0, -1, 1025};
    for (size_t i = 0; i < sizeof(threads) / sizeof(threads[0]); i++) {
        setup();
        params->thread_num = threads[i];
        params->part_size = 0;
        CHECK_STATUS(upload(), AOSE_FAILED_CONNECT, "HttpIoError");
        teardown();
    }
    char empty[512];
    snprintf(empty, sizeof(empty), "%s/empty", tmpdir);
    FILE *f = fopen(empty, "w");
    fclose(f);
    setup();
    aos_str_set(&file, empty);
    params->part_size = 0;
    CHECK_STATUS(upload(), AOSE_FAILED_CONNECT, "HttpIoError");
    teardown();
}

int main(int argc, char *argv[])
{
    CHECK_ARGS(argc, argv);
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(good_file, sizeof(good_file), "%s/good", tmpdir);
    FILE *f = fopen(good_file, "w");
    fputs("some bytes\n", f);
    fclose(f);
    aos_http_io_initialize(NULL, 0);
    aos_log_set_level(AOS_LOG_OFF);

    RUN(test_invalid_bucket_names);
    RUN(test_null_arguments);
    RUN(test_local_file_errors);
    RUN(test_unreadable_file);
    RUN(test_bad_config_and_names);
    RUN(test_out_of_range_numbers_accepted);

    aos_http_io_deinitialize();
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        fprintf(stderr, "could not remove %s\n", tmpdir);
    }
    return check_summary();
}
