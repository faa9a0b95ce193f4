// sdk_object_bridge.h: the calls between the C entries of the object and bucket calls
// (sdk_object.c) and their Go half (sdk_object*.go, sdk_bucket.go, sdk_signed_url.go). Only
// declarations: the Go files include it in their cgo preamble and sdk_object_check.c includes
// it with cgo's _cgo_export.h, so a Go export that drifts from these fails the build.

#ifndef OSSRESUME_CAPI_SDK_OBJECT_BRIDGE_H
#define OSSRESUME_CAPI_SDK_OBJECT_BRIDGE_H

#include "internal.h"

// Which call an ossr_obj_call is.
enum {
    OSSR_OBJ_PUT_BUFFER = 1,
    OSSR_OBJ_PUT_FILE,
    OSSR_OBJ_GET_BUFFER,
    OSSR_OBJ_GET_FILE,
    OSSR_OBJ_HEAD,
    OSSR_OBJ_EXIST,
    OSSR_OBJ_DELETE,
    OSSR_OBJ_COPY,
    OSSR_OBJ_LIST,
    OSSR_OBJ_SIGNED_URL,
    OSSR_BUCKET_CREATE,
    OSSR_BUCKET_DELETE,
    OSSR_BUCKET_LIST,
};

// One object or bucket call as the C entry hands it to Go; each call sets the fields its
// official signature has and leaves the others NULL. The C side has checked that options,
// options->pool and status are not NULL; Go checks everything else.
typedef struct {
    int op;
    const oss_request_options_t *options;
    const aos_string_t *bucket;        // the destination's for COPY
    const aos_string_t *object;
    const aos_string_t *source_bucket; // COPY
    const aos_string_t *source_object; // COPY
    const aos_string_t *filename;      // PUT_FILE, GET_FILE
    aos_list_t *buffer;                // PUT_BUFFER (in), GET_BUFFER (out)
    aos_table_t *headers;
    aos_table_t *params;               // GET_*: query parameters
    oss_list_object_params_t *list_objects;  // LIST
    oss_list_buckets_params_t *list_buckets; // BUCKET_LIST
    oss_object_exist_status_e *exist;  // EXIST
    int acl;                           // BUCKET_CREATE: an oss_acl_e
    int64_t expires;                   // SIGNED_URL: seconds since the epoch
    aos_http_request_t *req;           // SIGNED_URL
    char *url;                         // SIGNED_URL: out, in options->pool
    aos_table_t **resp_headers;
    aos_status_t *status;              // filled by Go, allocated in options->pool
} ossr_obj_call;

// Go: runs the call and fills call->status (and the call's outputs).
extern void ossr_go_object(ossr_obj_call *call);

// C (sdk_multipart.c), for Go: adds node at list's tail (aos_list_add_tail is an inline).
void ossr_list_append(aos_list_t *node, aos_list_t *list);

#endif
