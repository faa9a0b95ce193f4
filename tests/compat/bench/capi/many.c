/* The many-files bench client for the C SDK-compatible API (kind ours-capi): uploads the files
 * of the directory -file one after the other, one oss_resumable_upload_file call per file (a
 * checkpoint each, -threads parts in flight), as a legacy tool does, with one set of request
 * options made once; then prints {"wall_s", "vm_hwm_kib"} as the Go clients do. Takes the
 * flags of bench.Spec.Args; HTTPS trusts the CA through SSL_CERT_FILE, set by the driver. */
#define _POSIX_C_SOURCE 200809L
#include "oss_api.h"
#include "aos_http_io.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *flag(int argc, char **argv, const char *name)
{
    for (int i = 1; i + 1 < argc; i += 2) {
        if (argv[i][0] == '-' && strcmp(argv[i] + 1, name) == 0) {
            return argv[i + 1];
        }
    }
    return NULL;
}

static long hwm_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = 0;
    while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
        if (strncmp(line, "VmHWM:", 6) == 0) {
            v = strtol(line + 6, NULL, 10);
        }
    }
    if (f != NULL) {
        fclose(f);
    }
    return v;
}

int main(int argc, char **argv)
{
    const char *dir = flag(argc, argv, "file"), *endpoint = flag(argc, argv, "endpoint");
    const char *bucket_name = flag(argc, argv, "bucket"), *prefix = flag(argc, argv, "key");
    const char *ak = flag(argc, argv, "ak"), *sk = flag(argc, argv, "sk"), *work = flag(argc, argv, "workdir");
    const char *files = flag(argc, argv, "files"), *part = flag(argc, argv, "part"), *threads = flag(argc, argv, "threads");
    if (!dir || !endpoint || !bucket_name || !prefix || !ak || !sk || !work || !files || !part || !threads) {
        fprintf(stderr, "capi-many: missing flags\n");
        return 2;
    }
    int n = atoi(files);
    if (aos_http_io_initialize("ossbench", 0) != AOSE_OK) {
        fprintf(stderr, "capi-many: cannot initialise the library\n");
        return 1;
    }
    aos_pool_t *pool;
    aos_pool_create(&pool, NULL);
    oss_request_options_t *options = oss_request_options_create(pool);
    options->config = oss_config_create(pool);
    aos_str_set(&options->config->endpoint, endpoint);
    aos_str_set(&options->config->access_key_id, ak);
    aos_str_set(&options->config->access_key_secret, sk);
    options->ctl = aos_http_controller_create(pool, 0);
    aos_string_t bucket;
    aos_str_set(&bucket, bucket_name);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        aos_pool_t *p;
        aos_pool_create(&p, pool);
        char key[1024], path[4096], cp[4096];
        snprintf(key, sizeof(key), "%s/f%05d", prefix, i);
        snprintf(path, sizeof(path), "%s/f%05d", dir, i);
        snprintf(cp, sizeof(cp), "%s/f%05d.cp", work, i);
        aos_string_t object, file;
        aos_str_set(&object, key);
        aos_str_set(&file, path);
        oss_resumable_clt_params_t *params = oss_create_resumable_clt_params_content(p,
                atoll(part), atoi(threads), 1, cp);
        aos_table_t *resp_headers = NULL;
        aos_status_t *s = oss_resumable_upload_file(options, &bucket, &object, &file, NULL, NULL,
                params, NULL, &resp_headers, NULL);
        if (!aos_status_is_ok(s)) {
            fprintf(stderr, "capi-many: %s: %d %s: %s\n", key, s->code,
                    s->error_code ? s->error_code : "-", s->error_msg ? s->error_msg : "-");
            rc = 1;
        }
        aos_pool_destroy(p);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    aos_pool_destroy(pool);
    aos_http_io_deinitialize();
    if (rc == 0) {
        printf("{\"wall_s\": %.6f, \"vm_hwm_kib\": %ld}\n",
               (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, hwm_kib());
    }
    return rc;
}
