/* Connection reuse across oss_resumable_upload_file calls against the local ossemu server
 * (OSSEMU_URL, key ak:sk, bucket examplebucket): legacy tools call it once per file, and each
 * call must not pay a new TCP (and TLS) handshake. ossemu's request log names each request's
 * client address:port, one per connection; aos_http_io_deinitialize must close them. */
#include "check.h"
#include "ossemu_client.h"

#include <unistd.h>

static char tmpdir[] = "/tmp/ossresume-reuse-XXXXXX";
static const char *endpoint;

#define MAX_REMOTES 64

/* remotes collects the distinct "remote" values of the request log since it was last cleared
 * into out (each at most 63 chars); returns how many, or -1 when an entry has none. */
static int remotes(char out[][64], int max)
{
    char *log = NULL;
    CHECK_INT(http_do("GET", "/_ossemu/log?format=jsonl", NULL, &log), 200);
    int n = 0;
    for (char *line = log != NULL ? strtok(log, "\n") : NULL; line != NULL; line = strtok(NULL, "\n")) {
        if (line[0] != '{') {
            continue; /* the response's head */
        }
        char *r = strstr(line, "\"remote\":\"");
        if (r == NULL) {
            n = -1;
            break;
        }
        r += strlen("\"remote\":\"");
        char *end = strchr(r, '"');
        if (end == NULL || end - r >= 64) {
            n = -1;
            break;
        }
        *end = '\0';
        int seen = 0;
        for (int i = 0; i < n; i++) {
            seen |= strcmp(out[i], r) == 0;
        }
        if (!seen && n < max) {
            strcpy(out[n++], r);
        }
    }
    free(log);
    return n;
}

/* upload sends a 150 KiB file as key in 100 KiB parts, one at a time; returns the status code. */
static int upload(const char *key, const char *path)
{
    aos_pool_t *pool;
    aos_pool_create(&pool, NULL);
    oss_request_options_t *o = oss_request_options_create(pool);
    o->config = oss_config_create(pool);
    aos_str_set(&o->config->endpoint, endpoint);
    aos_str_set(&o->config->access_key_id, "ak");
    aos_str_set(&o->config->access_key_secret, "sk");
    aos_str_set(&o->config->region, "cn-hangzhou");
    o->config->signature_version = 4;
    o->ctl = aos_http_controller_create(pool, 0);
    aos_string_t bucket, object, file;
    aos_str_set(&bucket, "examplebucket");
    aos_str_set(&object, key);
    aos_str_set(&file, path);
    oss_resumable_clt_params_t *params =
        oss_create_resumable_clt_params_content(pool, 100 * 1024, 1, AOS_FALSE, NULL);
    aos_list_t body;
    aos_list_init(&body);
    aos_table_t *resp_headers = NULL;
    aos_status_t *s = oss_resumable_upload_file(o, &bucket, &object, &file, NULL, NULL, params,
            NULL, &resp_headers, &body);
    int code = s != NULL ? s->code : -1;
    aos_pool_destroy(pool);
    return code;
}

/* Ten sequential calls, each with its own pool and options, share at most two connections
 * (one, unless the server closed it); after aos_http_io_deinitialize the next call dials anew. */
static void test_calls_share_connections(void)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/in.bin", tmpdir);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f == NULL) {
        return;
    }
    for (int i = 0; i < 150 * 1024; i++) {
        fputc(i * 7 & 0xff, f);
    }
    fclose(f);

    CHECK_INT(http_do("DELETE", "/_ossemu/log", NULL, NULL), 204);
    for (int i = 0; i < 10; i++) {
        char key[64];
        snprintf(key, sizeof(key), "reuse/%d.bin", i);
        CHECK_INT(upload(key, path), 200);
    }
    static char before[MAX_REMOTES][64], after[MAX_REMOTES][64];
    int n = remotes(before, MAX_REMOTES);
    if (n < 1 || n > 2) {
        fprintf(stderr, "10 calls used %d connections, want 1 or 2\n", n);
    }
    CHECK(n >= 1 && n <= 2);

    aos_http_io_deinitialize();
    CHECK_INT(aos_http_io_initialize("c-tests", 0), AOSE_OK);
    aos_log_set_level(AOS_LOG_OFF);
    CHECK_INT(http_do("DELETE", "/_ossemu/log", NULL, NULL), 204);
    CHECK_INT(upload("reuse/after.bin", path), 200);
    int m = remotes(after, MAX_REMOTES);
    CHECK(m >= 1);
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            if (strcmp(after[i], before[j]) == 0) {
                fprintf(stderr, "after aos_http_io_deinitialize, a call reused %s\n", after[i]);
                check_case_failed = 1;
            }
        }
    }
    unlink(path);
}

int main(int argc, char *argv[])
{
    CHECK_ARGS(argc, argv);
    endpoint = getenv("OSSEMU_URL");
    if (endpoint == NULL || ossemu_port() == 0 || strncmp(endpoint, "http://", 7) != 0) {
        fprintf(stderr, "OSSEMU_URL is not set to a plain-HTTP ossemu: run through tests/c/with_ossemu.sh\n");
        return 1;
    }
    if (mkdtemp(tmpdir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    aos_http_io_initialize("c-tests", 0);
    aos_log_set_level(AOS_LOG_OFF);
    RUN(test_calls_share_connections);
    rmdir(tmpdir);
    aos_http_io_deinitialize();
    return check_summary();
}
