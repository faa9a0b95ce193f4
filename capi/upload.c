// The C entry points of the resumable upload: refuse what cannot even hold a status, then hand
// the call to Go.

#include "bridge.h"

aos_status_t *oss_resumable_upload_file_ex(oss_request_options_t *options,
                                           aos_string_t *bucket,
                                           aos_string_t *object,
                                           aos_string_t *filepath,
                                           aos_table_t *headers,
                                           aos_table_t *params,
                                           oss_resumable_clt_params_t *clt_params,
                                           oss_progress_callback_ex progress_callback,
                                           void *user_data,
                                           aos_table_t **resp_headers,
                                           aos_list_t *resp_body)
{
    if (options == NULL) {
        return ossr_static_status(OSSR_STATIC_NO_OPTIONS);
    }
    if (options->pool == NULL) {
        return ossr_static_status(OSSR_STATIC_NO_POOL);
    }
    aos_status_t *s = aos_status_create(options->pool);
    if (s == NULL) {
        return ossr_static_status(OSSR_STATIC_OUT_OF_MEMORY);
    }
    ossr_upload_call call = {
        .options = options,
        .bucket = bucket,
        .object = object,
        .filepath = filepath,
        .headers = headers,
        .params = params, // ignored but for the OSSR_PARAM_* extensions (oss_api.h)
        .clt_params = clt_params,
        .progress = progress_callback,
        .user_data = user_data,
        .resp_headers = resp_headers,
        .resp_body = resp_body,
        .status = s,
    };
    ossr_go_upload(&call);
    return s;
}

int legacy_progress_adapter(int64_t consumed, int64_t total, void *user_data)
{
    struct legacy_progress *lp = user_data;
    lp->fn(consumed, total);
    return 0;
}

aos_status_t *oss_resumable_upload_file(oss_request_options_t *options,
                                        aos_string_t *bucket,
                                        aos_string_t *object,
                                        aos_string_t *filepath,
                                        aos_table_t *headers,
                                        aos_table_t *params,
                                        oss_resumable_clt_params_t *clt_params,
                                        oss_progress_callback progress_callback,
                                        aos_table_t **resp_headers,
                                        aos_list_t *resp_body)
{
    struct legacy_progress lp = {progress_callback};
    return oss_resumable_upload_file_ex(options, bucket, object, filepath, headers, params,
            clt_params, progress_callback != NULL ? legacy_progress_adapter : NULL, &lp,
            resp_headers, resp_body);
}

int ossr_progress_call(oss_progress_callback_ex fn, void *user_data, int64_t consumed,
                       int64_t total)
{
    return fn(consumed, total, user_data);
}

void ossr_set_body(aos_list_t *list, aos_buf_t *b)
{
    aos_list_t fresh;
    aos_list_init(&fresh);
    aos_list_add_tail(&b->node, &fresh);
    aos_list_movelist(&fresh, list);
}

uint64_t aos_crc64(uint64_t crc, void *buf, size_t len)
{
    if (buf == NULL || len == 0) {
        return crc;
    }
    return ossr_go_crc64(crc, buf, len);
}

uint64_t aos_crc64_combine(uint64_t crc1, uint64_t crc2, uintmax_t len2)
{
    if (len2 > INT64_MAX) {
        return 0;
    }
    return ossr_go_crc64_combine(crc1, crc2, (int64_t)len2);
}
