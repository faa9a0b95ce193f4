/* The plain-data half of the API, with no network: pools, strings, tables, lists, buffers,
 * statuses, constructors, controllers, logging, CRC-64, base64 and the data symbols. */
#include "check.h"

#include <stddef.h>

static void test_pools(void)
{
    aos_pool_t *root = NULL, *child = NULL, *grandchild = NULL, *sibling = NULL;
    CHECK_INT(aos_pool_create(&root, NULL), APR_SUCCESS);
    CHECK(root != NULL);
    CHECK_INT(aos_pool_create(&child, root), APR_SUCCESS);
    CHECK_INT(apr_pool_create(&grandchild, child), APR_SUCCESS);
    CHECK_INT(apr_pool_create_ex(&sibling, root, NULL, NULL), APR_SUCCESS);
    char *a = apr_pstrdup(grandchild, "grandchild");
    char *b = apr_psprintf(sibling, "%s-%d", "sibling", 7);
    CHECK_STR(a, "grandchild");
    CHECK_STR(b, "sibling-7");
    CHECK_STR(apr_pstrndup(root, "abcdef", 3), "abc");
    unsigned char *z = apr_pcalloc(child, 64);
    int zero = 1;
    for (int i = 0; i < 64; i++) {
        zero &= z[i] == 0;
    }
    CHECK(zero);
    CHECK(((uintptr_t)apr_palloc(root, 3) % 16) == 0);
    CHECK(apr_palloc(root, 0) != NULL);
    /* A child destroyed early unlinks itself, so destroying the root later frees it once. */
    aos_pool_destroy(sibling);
    aos_pool_clear(child); /* frees grandchild, keeps child usable */
    CHECK_STR(apr_pstrdup(child, "again"), "again");
    aos_pool_destroy(root); /* frees child; valgrind and ASan check that nothing leaks */

    CHECK_INT(aos_pool_create(NULL, NULL), AOSE_INVALID_ARGUMENT);
    aos_pool_destroy(NULL);
    aos_pool_clear(NULL);
    CHECK(apr_palloc(NULL, 8) == NULL);
    CHECK(apr_pstrdup(NULL, "x") == NULL);
    CHECK(apr_psprintf(NULL, "x") == NULL);
    CHECK(apr_time_now() > (apr_time_t)1600000000 * 1000000);
}

static void test_strings(void)
{
    aos_pool_t *p;
    aos_pool_create(&p, NULL);
    aos_string_t s;
    aos_str_set(&s, "hello");
    CHECK_INT(s.len, 5);
    CHECK_STR(s.data, "hello");
    /* The official macro crashes on NULL (an unset environment variable); this one empties. */
    aos_str_set(&s, getenv("OSSRESUME_SURELY_UNSET_VARIABLE"));
    CHECK_INT(s.len, 0);
    CHECK(s.data == NULL);
    CHECK(aos_is_null_string(&s));
    aos_string_t lit = aos_string("lit");
    CHECK_INT(lit.len, 3);
    aos_string_t *c = aos_string_create(p, "copy");
    CHECK_STR(c->data, "copy");
    aos_string_t part = {2, (char *)"abc"};
    CHECK_STR(aos_pstrdup(p, &part), "ab");
    CHECK(aos_pstrdup(p, NULL) == NULL);
    aos_pool_destroy(p);
}

static void test_tables(void)
{
    aos_pool_t *p;
    aos_pool_create(&p, NULL);
    aos_table_t *t = aos_table_make(p, 0);
    CHECK(aos_is_empty_table(t));
    apr_table_set(t, "x-oss-meta-a", "1");
    apr_table_add(t, "X-OSS-META-A", "2");
    apr_table_add(t, "Content-Type", "text/plain");
    CHECK_INT(aos_table_elts(t)->nelts, 3);
    CHECK_STR(apr_table_get(t, "X-Oss-Meta-A"), "1"); /* case-insensitive, first match */
    apr_table_set(t, "x-oss-meta-a", "3");              /* replaces both */
    CHECK_INT(aos_table_elts(t)->nelts, 2);
    CHECK_STR(apr_table_get(t, "x-oss-meta-a"), "3");
    /* Copies: changing the caller's buffer afterwards changes nothing. */
    char key[] = "k", val[] = "v";
    apr_table_set(t, key, val);
    key[0] = 'z';
    val[0] = 'z';
    CHECK_STR(apr_table_get(t, "k"), "v");
    /* Growth well past the hint keeps every entry. */
    for (int i = 0; i < 100; i++) {
        aos_table_add_int(t, "n", i);
    }
    const apr_array_header_t *arr = aos_table_elts(t);
    const apr_table_entry_t *e = (const apr_table_entry_t *)arr->elts;
    CHECK_INT(arr->nelts, 103);
    CHECK_INT(arr->elt_size, sizeof(apr_table_entry_t));
    CHECK_STR(e[3].key, "n");
    CHECK_STR(e[102].val, "99");
    apr_table_unset(t, "N");
    CHECK_INT(aos_table_elts(t)->nelts, 3);
    aos_table_set_int64(t, "big", INT64_C(9007199254740993));
    CHECK_STR(apr_table_get(t, "big"), "9007199254740993");
    CHECK_INT(aos_atoi64(apr_table_get(t, "big")), INT64_C(9007199254740993));
    apr_table_clear(t);
    CHECK(apr_is_empty_table(t));
    CHECK(apr_table_get(t, "big") == NULL);
    /* NULLs are ignored, not crashes. */
    apr_table_set(NULL, "a", "b");
    apr_table_set(t, NULL, "b");
    apr_table_add(t, "a", NULL);
    CHECK(apr_table_get(NULL, "a") == NULL);
    CHECK(apr_table_get(t, NULL) == NULL);
    CHECK(aos_is_empty_table((aos_table_t *)NULL));
    CHECK(aos_table_make(NULL, 4) == NULL);
    aos_pool_destroy(p);
}

struct item {
    int v;
    aos_list_t node;
};

static void test_lists_and_buffers(void)
{
    aos_pool_t *p;
    aos_pool_create(&p, NULL);
    aos_list_t head;
    aos_list_init(&head);
    CHECK(aos_list_empty(&head));
    struct item items[3] = {{1, {NULL, NULL}}, {2, {NULL, NULL}}, {3, {NULL, NULL}}};
    for (int i = 0; i < 3; i++) {
        aos_list_add_tail(&items[i].node, &head);
    }
    struct item *it, *n;
    int sum = 0, order = 0;
    aos_list_for_each_entry(struct item, it, &head, node) {
        sum += it->v;
        order = order * 10 + it->v;
    }
    CHECK_INT(sum, 6);
    CHECK_INT(order, 123);
    order = 0;
    aos_list_for_each_entry_reverse(struct item, it, &head, node) {
        order = order * 10 + it->v;
    }
    CHECK_INT(order, 321);
    CHECK_INT(aos_list_get_first(&head, struct item, node)->v, 1);
    CHECK_INT(aos_list_get_last(&head, struct item, node)->v, 3);
    aos_list_for_each_entry_safe(struct item, it, n, &head, node) {
        if (it->v == 2) {
            aos_list_del(&it->node);
        }
    }
    order = 0;
    aos_list_for_each_entry(struct item, it, &head, node) {
        order = order * 10 + it->v;
    }
    CHECK_INT(order, 13);
    aos_list_t moved;
    aos_list_init(&moved);
    aos_list_movelist(&head, &moved);
    CHECK(aos_list_empty(&head));
    CHECK_INT(aos_list_get_first(&moved, struct item, node)->v, 1);

    aos_list_t body;
    aos_list_init(&body);
    aos_buf_t *b1 = aos_buf_pack(p, "hello ", 6);
    aos_buf_t *b2 = aos_create_buf(p, 2);
    aos_buf_append_string(p, b2, "wor", 3); /* grows past its 2 bytes */
    aos_buf_append_string(p, b2, "ld", 2);
    CHECK_INT(aos_buf_size(b2), 5);
    aos_list_add_tail(&b1->node, &body);
    aos_list_add_tail(&b2->node, &body);
    CHECK_INT(aos_buf_list_len(&body), 11);
    CHECK_STR(aos_buf_list_content(p, &body), "hello world");
    aos_list_t empty;
    aos_list_init(&empty);
    CHECK_INT(aos_buf_list_len(&empty), 0);
    CHECK_STR(aos_buf_list_content(p, &empty), "");
    CHECK_INT(aos_buf_list_len(NULL), 0);
    CHECK(aos_create_buf(NULL, 1) == NULL);
    CHECK(aos_create_buf(p, -1) == NULL);
    aos_pool_destroy(p);
}

static void test_statuses(void)
{
    aos_pool_t *p;
    aos_pool_create(&p, NULL);
    aos_status_t *s = aos_status_create(p);
    CHECK(s != NULL && s->code == 0 && s->error_code == NULL && s->req_id == NULL);
    CHECK(!aos_status_is_ok(s));
    CHECK(!aos_status_is_ok(NULL));
    s->code = 204;
    CHECK(aos_status_is_ok(s));
    s->code = 203; /* a failed upload callback still counts as OK */
    CHECK(aos_status_is_ok(s));
    aos_status_set(s, 503, "SlowDown", "slow");
    s->req_id = (char *)"REQ1";
    aos_status_t *d = aos_status_dup(p, s);
    CHECK_INT(d->code, 503);
    CHECK_STR(d->error_code, "SlowDown");
    CHECK_STR(d->req_id, "REQ1"); /* the official dup loses it */
    CHECK(aos_should_retry(s));
    s->code = AOSE_CONNECTION_FAILED;
    CHECK(aos_should_retry(s));
    s->code = 404;
    CHECK(!aos_should_retry(s));
    CHECK(!aos_should_retry(NULL));
    CHECK(aos_http_is_ok(200) && !aos_http_is_ok(302));
    CHECK(aos_status_create(NULL) == NULL);
    aos_pool_destroy(p);
}

static void test_constructors(void)
{
    aos_pool_t *p;
    aos_pool_create(&p, NULL);
    oss_config_t *cfg = oss_config_create(p);
    CHECK(cfg->signature_version == 0 && cfg->is_cname == 0 && cfg->endpoint.data == NULL);
    oss_request_options_t *o = oss_request_options_create(p);
    CHECK(o->pool == p && o->config == NULL && o->ctl == NULL);

    const char *cp = "/tmp/somewhere.cp";
    oss_resumable_clt_params_t *c = oss_create_resumable_clt_params_content(p, 1 << 20, 3, AOS_TRUE, cp);
    CHECK_INT(c->part_size, 1 << 20);
    CHECK_INT(c->thread_num, 3);
    CHECK(c->enable_checkpoint);
    CHECK(c->checkpoint_path.data == cp); /* kept by pointer, as the official SDK does */
    c = oss_create_resumable_clt_params_content(p, 0, 0, AOS_FALSE, cp);
    CHECK(c->checkpoint_path.data == NULL);

    /* Controllers share the process-wide options made by aos_http_io_initialize. */
    CHECK_INT(aos_http_io_initialize(NULL, 0), AOSE_OK);
    aos_http_controller_t *ctl = aos_http_controller_create(p, 1);
    CHECK(ctl->options == aos_default_http_request_options);
    CHECK(ctl->pool == p && ctl->owner == 1);
    CHECK(aos_http_controller_get_reason(ctl) == NULL);
    CHECK_INT(ctl->options->speed_limit, 1024);
    CHECK_INT(ctl->options->speed_time, 15);
    CHECK_INT(ctl->options->connect_timeout, 10);
    CHECK_INT(ctl->options->dns_cache_timeout, 60);
    CHECK(ctl->options->enable_crc && ctl->options->verify_ssl);
    CHECK_STR(aos_default_http_transport_options->user_agent,
              "aliyun-sdk-c/3.11.2(Compatible Unknown)");
    aos_http_request_options_t *own = aos_http_request_options_create(p);
    CHECK(own != aos_default_http_request_options);
    CHECK_INT(own->max_memory_size, AOS_MAX_MEMORY_SIZE);

    /* oss_config_resolve writes the proxy into the controller's options. */
    ctl->options = own;
    aos_str_set(&cfg->proxy_host, "127.0.0.1");
    cfg->proxy_port = 3128;
    aos_str_set(&cfg->proxy_user, "u");
    aos_str_set(&cfg->proxy_passwd, "pw");
    oss_config_resolve(p, cfg, ctl);
    CHECK_STR(own->proxy_host, "127.0.0.1:3128");
    CHECK_STR(own->proxy_auth, "u:pw");
    oss_config_resolve(NULL, NULL, NULL);
    aos_pool_destroy(p);
    aos_http_io_deinitialize();
    CHECK(aos_default_http_request_options == NULL);

    /* A NULL pool gets a root pool of its own. */
    CHECK_INT(aos_http_io_initialize("tests", 0), AOSE_OK);
    CHECK_STR(aos_default_http_transport_options->user_agent,
              "aliyun-sdk-c/3.11.2(Compatible tests)");
    aos_http_io_deinitialize();
    CHECK(oss_config_create(NULL) == NULL);
}

static char log_seen[8192];
static int log_lines;

static void capture(const char *message, int len)
{
    size_t have = strlen(log_seen);
    if (have + (size_t)len < sizeof(log_seen)) {
        memcpy(log_seen + have, message, (size_t)len);
        log_seen[have + (size_t)len] = '\0';
    }
    log_lines++;
}

static void test_logging(void)
{
    CHECK_INT(aos_log_level, AOS_LOG_WARN);
    aos_log_set_print(capture);
    aos_error_log("error %d", 1);
    aos_info_log("info %d", 2); /* above WARN: dropped */
    aos_log_set_level(AOS_LOG_DEBUG);
    aos_debug_log("debug %s", "three");
    aos_log_set_level(AOS_LOG_OFF);
    aos_fatal_log("fatal"); /* OFF drops even fatal lines */
    CHECK_INT(log_lines, 2);
    CHECK(strstr(log_seen, "error 1\n") != NULL);
    CHECK(strstr(log_seen, "debug three\n") != NULL);
    CHECK(strstr(log_seen, "info 2") == NULL);
    CHECK(strstr(log_seen, "test_basics.c:") != NULL);
    aos_log_set_print(NULL);
    aos_log_set_level(AOS_LOG_WARN);
    CHECK(aos_log_print == aos_log_print_default);
}

static void test_crc_and_util(void)
{
    CHECK(aos_crc64(0, (void *)"123456789", 9) == UINT64_C(0x995dc9bbdf1939fa));
    const char *msg = "This is a test of the emergency broadcast system.";
    CHECK(aos_crc64(0, (void *)msg, strlen(msg)) == UINT64_C(0x27db187fc15bbc72));
    uint64_t c1 = aos_crc64(0, (void *)"12345", 5), c2 = aos_crc64(0, (void *)"6789", 4);
    CHECK(aos_crc64_combine(c1, c2, 4) == UINT64_C(0x995dc9bbdf1939fa));
    CHECK(aos_crc64_combine(c1, c2, 0) == c1);
    CHECK(aos_crc64(7, NULL, 10) == 7);
    CHECK(aos_atoui64("18446744073709551615") == UINT64_MAX);
    CHECK(aos_atoi64(NULL) == 0 && aos_atoui64(NULL) == 0);
    char out[16];
    int n = aos_base64_encode((const unsigned char *)"hello", 5, out);
    out[n] = '\0';
    CHECK_STR(out, "aGVsbG8=");
    n = aos_base64_encode((const unsigned char *)"hi!", 3, out);
    out[n] = '\0';
    CHECK_STR(out, "aGkh");
    CHECK_INT(aos_base64_encode(NULL, 3, out), 0);
}

static void test_data_symbols(void)
{
    CHECK_STR(OSS_CONTENT_TYPE, "Content-Type");
    CHECK_STR(OSS_HASH_CRC64_ECMA, "x-oss-hash-crc64ecma");
    CHECK_STR(OSS_CALLBACK, "x-oss-callback");
    CHECK_STR(OSS_CALLBACK_VAR, "x-oss-callback-var");
    CHECK_STR(OSS_STS_SECURITY_TOKEN, "x-oss-security-token");
    CHECK_STR(OSS_MULTIPART_CONTENT_TYPE, "application/x-www-form-urlencoded");
    CHECK_STR(AOS_OPEN_FILE_ERROR_CODE, "OpenFileFail");
    CHECK_STR(AOS_INCONSISTENT_ERROR_CODE, "InconsistentError");
    CHECK_STR(AOS_BUCKET_NAME_INVALID_ERROR, "BucketNameInvalidError");
    CHECK_STR(AOS_HTTP_IO_ERROR_CODE, "HttpIoError");
    CHECK_INT(OSS_MAX_PART_NUM, 10000);
    CHECK_INT(OSS_PER_RET_NUM, 1000);
    CHECK_INT(MAX_SUFFIX_LEN, 1024);
    CHECK_INT(AOSE_INVALID_ARGUMENT, -994);
    CHECK_INT(AOSE_CRC_INCONSISTENT_ERROR, -978);
}

int main(int argc, char *argv[])
{
    CHECK_ARGS(argc, argv);
    RUN(test_pools);
    RUN(test_strings);
    RUN(test_tables);
    RUN(test_lists_and_buffers);
    RUN(test_statuses);
    RUN(test_constructors);
    RUN(test_logging);
    RUN(test_crc_and_util);
    RUN(test_data_symbols);
    return check_summary();
}
