/**
 * @file oss_api.h
 * @brief Resumable upload, compatible with the official OSS C SDK's oss_resumable_upload_file,
 *        plus an extended form whose progress callback carries user data and can cancel.
 *
 * Link with -lossresume only. Start the library with aos_http_io_initialize before the first
 * call. Both calls block the calling thread until the upload finishes, fails or is cancelled;
 * the parts travel on the library's own threads, and the progress callback runs on the calling
 * thread, never concurrently with itself. Two calls may run at once from different threads
 * provided they use different options objects (pools are not thread-safe).
 */
#ifndef OSSRESUME_OSS_API_H
#define OSSRESUME_OSS_API_H

#include "aos_define.h"
#include "aos_buf.h"
#include "aos_list.h"
#include "aos_log.h"
#include "aos_status.h"
#include "aos_string.h"
#include "aos_transport.h"
#include "aos_util.h"
#include "oss_define.h"
#include "oss_util.h"

OSS_CPP_START

/**
 * @brief Uploads a local file as one object through a multipart upload, resuming an earlier,
 *        interrupted upload of the same file when checkpointing is on.
 *
 * @param options   config, controller and the pool every result is allocated in. Required.
 * @param bucket    bucket name (3-63 of [a-z0-9-], not starting or ending with '-').
 * @param object    object key, 1-1023 bytes.
 * @param filepath  local file path.
 * @param headers   optional request headers for the object (Content-Type, x-oss-meta-*,
 *                  x-oss-tagging, x-oss-object-acl, x-oss-callback, x-oss-callback-var, ...).
 *                  Sent on Initiate; x-oss-callback* go to Complete. Content-Type defaults to
 *                  the type of the object key's extension. The table is read, never modified,
 *                  so it can be reused for another call.
 * @param params    accepted and ignored (as in the official SDK).
 * @param clt_params part size, threads and checkpointing; see oss_resumable_clt_params_t.
 * @param progress_callback optional; called on the calling thread with the bytes of completed
 *                  parts and the file size, increasing, ending at exactly the size on success.
 * @param resp_headers optional; on success receives Complete's response headers (a table
 *                  in options->pool, valid until that pool is destroyed); left as it was
 *                  otherwise.
 * @param resp_body optional, initialised by the caller; on success its contents are replaced
 *                  by Complete's response body (the CompleteMultipartUploadResult XML, or the
 *                  callback server's reply with x-oss-callback; for an empty file, PutObject's),
 *                  as one aos_buf_t allocated in options->pool.
 *
 * @return a status, never NULL, allocated in options->pool (or static when options or its pool
 *         is NULL). 200 on success. Otherwise: the server's HTTP status, error code, message and
 *         request id; -994 "BucketNameInvalidError" for a bad bucket name; -994 "ClientError"
 *         for any other bad argument (NULL included), named in error_msg; a positive errno with
 *         "OpenFileFail" for a file that cannot be opened; -998/-990/-992 "HttpIoError" for a
 *         refused connection, a failed name lookup or a stalled transfer; -978
 *         "InconsistentError" when a CRC-64 disagrees; -996 "ClientError" for an internal
 *         failure. Bad arguments are refused before any network traffic.
 *
 * Unlike the official SDK: failed requests are retried; the checkpoint is kept until Complete
 * succeeds; an upload id that the server no longer knows, or a checkpoint that no longer
 * matches the file, starts a fresh upload and the old one is aborted; req_id is filled.
 */
aos_status_t *oss_resumable_upload_file(oss_request_options_t *options,
                                        aos_string_t *bucket,
                                        aos_string_t *object,
                                        aos_string_t *filepath,
                                        aos_table_t *headers,
                                        aos_table_t *params,
                                        oss_resumable_clt_params_t *clt_params,
                                        oss_progress_callback progress_callback,
                                        aos_table_t **resp_headers,
                                        aos_list_t *resp_body);

/**
 * Progress with user data: return 0 to go on, non-zero to cancel the upload. A cancelled upload
 * returns AOSE_ABORT_CALLBACK (-997) with error code "ClientError"; with checkpointing on, the
 * checkpoint is kept and a later call resumes.
 */
typedef int (*oss_progress_callback_ex)(int64_t consumed_bytes, int64_t total_bytes,
                                        void *user_data);

/**
 * @brief oss_resumable_upload_file with a progress callback that receives @p user_data and can
 *        cancel; the other parameters and the result are the same.
 * @param progress_callback optional; called on the calling thread, never concurrently.
 * @param user_data passed to @p progress_callback untouched.
 */
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
                                           aos_list_t *resp_body);

OSS_CPP_END

#endif /* OSSRESUME_OSS_API_H */
