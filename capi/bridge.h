// bridge.h: the calls between the C half and the Go half of the library. Only declarations:
// the Go files include it in their cgo preamble, and exports_check.c includes it together with
// cgo's _cgo_export.h so that a Go export whose signature drifts from these fails to compile.

#ifndef OSSRESUME_CAPI_BRIDGE_H
#define OSSRESUME_CAPI_BRIDGE_H

#include "internal.h"

// One oss_resumable_upload_file call, as the C entry point hands it to Go. The C side has
// checked that options, options->pool and status are not NULL; Go checks everything else.
typedef struct {
    oss_request_options_t *options;
    aos_string_t *bucket;
    aos_string_t *object;
    aos_string_t *filepath;
    aos_table_t *headers;
    aos_table_t *params; // read only for the OSSR_PARAM_* extensions
    oss_resumable_clt_params_t *clt_params;
    oss_progress_callback_ex progress;
    void *user_data;
    aos_table_t **resp_headers;
    aos_list_t *resp_body;
    aos_status_t *status; // filled by Go, allocated in options->pool
} ossr_upload_call;

// Go: runs the upload, calls the progress callback on this thread, fills call->status.
extern void ossr_go_upload(ossr_upload_call *call);

// Go: forgets the transports oss_resumable_upload_file calls share and closes their idle
// connections (aos_http_io_deinitialize).
extern void ossr_go_release_transports(void);

// Go: CRC-64/ECMA of n bytes at p continuing crc, and the combination of two CRCs.
extern uint64_t ossr_go_crc64(uint64_t crc, void *p, size_t n);
extern uint64_t ossr_go_crc64_combine(uint64_t crc1, uint64_t crc2, int64_t len2);

// C, for Go: replaces the contents of list with the one buffer b.
void ossr_set_body(aos_list_t *list, aos_buf_t *b);

// C, for Go: logs msg at AOS_LOG_WARN through the SDK's log.
void ossr_log_warn(const char *msg);

#endif
