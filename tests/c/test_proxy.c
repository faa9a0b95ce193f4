/* Proxy settings of the C SDK-compatible API, against the local ossemu server, which also
 * answers absolute-form requests as an HTTP forward proxy would relay them. The endpoint is a
 * closed loopback port, so an upload succeeds only if it really went through the proxy. */
#include "check.h"
#include "ossemu_client.h"

static char tmpdir[] = "/tmp/ossresume-proxy-XXXXXX";
static char path[512];
static char proxy[64];

static aos_status_t *upload(aos_pool_t *pool, oss_request_options_t *options, const char *key)
{
    aos_string_t bucket, object, file;
    aos_table_t *resp_headers = NULL;
    aos_list_t resp_body;
    aos_str_set(&bucket, "examplebucket");
    aos_str_set(&object, key);
    aos_str_set(&file, path);
    aos_list_init(&resp_body);
    oss_resumable_clt_params_t *params =
        oss_create_resumable_clt_params_content(pool, 100 * 1024, 2, AOS_FALSE, NULL);
    return oss_resumable_upload_file(options, &bucket, &object, &file, NULL, NULL, params, NULL,
            &resp_headers, &resp_body);
}

static oss_request_options_t *new_options(aos_pool_t *pool)
{
    oss_request_options_t *o = oss_request_options_create(pool);
    o->config = oss_config_create(pool);
    aos_str_set(&o->config->endpoint, "http://127.0.0.1:1");
    aos_str_set(&o->config->access_key_id, "ak");
    aos_str_set(&o->config->access_key_secret, "sk");
    aos_str_set(&o->config->region, "cn-hangzhou");
    o->config->signature_version = 4;
    o->ctl = aos_http_controller_create(pool, 0);
    /* The default request options are shared by the whole process: give this controller its own. */
    o->ctl->options = aos_http_request_options_create(pool);
    return o;
}

/* object_size HEADs the object through ossemu's admin route; -1 when it is not there. */
static long object_size(const char *key)
{
    char target[256], *resp = NULL;
    snprintf(target, sizeof(target), "/_ossemu/object/examplebucket/%s", key);
    long size = -1;
    if (http_do("HEAD", target, NULL, &resp) == 200) {
        const char *cl = strstr(resp, "Content-Length: ");
        size = cl != NULL ? atol(cl + 16) : -1;
    }
    free(resp);
    return size;
}

/* Without a proxy the closed endpoint fails with a network status: the other cases' success
 * can only come from the proxy. */
static void no_proxy_fails(void)
{
    aos_pool_t *pool;
    aos_pool_create(&pool, NULL);
    aos_status_t *s = upload(pool, new_options(pool), "proxy/none.bin");
    CHECK(!aos_status_is_ok(s));
    CHECK(s->code < 0);
    CHECK_STR(s->error_code, "HttpIoError");
    CHECK_INT(object_size("proxy/none.bin"), -1);
    aos_pool_destroy(pool);
}

static void proxy_host_in_request_options(void)
{
    aos_pool_t *pool;
    aos_pool_create(&pool, NULL);
    oss_request_options_t *o = new_options(pool);
    o->ctl->options->proxy_host = proxy;
    aos_status_t *s = upload(pool, o, "proxy/options.bin");
    CHECK_INT(s->code, 200);
    CHECK_INT(object_size("proxy/options.bin"), 250000);
    aos_pool_destroy(pool);
}

/* The official way: proxy fields in oss_config_t, applied by oss_config_resolve. */
static void proxy_from_config_resolve(void)
{
    aos_pool_t *pool;
    aos_pool_create(&pool, NULL);
    oss_request_options_t *o = new_options(pool);
    aos_str_set(&o->config->proxy_host, "127.0.0.1");
    o->config->proxy_port = ossemu_port();
    aos_str_set(&o->config->proxy_user, "puser");
    aos_str_set(&o->config->proxy_passwd, "ppass");
    oss_config_resolve(pool, o->config, o->ctl);
    CHECK_STR(o->ctl->options->proxy_host, proxy);
    CHECK_STR(o->ctl->options->proxy_auth, "puser:ppass");
    aos_status_t *s = upload(pool, o, "proxy/resolved.bin");
    CHECK_INT(s->code, 200);
    CHECK_INT(object_size("proxy/resolved.bin"), 250000);
    aos_pool_destroy(pool);
}

int main(int argc, char **argv)
{
    CHECK_ARGS(argc, argv);
    if (ossemu_port() == 0 || mkdtemp(tmpdir) == NULL) {
        fprintf(stderr, "test_proxy: needs OSSEMU_URL (run through with_ossemu.sh) and /tmp\n");
        return 2;
    }
    snprintf(proxy, sizeof(proxy), "127.0.0.1:%d", ossemu_port());
    snprintf(path, sizeof(path), "%s/file.bin", tmpdir);
    FILE *f = fopen(path, "wb");
    for (int i = 0; i < 250000; i++) {
        fputc(i * 7 & 0xff, f);
    }
    fclose(f);
    if (aos_http_io_initialize(NULL, 0) != AOSE_OK) {
        return 1;
    }
    RUN(no_proxy_fails);
    RUN(proxy_host_in_request_options);
    RUN(proxy_from_config_resolve);
    aos_http_io_deinitialize();
    remove(path);
    rmdir(tmpdir);
    return check_summary();
}
