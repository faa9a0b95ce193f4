// sdk_multipart_bridge.h: the calls between the C entries of the manual multipart calls
// (sdk_multipart.c) and their Go half (sdk_multipart.go). Only declarations: sdk_multipart.go
// includes it in its cgo preamble and sdk_multipart_check.c includes it with cgo's
// _cgo_export.h, so a Go export that drifts from these fails the build.

#ifndef OSSRESUME_CAPI_SDK_MULTIPART_BRIDGE_H
#define OSSRESUME_CAPI_SDK_MULTIPART_BRIDGE_H

#include "internal.h"

// Which call an ossr_mp_call is.
enum {
    OSSR_MP_INIT = 1,
    OSSR_MP_PART_FROM_BUFFER,
    OSSR_MP_PART_FROM_FILE,
    OSSR_MP_LIST_PARTS,
    OSSR_MP_COMPLETE,
    OSSR_MP_ABORT,
    OSSR_MP_LIST_UPLOADS,
    OSSR_MP_UPLOAD_FILE,
};

// One manual multipart call as the C entry hands it to Go; each call sets the fields its
// official signature has and leaves the others NULL. The C side has checked that options,
// options->pool and status are not NULL; Go checks everything else.
typedef struct {
    int op;
    const oss_request_options_t *options;
    const aos_string_t *bucket;
    const aos_string_t *object;
    aos_string_t *upload_id;   // in (all but INIT), out (INIT, UPLOAD_FILE when data is NULL)
    int part_num;
    aos_list_t *buffer;        // PART_FROM_BUFFER
    oss_upload_file_t *upload_file; // PART_FROM_FILE
    oss_list_upload_part_params_t *list_parts;       // LIST_PARTS
    oss_list_multipart_upload_params_t *list_uploads; // LIST_UPLOADS
    aos_list_t *part_list;     // COMPLETE
    aos_string_t *filename;    // UPLOAD_FILE
    int64_t part_size;         // UPLOAD_FILE
    aos_table_t *headers;
    aos_table_t **resp_headers;
    aos_status_t *status;      // filled by Go, allocated in options->pool
} ossr_mp_call;

// Go: runs the call and fills call->status (and the call's outputs).
extern void ossr_go_multipart(ossr_mp_call *call);

// C, for Go: adds node at list's tail (aos_list_add_tail is an inline function).
void ossr_list_append(aos_list_t *node, aos_list_t *list);

#endif
