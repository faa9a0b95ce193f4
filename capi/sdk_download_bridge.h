// sdk_download_bridge.h: the call between the C entries of the resumable download
// (sdk_download.c) and its Go half (sdk_download.go). Only declarations: sdk_download_check.c
// includes it with cgo's _cgo_export.h, so a Go export that drifts from it fails the build.

#ifndef OSSRESUME_CAPI_SDK_DOWNLOAD_BRIDGE_H
#define OSSRESUME_CAPI_SDK_DOWNLOAD_BRIDGE_H

#include "internal.h"

// One oss_resumable_download_file call, as the C entry hands it to Go. The C side has checked
// that options, options->pool and status are not NULL; Go checks everything else.
typedef struct {
    oss_request_options_t *options;
    aos_string_t *bucket;
    aos_string_t *object;
    aos_string_t *filepath;
    aos_table_t *headers;
    oss_resumable_clt_params_t *clt_params;
    oss_progress_callback_ex progress;
    void *user_data;
    aos_table_t **resp_headers;
    aos_status_t *status; // filled by Go, allocated in options->pool
} ossr_download_call;

// Go: runs the download, calls the progress callback on this thread, fills call->status.
extern void ossr_go_download(ossr_download_call *call);

#endif
