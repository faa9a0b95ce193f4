/* The calls added for ali-oss's surface: ossr_upload_state, ossr_list_parts, ossr_list_uploads,
 * ossr_abort_upload, ossr_client_set_credentials and ossr_upload_options.continue_upload_id,
 * against ossemu; NULL everywhere refused, never a crash. */
#include "native_test.h"

#define EXPECT_ARG(rc, e, want_field) do { \
        CHECK_INT((rc), OSSR_E_ARG); \
        CHECK((e) != NULL); \
        if ((e) != NULL) { \
            CHECK_STR((e)->field, (want_field)); \
        } \
        ossr_error_free(e); \
        (e) = NULL; \
    } while (0)

static void test_null_arguments(void)
{
    ossr_client *c = new_client();
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    EXPECT_ARG(ossr_list_parts(NULL, BUCKET, "k", "id", &r, &e), e, "client");
    CHECK(r == NULL);
    EXPECT_ARG(ossr_list_parts(c, NULL, "k", "id", &r, &e), e, "bucket");
    EXPECT_ARG(ossr_list_parts(c, BUCKET, NULL, "id", &r, &e), e, "key");
    EXPECT_ARG(ossr_list_parts(c, BUCKET, "k", NULL, &r, &e), e, "upload_id");
    EXPECT_ARG(ossr_list_uploads(c, NULL, NULL, &r, &e), e, "bucket");
    EXPECT_ARG(ossr_abort_upload(c, BUCKET, "k", "", &r, &e), e, "upload_id");
    EXPECT_ARG(ossr_upload_state(NULL, &r, &e), e, "up");
    EXPECT_ARG(ossr_client_set_credentials(NULL, "a", "b", NULL, &e), e, "client");
    EXPECT_ARG(ossr_client_set_credentials(c, NULL, "b", NULL, &e), e, "access_key_id");
    EXPECT_ARG(ossr_client_set_credentials(c, "a", "", NULL, &e), e, "access_key_secret");
    /* err NULL: the code alone */
    CHECK_INT(ossr_list_parts(c, NULL, NULL, NULL, NULL, NULL), OSSR_E_ARG);
    CHECK_INT(ossr_upload_state(NULL, NULL, NULL), OSSR_E_ARG);
    CHECK_INT(ossr_client_set_credentials(NULL, NULL, NULL, NULL, NULL), OSSR_E_ARG);

    ossr_client_options o = OSSR_CLIENT_OPTIONS_INIT; /* credentials from the environment */
    o.endpoint = ossemu_endpoint();
    o.region = "cn-hangzhou";
    ossr_client *env = NULL;
    CHECK_INT(ossr_client_new(&o, &env, NULL), OSSR_OK);
    EXPECT_ARG(ossr_client_set_credentials(env, "a", "b", NULL, &e), e, "client");
    ossr_client_free(env);
    ossr_client_free(c);
}

/* fail_at starts an upload of path to key whose part `part` is refused (403, not retried),
 * waits for the failure, and returns the handle (not freed) for ossr_upload_state. */
static ossr_upload *fail_at(ossr_client *c, const char *key, const char *path, int part)
{
    char spec[128];
    snprintf(spec, sizeof(spec), "op=UploadPart,part=%d,status=403,code=AccessDenied,times=1", part);
    faults_clear();
    fault_add(spec);
    ossr_upload_options o = upload_opts(key, path);
    o.threads = 1;
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    ossr_upload *up = NULL;
    ossr_error *e = NULL;
    int rc = ossr_upload_start(c, &o, &up, &e);
    report("start", rc, e);
    ossr_error_free(e);
    if (rc != OSSR_OK) {
        exit(2);
    }
    CHECK_INT(ossr_upload_wait(up, -1, NULL, NULL), OSSR_E_SERVER);
    faults_clear();
    return up;
}

/* upload_id_of copies the upload id from a state body into buf. */
static void upload_id_of(const ossr_result *r, char *buf, size_t n)
{
    CHECK(strlen(r->upload_id) > 0 && strlen(r->upload_id) < n);
    snprintf(buf, n, "%s", r->upload_id);
}

static void test_state_lists_and_abort(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("lists.bin");
    unsigned char *data = make_file(path, 5 * 100 * KIB, 41);
    ossr_upload *up = fail_at(c, "native/lists.bin", path, 4);
    ossr_result *r = NULL;
    ossr_error *e = NULL;
    CHECK_INT(ossr_upload_state(up, &r, &e), OSSR_OK);
    CHECK(e == NULL && r != NULL);
    char id[128] = "";
    if (r != NULL) {
        upload_id_of(r, id, sizeof(id));
        CHECK(r->parts == 5 && r->part_size == 100 * KIB && r->total_bytes == 5 * 100 * KIB);
        CHECK(strstr(r->body, "\"number\":3") != NULL && strstr(r->body, "\"number\":4") == NULL);
        CHECK(strstr(r->body, "\"crc64\":\"") != NULL);
    }
    ossr_result_free(r);
    ossr_upload_free(up);

    CHECK_INT(ossr_list_parts(c, BUCKET, "native/lists.bin", id, &r, &e), OSSR_OK);
    report("list parts", OSSR_OK, e);
    if (r != NULL) {
        CHECK_INT(r->http_status, 200);
        CHECK(r->request_id[0] != '\0');
        CHECK(strstr(r->body, "\"number\":1,") != NULL && strstr(r->body, "\"number\":3,") != NULL);
        CHECK(strstr(r->body, "\"number\":4,") == NULL);
        CHECK(strstr(r->body, "\"etag\":\"\\\"") != NULL); /* the ETag keeps its quotes */
    }
    ossr_result_free(r);

    CHECK_INT(ossr_list_uploads(c, BUCKET, "native/lists", &r, &e), OSSR_OK);
    if (r != NULL) {
        CHECK(strstr(r->body, id) != NULL && strstr(r->body, "\"key\":\"native/lists.bin\"") != NULL);
    }
    ossr_result_free(r);
    CHECK_INT(ossr_list_uploads(c, BUCKET, "no-such-prefix/", &r, &e), OSSR_OK);
    if (r != NULL) {
        CHECK_STR(r->body, "{\"uploads\":[]}");
    }
    ossr_result_free(r);

    CHECK_INT(ossr_abort_upload(c, BUCKET, "native/lists.bin", id, &r, &e), OSSR_OK);
    if (r != NULL) {
        CHECK_INT(r->http_status, 204);
        CHECK_INT((int)r->body_len, 0);
    }
    ossr_result_free(r);
    CHECK_INT(ossr_list_parts(c, BUCKET, "native/lists.bin", id, &r, &e), OSSR_E_SERVER);
    CHECK(r == NULL);
    CHECK(e != NULL && e->http_status == 404 && strcmp(e->error_code, "NoSuchUpload") == 0 &&
          e->request_id[0] != '\0' && e->host_id[0] != '\0');
    ossr_error_free(e);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

static void test_continue_upload_id(void)
{
    ossr_client *c = new_client();
    const char *path = scratch_path("continue.bin");
    const size_t size = 6 * 100 * KIB + 7;
    unsigned char *data = make_file(path, size, 42);
    ossr_upload *up = fail_at(c, "native/continue.bin", path, 4);
    ossr_result *r = NULL;
    char id[128] = "";
    CHECK_INT(ossr_upload_state(up, &r, NULL), OSSR_OK);
    if (r != NULL) {
        upload_id_of(r, id, sizeof(id));
    }
    ossr_result_free(r);
    ossr_upload_free(up);
    /* Only the upload id is left, as another client (ali-oss) would have it. */
    char cp[600];
    snprintf(cp, sizeof(cp), "%s.cp", path);
    CHECK_INT(unlink(cp), 0);

    ossr_upload_options o = upload_opts("native/continue.bin", path);
    o.continue_upload_id = id;
    ossr_error *e = NULL;
    CHECK_INT(ossr_upload_file(c, &o, NULL, NULL, &r, &e), OSSR_E_ARG); /* checkpoint off */
    CHECK(e != NULL && strcmp(e->field, "continue_upload_id") == 0);
    ossr_error_free(e);
    o.checkpoint = OSSR_CHECKPOINT_DEFAULT;
    int rc = ossr_upload_file(c, &o, NULL, NULL, &r, &e);
    report("continue", rc, e);
    CHECK_INT(rc, OSSR_OK);
    if (r != NULL) {
        CHECK_STR(r->upload_id, id);
        CHECK(r->bytes_resumed == 3 * 100 * KIB);
    }
    ossr_result_free(r);
    ossr_error_free(e);
    CHECK_OBJECT("native/continue.bin", data, size);
    free(data);
    remove_with_checkpoint(path);
    ossr_client_free(c);
}

static void test_set_credentials(void)
{
    ossr_client_options co = OSSR_CLIENT_OPTIONS_INIT;
    co.endpoint = ossemu_endpoint();
    co.region = "cn-hangzhou";
    co.access_key_id = "ak";
    co.access_key_secret = "wrong";
    co.retries = -1;
    ossr_client *c = NULL;
    CHECK_INT(ossr_client_new(&co, &c, NULL), OSSR_OK);
    const char *path = scratch_path("creds.bin");
    unsigned char *data = make_file(path, 300 * KIB, 43);
    ossr_upload_options o = upload_opts("native/creds.bin", path);
    ossr_error *e = NULL;
    CHECK_INT(ossr_upload_file(c, &o, NULL, NULL, NULL, &e), OSSR_E_SERVER);
    CHECK(e != NULL && e->http_status == 403);
    ossr_error_free(e);
    CHECK_INT(ossr_client_set_credentials(c, "ak", "sk", NULL, NULL), OSSR_OK);
    CHECK_INT(ossr_upload_file(c, &o, NULL, NULL, NULL, NULL), OSSR_OK);
    CHECK_OBJECT("native/creds.bin", data, 300 * KIB);
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
    RUN(test_null_arguments);
    RUN(test_state_lists_and_abort);
    RUN(test_continue_upload_id);
    RUN(test_set_credentials);
    faults_clear();
    return check_summary();
}
