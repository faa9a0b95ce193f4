// The C entries of the object and bucket calls (oss_api.h) and the constructors of their
// parameter structures (oss_util.h, aos_http_io.h): refuse what cannot even hold a status, then
// hand the call to Go in one ossr_obj_call.

#include "sdk_object_bridge.h"

static aos_status_t *run(ossr_obj_call *call)
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
    ossr_go_object(call);
    return call->status;
}

/* issue 20: objects */
aos_status_t *oss_put_object_from_buffer(const oss_request_options_t *options,
                                         const aos_string_t *bucket,
                                         const aos_string_t *object,
                                         aos_list_t *buffer,
                                         aos_table_t *headers,
                                         aos_table_t **resp_headers)
{
    ossr_obj_call call = {.op = OSSR_OBJ_PUT_BUFFER, .options = options, .bucket = bucket,
        .object = object, .buffer = buffer, .headers = headers, .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_put_object_from_file(const oss_request_options_t *options,
                                       const aos_string_t *bucket,
                                       const aos_string_t *object,
                                       const aos_string_t *filename,
                                       aos_table_t *headers,
                                       aos_table_t **resp_headers)
{
    ossr_obj_call call = {.op = OSSR_OBJ_PUT_FILE, .options = options, .bucket = bucket,
        .object = object, .filename = filename, .headers = headers, .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_get_object_to_buffer(const oss_request_options_t *options,
                                       const aos_string_t *bucket,
                                       const aos_string_t *object,
                                       aos_table_t *headers,
                                       aos_table_t *params,
                                       aos_list_t *buffer,
                                       aos_table_t **resp_headers)
{
    ossr_obj_call call = {.op = OSSR_OBJ_GET_BUFFER, .options = options, .bucket = bucket,
        .object = object, .headers = headers, .params = params, .buffer = buffer,
        .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_get_object_to_file(const oss_request_options_t *options,
                                     const aos_string_t *bucket,
                                     const aos_string_t *object,
                                     aos_table_t *headers,
                                     aos_table_t *params,
                                     aos_string_t *filename,
                                     aos_table_t **resp_headers)
{
    ossr_obj_call call = {.op = OSSR_OBJ_GET_FILE, .options = options, .bucket = bucket,
        .object = object, .headers = headers, .params = params, .filename = filename,
        .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_head_object(const oss_request_options_t *options,
                              const aos_string_t *bucket,
                              const aos_string_t *object,
                              aos_table_t *headers,
                              aos_table_t **resp_headers)
{
    ossr_obj_call call = {.op = OSSR_OBJ_HEAD, .options = options, .bucket = bucket,
        .object = object, .headers = headers, .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_does_object_exist(const oss_request_options_t *options,
                                    const aos_string_t *bucket,
                                    const aos_string_t *object,
                                    aos_table_t *headers,
                                    oss_object_exist_status_e *object_exist,
                                    aos_table_t **resp_headers)
{
    if (object_exist != NULL) {
        *object_exist = OSS_OBJECT_UNKNOWN_EXIST; // until a HEAD says otherwise
    }
    ossr_obj_call call = {.op = OSSR_OBJ_EXIST, .options = options, .bucket = bucket,
        .object = object, .headers = headers, .exist = object_exist,
        .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_delete_object(const oss_request_options_t *options,
                                const aos_string_t *bucket,
                                const aos_string_t *object,
                                aos_table_t **resp_headers)
{
    ossr_obj_call call = {.op = OSSR_OBJ_DELETE, .options = options, .bucket = bucket,
        .object = object, .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_copy_object(const oss_request_options_t *options,
                              const aos_string_t *source_bucket,
                              const aos_string_t *source_object,
                              const aos_string_t *dest_bucket,
                              const aos_string_t *dest_object,
                              aos_table_t *headers,
                              aos_table_t **resp_headers)
{
    ossr_obj_call call = {.op = OSSR_OBJ_COPY, .options = options,
        .source_bucket = source_bucket, .source_object = source_object, .bucket = dest_bucket,
        .object = dest_object, .headers = headers, .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_list_object(const oss_request_options_t *options,
                              const aos_string_t *bucket,
                              oss_list_object_params_t *params,
                              aos_table_t **resp_headers)
{
    ossr_obj_call call = {.op = OSSR_OBJ_LIST, .options = options, .bucket = bucket,
        .list_objects = params, .resp_headers = resp_headers};
    return run(&call);
}

char *oss_gen_signed_url(const oss_request_options_t *options,
                         const aos_string_t *bucket,
                         const aos_string_t *object,
                         int64_t expires,
                         aos_http_request_t *req)
{
    // No status reaches the caller: Go logs why a URL was refused, and the answer is NULL.
    ossr_obj_call call = {.op = OSSR_OBJ_SIGNED_URL, .options = options, .bucket = bucket,
        .object = object, .expires = expires, .req = req};
    aos_status_t *s = run(&call);
    return aos_status_is_ok(s) ? call.url : NULL;
}

oss_list_object_params_t *oss_create_list_object_params(aos_pool_t *p)
{
    oss_list_object_params_t *params = ossr_pcalloc(p, sizeof(*params));
    if (params == NULL) {
        return NULL;
    }
    aos_str_set(&params->prefix, "");
    aos_str_set(&params->marker, "");
    aos_str_set(&params->delimiter, "");
    aos_str_set(&params->next_marker, "");
    params->max_ret = OSS_PER_RET_NUM;
    params->truncated = 1;
    aos_list_init(&params->object_list);
    aos_list_init(&params->common_prefix_list);
    return params;
}

oss_list_object_content_t *oss_create_list_object_content(aos_pool_t *p)
{
    oss_list_object_content_t *c = ossr_pcalloc(p, sizeof(*c));
    if (c != NULL) {
        aos_list_init(&c->node);
    }
    return c;
}

oss_list_object_common_prefix_t *oss_create_list_object_common_prefix(aos_pool_t *p)
{
    oss_list_object_common_prefix_t *c = ossr_pcalloc(p, sizeof(*c));
    if (c != NULL) {
        aos_list_init(&c->node);
    }
    return c;
}

aos_http_request_t *aos_http_request_create(aos_pool_t *p)
{
    aos_http_request_t *req = ossr_pcalloc(p, sizeof(*req));
    if (req == NULL) {
        return NULL;
    }
    req->method = HTTP_GET;
    req->headers = ossr_table_make(p, 5);
    req->query_params = ossr_table_make(p, 3);
    if (req->headers == NULL || req->query_params == NULL) {
        return NULL;
    }
    aos_list_init(&req->body);
    req->pool = p;
    return req;
}
/* end issue 20: objects */

/* issue 20: buckets */
aos_status_t *oss_create_bucket(const oss_request_options_t *options,
                                const aos_string_t *bucket,
                                oss_acl_e oss_acl,
                                aos_table_t **resp_headers)
{
    ossr_obj_call call = {.op = OSSR_BUCKET_CREATE, .options = options, .bucket = bucket,
        .acl = (int)oss_acl, .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_delete_bucket(const oss_request_options_t *options,
                                const aos_string_t *bucket,
                                aos_table_t **resp_headers)
{
    ossr_obj_call call = {.op = OSSR_BUCKET_DELETE, .options = options, .bucket = bucket,
        .resp_headers = resp_headers};
    return run(&call);
}

aos_status_t *oss_list_bucket(const oss_request_options_t *options,
                              oss_list_buckets_params_t *params,
                              aos_table_t **resp_headers)
{
    ossr_obj_call call = {.op = OSSR_BUCKET_LIST, .options = options,
        .list_buckets = params, .resp_headers = resp_headers};
    return run(&call);
}

oss_list_buckets_params_t *oss_create_list_buckets_params(aos_pool_t *p)
{
    oss_list_buckets_params_t *params = ossr_pcalloc(p, sizeof(*params));
    if (params == NULL) {
        return NULL;
    }
    aos_str_set(&params->prefix, "");
    aos_str_set(&params->marker, "");
    aos_str_set(&params->next_marker, "");
    aos_str_set(&params->owner_id, "");
    aos_str_set(&params->owner_name, "");
    params->max_keys = 100;
    params->truncated = 1;
    aos_list_init(&params->bucket_list);
    return params;
}

oss_list_bucket_content_t *oss_create_list_bucket_content(aos_pool_t *p)
{
    oss_list_bucket_content_t *c = ossr_pcalloc(p, sizeof(*c));
    if (c != NULL) {
        aos_list_init(&c->node);
    }
    return c;
}
/* end issue 20: buckets */
