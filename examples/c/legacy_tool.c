/*
 * legacy_tool: a backup tool as programs written against the official OSS C SDK are, using
 * the calls such tools make beside oss_resumable_upload_file, so that it builds and runs
 * unchanged against libossresume (only oss_api.h and aos_http_io.h, only -lossresume).
 *
 *   legacy_tool [--keep] ENDPOINT BUCKET PREFIX FILE...
 *
 * Credentials come from OSS_ACCESS_KEY_ID and OSS_ACCESS_KEY_SECRET; with OSS_REGION set the
 * requests are signed V4, otherwise V1 (the SDK's default). For each FILE, the object
 * PREFIX<file name>:
 *   1. is checked with oss_does_object_exist, and skipped when it exists with the file's size
 *      and CRC-64 (oss_head_object's Content-Length and x-oss-hash-crc64ecma);
 *   2. is put whole (oss_put_object_from_file) when the file is below 1 MiB, and otherwise
 *      uploaded with oss_resumable_upload_file (checkpointed, so a rerun resumes);
 * then a manifest (one "name size crc64" line per file) is put from memory
 * (oss_put_object_from_buffer); every object is found by listing PREFIX
 * (oss_list_object, page by page), read back (oss_get_object_to_file, the manifest with
 * oss_get_object_to_buffer) and compared with the local bytes; and, unless --keep is given,
 * every object is deleted (oss_delete_object). It prints one line per step and exits 0 only
 * when every file was verified.
 */
#include "oss_api.h"
#include "aos_http_io.h"

#define SMALL_FILE (1024 * 1024)
#define MAX_FILES 64

static aos_pool_t *pool;
static oss_request_options_t *options;
static aos_string_t bucket;

static int report(const char *what, const char *key, aos_status_t *s)
{
    if (aos_status_is_ok(s)) {
        return 1;
    }
    fprintf(stderr, "%s %s failed: %d %s %s (request id %s)\n", what, key, s->code,
            s->error_code ? s->error_code : "", s->error_msg ? s->error_msg : "",
            s->req_id ? s->req_id : "");
    return 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash != NULL ? slash + 1 : path;
}

/* file_info returns the file's size and CRC-64 (-1 when it cannot be read). */
static int64_t file_info(const char *path, uint64_t *crc)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return -1;
    }
    unsigned char buf[65536];
    size_t n;
    int64_t size = 0;
    *crc = 0;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
        *crc = aos_crc64(*crc, buf, n);
        size += (int64_t)n;
    }
    int bad = ferror(f);
    fclose(f);
    return bad ? -1 : size;
}

/* same_content compares two files byte for byte. */
static int same_content(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    int same = fa != NULL && fb != NULL;
    while (same) {
        int ca = fgetc(fa), cb = fgetc(fb);
        same = ca == cb;
        if (ca == EOF || cb == EOF) {
            break;
        }
    }
    if (fa != NULL) {
        fclose(fa);
    }
    if (fb != NULL) {
        fclose(fb);
    }
    return same;
}

/* exists_same: 1 when the object exists holding size bytes (and, when the server gives its
 * CRC-64, the same CRC), 0 when not, -1 on error. */
static int exists_same(aos_string_t *object, int64_t size, uint64_t crc)
{
    oss_object_exist_status_e exist = OSS_OBJECT_UNKNOWN_EXIST;
    aos_table_t *resp_headers = NULL;
    aos_status_t *s = oss_does_object_exist(options, &bucket, object, NULL, &exist, &resp_headers);
    if (exist == OSS_OBJECT_NON_EXIST) {
        return 0;
    }
    if (!report("exists check of", object->data, s) || exist != OSS_OBJECT_EXIST) {
        return -1;
    }
    s = oss_head_object(options, &bucket, object, NULL, &resp_headers);
    if (!report("head of", object->data, s)) {
        return -1;
    }
    const char *len = apr_table_get(resp_headers, OSS_CONTENT_LENGTH);
    const char *srv_crc = apr_table_get(resp_headers, OSS_HASH_CRC64_ECMA);
    return len != NULL && aos_atoi64(len) == size && (srv_crc == NULL || aos_atoui64(srv_crc) == crc);
}

static int upload(aos_string_t *object, const char *path, int64_t size)
{
    aos_string_t file;
    aos_str_set(&file, path);
    aos_table_t *headers = aos_table_make(pool, 1);
    apr_table_set(headers, "x-oss-meta-source", "legacy_tool");
    aos_table_t *resp_headers = NULL;
    aos_status_t *s;
    if (size < SMALL_FILE) {
        s = oss_put_object_from_file(options, &bucket, object, &file, headers, &resp_headers);
        printf("put %s (%" PRId64 " bytes)\n", object->data, size);
    } else {
        aos_list_t resp_body;
        aos_list_init(&resp_body);
        oss_resumable_clt_params_t *params =
            oss_create_resumable_clt_params_content(pool, 512 * 1024, 3, AOS_TRUE, NULL);
        s = oss_resumable_upload_file(options, &bucket, object, &file, headers, NULL, params, NULL,
                                      &resp_headers, &resp_body);
        printf("resumable upload %s (%" PRId64 " bytes)\n", object->data, size);
    }
    return report("upload of", object->data, s);
}

/* listed_keys lists PREFIX page by page and counts which of keys[] it finds. */
static int listed_keys(const char *prefix, char **keys, int n)
{
    int found = 0, pages = 0;
    oss_list_object_params_t *params = oss_create_list_object_params(pool);
    aos_str_set(&params->prefix, prefix);
    params->max_ret = 2; /* small pages, so that paging is exercised */
    char *seen = calloc((size_t)n, 1);
    do {
        aos_list_init(&params->object_list);
        aos_list_init(&params->common_prefix_list);
        aos_table_t *resp_headers = NULL;
        aos_status_t *s = oss_list_object(options, &bucket, params, &resp_headers);
        if (!report("list of", prefix, s)) {
            free(seen);
            return -1;
        }
        pages++;
        oss_list_object_content_t *content;
        aos_list_for_each_entry(oss_list_object_content_t, content, &params->object_list, node) {
            for (int i = 0; i < n; i++) {
                if (!seen[i] && strcmp(content->key.data, keys[i]) == 0) {
                    seen[i] = 1;
                    found++;
                }
            }
        }
        params->marker = params->next_marker;
    } while (params->truncated && pages < 1000);
    free(seen);
    printf("listed %s: %d of %d objects in %d pages\n", prefix, found, n, pages);
    return found;
}

static int verify_file(aos_string_t *object, const char *path)
{
    char *copy = apr_psprintf(pool, "%s.download", path);
    aos_string_t file;
    aos_str_set(&file, copy);
    aos_table_t *resp_headers = NULL;
    aos_status_t *s = oss_get_object_to_file(options, &bucket, object, NULL, NULL, &file,
                                             &resp_headers);
    int ok = report("get of", object->data, s) && same_content(path, copy);
    remove(copy);
    printf("got %s back: %s\n", object->data, ok ? "same bytes" : "DIFFERENT");
    return ok;
}

int main(int argc, char *argv[])
{
    int keep = argc > 1 && strcmp(argv[1], "--keep") == 0;
    int arg = keep ? 2 : 1;
    if (argc - arg < 4 || argc - arg - 3 > MAX_FILES) {
        fprintf(stderr, "usage: legacy_tool [--keep] ENDPOINT BUCKET PREFIX FILE... (at most %d)\n",
                MAX_FILES);
        return 2;
    }
    const char *endpoint = argv[arg], *prefix = argv[arg + 2];
    char **files = argv + arg + 3;
    int nfiles = argc - arg - 3;

    if (aos_http_io_initialize("legacy_tool", 0) != AOSE_OK) {
        return 1;
    }
    aos_pool_create(&pool, NULL);
    options = oss_request_options_create(pool);
    options->config = oss_config_create(pool);
    aos_str_set(&options->config->endpoint, endpoint);
    aos_str_set(&options->config->access_key_id, getenv("OSS_ACCESS_KEY_ID"));
    aos_str_set(&options->config->access_key_secret, getenv("OSS_ACCESS_KEY_SECRET"));
    if (getenv("OSS_REGION") != NULL) {
        aos_str_set(&options->config->region, getenv("OSS_REGION"));
        options->config->signature_version = 4;
    }
    options->ctl = aos_http_controller_create(pool, 0);
    aos_str_set(&bucket, argv[arg + 1]);

    char *keys[MAX_FILES + 1] = {NULL};
    char *manifest = apr_pstrdup(pool, "");
    int failed = 0, verified = 0;
    for (int i = 0; i < nfiles && !failed; i++) {
        uint64_t crc;
        int64_t size = file_info(files[i], &crc);
        if (size < 0) {
            fprintf(stderr, "cannot read %s\n", files[i]);
            failed = 1;
            break;
        }
        keys[i] = apr_psprintf(pool, "%s%s", prefix, base_name(files[i]));
        manifest = apr_psprintf(pool, "%s%s %" PRId64 " %" PRIu64 "\n", manifest,
                                base_name(files[i]), size, crc);
        aos_string_t object;
        aos_str_set(&object, keys[i]);
        int exists = exists_same(&object, size, crc);
        if (exists > 0) {
            printf("exists %s (%" PRId64 " bytes), skipped\n", keys[i], size);
        } else if (exists < 0 || !upload(&object, files[i], size)) {
            failed = 1;
        }
    }

    /* The manifest, put from memory and read back into memory. */
    keys[nfiles] = apr_psprintf(pool, "%sMANIFEST", prefix);
    aos_string_t manifest_key;
    aos_str_set(&manifest_key, keys[nfiles]);
    if (!failed) {
        aos_list_t buffer;
        aos_list_init(&buffer);
        aos_list_add_tail(&aos_buf_pack(pool, manifest, (int)strlen(manifest))->node, &buffer);
        aos_table_t *resp_headers = NULL;
        aos_status_t *s = oss_put_object_from_buffer(options, &bucket, &manifest_key, &buffer, NULL,
                                                     &resp_headers);
        failed = !report("put of", keys[nfiles], s);
        printf("put %s from memory (%d bytes)\n", keys[nfiles], (int)strlen(manifest));
    }
    if (!failed && listed_keys(prefix, keys, nfiles + 1) != nfiles + 1) {
        failed = 1;
    }
    for (int i = 0; i < nfiles && !failed; i++) {
        aos_string_t object;
        aos_str_set(&object, keys[i]);
        if (verify_file(&object, files[i])) {
            verified++;
        } else {
            failed = 1;
        }
    }
    if (!failed) {
        aos_list_t buffer;
        aos_list_init(&buffer);
        aos_table_t *resp_headers = NULL;
        aos_status_t *s = oss_get_object_to_buffer(options, &bucket, &manifest_key, NULL, NULL,
                                                   &buffer, &resp_headers);
        char *got = report("get of", keys[nfiles], s) ? aos_buf_list_content(pool, &buffer) : NULL;
        failed = got == NULL || strcmp(got, manifest) != 0;
        printf("got %s back: %s\n", keys[nfiles], failed ? "DIFFERENT" : "same bytes");
    }

    if (!keep) {
        int deleted = 0;
        for (int i = 0; i <= nfiles; i++) {
            if (keys[i] == NULL) { /* never reached: nothing was uploaded for it */
                continue;
            }
            aos_string_t object;
            aos_str_set(&object, keys[i]);
            aos_table_t *resp_headers = NULL;
            aos_status_t *s = oss_delete_object(options, &bucket, &object, &resp_headers);
            if (report("delete of", keys[i], s)) {
                deleted++;
            } else {
                failed = 1;
            }
        }
        printf("deleted %d objects\n", deleted);
    }

    aos_pool_destroy(pool);
    aos_http_io_deinitialize();
    printf("legacy tool: %d of %d files verified%s\n", verified, nfiles, failed ? ", FAILED" : "");
    return failed ? 1 : 0;
}
