// The C entry points of the resumable download (issue 21): refuse what cannot even hold a
// status, then hand the call to Go, as upload.c does for the upload.

#include "sdk_download_bridge.h"

aos_status_t *oss_resumable_download_file_ex(oss_request_options_t *options,
                                             aos_string_t *bucket,
                                             aos_string_t *object,
                                             aos_string_t *filepath,
                                             aos_table_t *headers,
                                             aos_table_t *params,
                                             oss_resumable_clt_params_t *clt_params,
                                             oss_progress_callback_ex progress_callback,
                                             void *user_data,
                                             aos_table_t **resp_headers)
{
    (void)params; // accepted and ignored
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
    ossr_download_call call = {
        .options = options,
        .bucket = bucket,
        .object = object,
        .filepath = filepath,
        .headers = headers,
        .clt_params = clt_params,
        .progress = progress_callback,
        .user_data = user_data,
        .resp_headers = resp_headers,
        .status = s,
    };
    ossr_go_download(&call);
    return s;
}

aos_status_t *oss_resumable_download_file(oss_request_options_t *options,
                                          aos_string_t *bucket,
                                          aos_string_t *object,
                                          aos_string_t *filepath,
                                          aos_table_t *headers,
                                          aos_table_t *params,
                                          oss_resumable_clt_params_t *clt_params,
                                          oss_progress_callback progress_callback,
                                          aos_table_t **resp_headers)
{
    struct legacy_progress lp = {progress_callback};
    return oss_resumable_download_file_ex(options, bucket, object, filepath, headers, params,
            clt_params, progress_callback != NULL ? legacy_progress_adapter : NULL, &lp,
            resp_headers);
}
