// internal.h: what the C files of the library share and the Go side calls; not installed.

#ifndef OSSRESUME_CAPI_INTERNAL_H
#define OSSRESUME_CAPI_INTERNAL_H

#include "aos_http_io.h"
#include "oss_api.h"

// ossr_static_status is a status with static lifetime, for when no pool can hold one.
aos_status_t *ossr_static_status(int which);

enum {
    OSSR_STATIC_NO_OPTIONS,
    OSSR_STATIC_NO_POOL,
    OSSR_STATIC_BUCKET_INVALID,
    OSSR_STATIC_OUT_OF_MEMORY,
};

// ossr_user_agent_info is the suffix aos_http_io_initialize was given, "" before.
const char *ossr_user_agent_info(void);

// ossr_progress_call runs the C progress callback; the Go side calls it on the caller's thread.
int ossr_progress_call(oss_progress_callback_ex fn, void *user_data, int64_t consumed, int64_t total);

// The official progress callback cannot cancel and takes no user data, so the resumable upload
// and download hand it to their extended forms as legacy_progress_adapter with a struct
// legacy_progress as the user data (upload.c).
struct legacy_progress {
    oss_progress_callback fn;
};
int legacy_progress_adapter(int64_t consumed, int64_t total, void *user_data);

#endif
