// The C entries of the manual multipart calls (oss_api.h) and the constructors of their
// parameter structures (oss_util.h): refuse what cannot even hold a status, then hand the call
// to Go (sdk_multipart.go) in one ossr_mp_call.

#include "sdk_multipart_bridge.h"

static aos_status_t *run(ossr_mp_call *call)
{
    if (call->options == NULL) {
        return ossr_static_status(OSSR_STATIC_NO_OPTIONS);
    }
    if (call->options->pool == NULL) {
        return ossr_static_status(OSSR_STATIC_NO_POOL);
    }
    call->status = aos_status_create(call->options->pool);
    if (call->status == NULL) {
        return ossr_static_status(OSSR_STATIC_OUT_OF_MEMORY);
    }
    ossr_go_multipart(call);
    return call->status;
}

aos_status_t *oss_init_multipart_upload(const oss_request_options_t *options,
                                        const aos_string_t *bucket,
                                        const aos_string_t *object,
                                        aos_string_t *upload_id,
                                        aos_table_t *headers,
                                        aos_table_t **resp_headers)
{
    ossr_mp_call call = {.op = OSSR_MP_INIT, .options = options, .bucket = bucket,
        .object = object, .upload_id = upload_id, .headers = headers,
        .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_upload_part_from_buffer(const oss_request_options_t *options,
                                          const aos_string_t *bucket,
                                          const aos_string_t *object,
                                          const aos_string_t *upload_id,
                                          int part_num,
                                          aos_list_t *buffer,
                                          aos_table_t **resp_headers)
{
    ossr_mp_call call = {.op = OSSR_MP_PART_FROM_BUFFER, .options = options, .bucket = bucket,
        .object = object, .upload_id = (aos_string_t *)(uintptr_t)upload_id,
        .part_num = part_num, .buffer = buffer, .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_upload_part_from_file(const oss_request_options_t *options,
                                        const aos_string_t *bucket,
                                        const aos_string_t *object,
                                        const aos_string_t *upload_id,
                                        int part_num,
                                        oss_upload_file_t *upload_file,
                                        aos_table_t **resp_headers)
{
    ossr_mp_call call = {.op = OSSR_MP_PART_FROM_FILE, .options = options, .bucket = bucket,
        .object = object, .upload_id = (aos_string_t *)(uintptr_t)upload_id,
        .part_num = part_num, .upload_file = upload_file, .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_list_upload_part(const oss_request_options_t *options,
                                   const aos_string_t *bucket,
                                   const aos_string_t *object,
                                   const aos_string_t *upload_id,
                                   oss_list_upload_part_params_t *params,
                                   aos_table_t **resp_headers)
{
    ossr_mp_call call = {.op = OSSR_MP_LIST_PARTS, .options = options, .bucket = bucket,
        .object = object, .upload_id = (aos_string_t *)(uintptr_t)upload_id,
        .list_parts = params, .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_complete_multipart_upload(const oss_request_options_t *options,
                                            const aos_string_t *bucket,
                                            const aos_string_t *object,
                                            const aos_string_t *upload_id,
                                            aos_list_t *part_list,
                                            aos_table_t *headers,
                                            aos_table_t **resp_headers)
{
    ossr_mp_call call = {.op = OSSR_MP_COMPLETE, .options = options, .bucket = bucket,
        .object = object, .upload_id = (aos_string_t *)(uintptr_t)upload_id,
        .part_list = part_list, .headers = headers, .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_abort_multipart_upload(const oss_request_options_t *options,
                                         const aos_string_t *bucket,
                                         const aos_string_t *object,
                                         aos_string_t *upload_id,
                                         aos_table_t **resp_headers)
{
    ossr_mp_call call = {.op = OSSR_MP_ABORT, .options = options, .bucket = bucket,
        .object = object, .upload_id = upload_id, .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_list_multipart_upload(const oss_request_options_t *options,
                                        const aos_string_t *bucket,
                                        oss_list_multipart_upload_params_t *params,
                                        aos_table_t **resp_headers)
{
    ossr_mp_call call = {.op = OSSR_MP_LIST_UPLOADS, .options = options, .bucket = bucket,
        .list_uploads = params, .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_upload_file(oss_request_options_t *options,
                              const aos_string_t *bucket,
                              const aos_string_t *object,
                              aos_string_t *upload_id,
                              aos_string_t *filename,
                              int64_t part_size,
                              aos_table_t *headers)
{
    ossr_mp_call call = {.op = OSSR_MP_UPLOAD_FILE, .options = options, .bucket = bucket,
        .object = object, .upload_id = upload_id, .filename = filename,
        .part_size = part_size, .headers = headers};
    return run(&call);
}

oss_upload_file_t *oss_create_upload_file(aos_pool_t *p)
{
    return ossr_pcalloc(p, sizeof(oss_upload_file_t));
}

oss_complete_part_content_t *oss_create_complete_part_content(aos_pool_t *p)
{
    oss_complete_part_content_t *c = ossr_pcalloc(p, sizeof(*c));
    if (c != NULL) {
        aos_list_init(&c->node);
    }
    return c;
}

oss_list_upload_part_params_t *oss_create_list_upload_part_params(aos_pool_t *p)
{
    oss_list_upload_part_params_t *params = ossr_pcalloc(p, sizeof(*params));
    if (params == NULL) {
        return NULL;
    }
    aos_list_init(&params->part_list);
    aos_str_set(&params->part_number_marker, "");
    params->max_ret = OSS_PER_RET_NUM;
    params->truncated = 1;
    return params;
}

oss_list_multipart_upload_params_t *oss_create_list_multipart_upload_params(aos_pool_t *p)
{
    oss_list_multipart_upload_params_t *params = ossr_pcalloc(p, sizeof(*params));
    if (params == NULL) {
        return NULL;
    }
    aos_list_init(&params->upload_list);
    aos_str_set(&params->prefix, "");
    aos_str_set(&params->key_marker, "");
    aos_str_set(&params->upload_id_marker, "");
    aos_str_set(&params->delimiter, "");
    params->max_ret = OSS_PER_RET_NUM;
    params->truncated = 1;
    return params;
}

// ossr_list_append adds node at list's tail, for Go (aos_list_add_tail is an inline).
void ossr_list_append(aos_list_t *node, aos_list_t *list)
{
    aos_list_add_tail(node, list);
}
