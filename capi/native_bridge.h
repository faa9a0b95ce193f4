// native_bridge.h: the calls between the C entry points of ossresume.h (native*.c) and their Go
// half (native_*.go). Only declarations: the Go files include it in their cgo preamble and
// native_check.c includes it with cgo's _cgo_export.h, so signature drift fails the build.
//
// The public functions live in C so that the fork guard and ossr_upload_cancel run without
// entering Go: after fork() the Go runtime is gone, and a signal handler must not call Go.

#ifndef OSSRESUME_CAPI_NATIVE_BRIDGE_H
#define OSSRESUME_CAPI_NATIVE_BRIDGE_H

#include <stdint.h>

#include "ossresume.h"

// Go: the halves of the public functions. Options arrive as full-size copies (native.c pads a
// shorter caller struct with zeros); handles are runtime/cgo handles.
extern int ossrgo_client_new(ossr_client_options *opts, uintptr_t *handle, ossr_error **err);
extern void ossrgo_client_free(uintptr_t client);
extern int ossrgo_upload_file(uintptr_t client, ossr_upload_options *opts, ossr_progress_fn progress,
                              void *user_data, ossr_result **res, ossr_error **err);
extern int ossrgo_upload_start(uintptr_t client, ossr_upload_options *opts, ossr_upload *up,
                               uintptr_t *handle, ossr_error **err);
extern int ossrgo_upload_progress(uintptr_t up, int64_t *done, int64_t *total, int *finished);
extern int ossrgo_upload_wait(uintptr_t up, int timeout_ms, ossr_result **res, ossr_error **err);
extern int ossrgo_upload_progress_wait(uintptr_t up, int timeout_ms, int64_t *done, int64_t *total,
                                       int *finished);
extern void ossrgo_upload_free(uintptr_t up);
extern int ossrgo_upload_state(uintptr_t up, ossr_result **res, ossr_error **err);
// ossr_list_parts, ossr_list_uploads (a = prefix, b = NULL) and ossr_abort_upload, by op.
enum { OSSRN_OP_LIST_PARTS = 1, OSSRN_OP_LIST_UPLOADS = 2, OSSRN_OP_ABORT = 3 };
// (char *, as cgo declares Go's *C.char; the strings are only read.)
extern int ossrgo_multipart_op(uintptr_t client, int op, char *bucket, char *a, char *b,
                               ossr_result **res, ossr_error **err);
extern int ossrgo_client_set_credentials(uintptr_t client, char *id, char *secret, char *token,
                                         ossr_error **err);

// issue 21: download. ossr_download_progress, _progress_wait, _wait and _free use the upload's
// Go halves above: a download handle's Go half is the same kind of run.
extern int ossrgo_download_file(uintptr_t client, ossr_download_options *opts, ossr_progress_fn progress,
                                void *user_data, ossr_result **res, ossr_error **err);
extern int ossrgo_download_start(uintptr_t client, ossr_download_options *opts, ossr_download *dl,
                                 uintptr_t *handle, ossr_error **err);
// C, for Go: whether ossr_download_cancel (or ossr_download_free) was called on dl.
int ossrn_download_cancel_requested(ossr_download *dl);
// issue 21: download (end)

// C, for Go: calls the user's progress callback (on the thread Go calls it from).
int ossrn_call_progress(ossr_progress_fn fn, int64_t done, int64_t total, void *user_data);

// C, for Go: whether ossr_upload_cancel (or ossr_upload_free) was called on up.
int ossrn_cancel_requested(ossr_upload *up);

// C, for Go and C: a new error with every string set ("" for absent ones); NULL when out of
// memory. Strings are copied.
ossr_error *ossrn_error_new(int code, const char *error_code, const char *field, const char *message);

#endif
