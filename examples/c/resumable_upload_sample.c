/* The resumable-upload example of the OSS C SDK documentation, verbatim but for its five string
 * constants, which the build may set (the C tests point them at the local ossemu server). It
 * compiles against ossresume's headers and links only -lossresume. */
#include "oss_api.h"
#include "aos_http_io.h"

#ifndef SAMPLE_ENDPOINT
#define SAMPLE_ENDPOINT "yourEndpoint"
#endif
#ifndef SAMPLE_BUCKET
#define SAMPLE_BUCKET "examplebucket"
#endif
#ifndef SAMPLE_OBJECT
#define SAMPLE_OBJECT "exampledir/exampleobject.txt"
#endif
#ifndef SAMPLE_FILE
#define SAMPLE_FILE "yourLocalFilename"
#endif
#ifndef SAMPLE_REGION
#define SAMPLE_REGION "yourRegion"
#endif
const char *endpoint = SAMPLE_ENDPOINT;
const char *bucket_name = SAMPLE_BUCKET;
const char *object_name = SAMPLE_OBJECT;
const char *local_filename = SAMPLE_FILE;
const char *region = SAMPLE_REGION;
void init_options(oss_request_options_t *options) {
    options->config = oss_config_create(options->pool);
    aos_str_set(&options->config->endpoint, endpoint);
    aos_str_set(&options->config->access_key_id, getenv("OSS_ACCESS_KEY_ID"));
    aos_str_set(&options->config->access_key_secret, getenv("OSS_ACCESS_KEY_SECRET"));
    aos_str_set(&options->config->region, region);
    options->config->signature_version = 4;
    options->config->is_cname = 0;
    options->ctl = aos_http_controller_create(options->pool, 0);
}
int main(int argc, char *argv[]) {
    if (aos_http_io_initialize(NULL, 0) != AOSE_OK) { exit(1); }
    aos_pool_t *pool; aos_pool_create(&pool, NULL);
    oss_request_options_t *oss_client_options = oss_request_options_create(pool);
    init_options(oss_client_options);
    aos_string_t bucket; aos_string_t object; aos_string_t file; aos_list_t resp_body;
    aos_table_t *headers = NULL; aos_table_t *resp_headers = NULL; aos_status_t *resp_status = NULL;
    oss_resumable_clt_params_t *clt_params;
    aos_str_set(&bucket, bucket_name); aos_str_set(&object, object_name); aos_str_set(&file, local_filename);
    aos_list_init(&resp_body);
    clt_params = oss_create_resumable_clt_params_content(pool, 1024 * 100, 3, AOS_TRUE, NULL);
    resp_status = oss_resumable_upload_file(oss_client_options, &bucket, &object, &file, headers, NULL, clt_params, NULL, &resp_headers, &resp_body);
    if (aos_status_is_ok(resp_status)) { printf("resumable upload succeeded\n"); } else { printf("resumable upload failed\n"); }
    aos_pool_destroy(pool);
    aos_http_io_deinitialize();
    return 0;
}
