/* A program built against an installed ossresume, through pkg-config or find_package: it links,
 * loads the library from the install prefix and gets a status from it. */
#include "oss_api.h"
#include "aos_http_io.h"

int main(void)
{
    if (aos_http_io_initialize("consumer", 0) != AOSE_OK) {
        return 1;
    }
    aos_pool_t *pool;
    aos_pool_create(&pool, NULL);
    oss_request_options_t *options = oss_request_options_create(pool);
    aos_string_t bucket;
    aos_str_set(&bucket, "Not_A_Bucket");
    aos_status_t *s = oss_resumable_upload_file(options, &bucket, NULL, NULL, NULL, NULL, NULL,
            NULL, NULL, NULL);
    int ok = s->code == AOSE_INVALID_ARGUMENT && strcmp(s->error_code, "BucketNameInvalidError") == 0 &&
             aos_crc64(0, (void *)"123456789", 9) == UINT64_C(0x995dc9bbdf1939fa);
    printf("consumer: %s\n", ok ? "ok" : "wrong answers");
    aos_pool_destroy(pool);
    aos_http_io_deinitialize();
    return ok ? 0 : 1;
}
