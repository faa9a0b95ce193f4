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

/* issue 15: part SHA-256 */
/**
 * An extension knob in oss_resumable_upload_file's params table, which the official SDK ignores
 * (so a program that sets it still runs there, without the fingerprint): set to "1" or "true",
 * each part's SHA-256 is computed in the pass that sends it and kept in the checkpoint record
 * as a cryptographic fingerprint of the part's bytes, and a resume after the file's identity
 * changed re-checks recorded parts by it as well as by CRC-64. It costs about as much CPU as
 * the rest of the upload. "0", "false" or no entry: CRC-64 alone, the default (each part's
 * CRC-64 is checked against the server's, recorded and used on resume). Any other value is
 * refused (-994 ClientError naming params) before any request.
 *   aos_table_t *params = aos_table_make(pool, 1);
 *   apr_table_set(params, OSSR_PARAM_PART_SHA256, "1");
 */
#define OSSR_PARAM_PART_SHA256 "ossresume-part-sha256"
/* end issue 15: part SHA-256 */

/**
 * @brief Uploads a local file as one object through a multipart upload, resuming an earlier,
 *        interrupted upload of the same file when checkpointing is on. A file that fits in
 *        one part goes as one PutObject instead (CRC-64 checked the same way; one request
 *        where the official SDK sends three, with nothing to resume and no checkpoint written).
 *
 * @param options   config, controller and the pool every result is allocated in. Required.
 * @param bucket    bucket name (3-63 of [a-z0-9-], not starting or ending with '-').
 * @param object    object key, 1-1023 bytes.
 * @param filepath  local file path.
 * @param headers   optional request headers for the object (Content-Type, x-oss-meta-*,
 *                  x-oss-tagging, x-oss-object-acl, x-oss-callback, x-oss-callback-var, ...).
 *                  Sent on Initiate (or the PutObject); x-oss-callback* go to Complete.
 *                  Content-Type defaults to the type of the object key's extension. The table
 *                  is read, never modified, so it can be reused for another call.
 * @param params    optional; ignored as in the official SDK, but for this library's one
 *                  extension: OSSR_PARAM_PART_SHA256 (above).
 * @param clt_params part size, threads and checkpointing; see oss_resumable_clt_params_t.
 * @param progress_callback optional; called on the calling thread with the bytes of completed
 *                  parts and the file size, increasing, ending at exactly the size on success.
 * @param resp_headers optional; on success receives Complete's (or the PutObject's) response
 *                  headers (a table in options->pool, valid until that pool is destroyed);
 *                  left as it was otherwise.
 * @param resp_body optional, initialised by the caller; on success its contents are replaced
 *                  by Complete's response body (the CompleteMultipartUploadResult XML, or the
 *                  callback server's reply with x-oss-callback; for a file that fits in one
 *                  part, the PutObject's: empty, or the callback server's reply), as one
 *                  aos_buf_t allocated in options->pool.
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

/* issue 20: multipart */
/*
 * The manual multipart calls, with the official SDK's signatures. Common to all of them:
 * - They block the calling thread for one request (oss_upload_file: one per part, plus
 *   Initiate or ListParts and Complete), each bounded by the controller's connect timeout and
 *   low-speed limit; nothing is retried, as in the official SDK.
 * - The result is a status allocated in options->pool (static when options or its pool is
 *   NULL), never NULL: the HTTP status on success (200, or 204 for an abort); otherwise as
 *   oss_resumable_upload_file's (the server's status, error code, message and request id; -994
 *   "BucketNameInvalidError", "ObjectNameInvalidError" or "ClientError" naming the bad
 *   argument, NULL included, before any traffic; -998/-990/-992 "HttpIoError"; -978
 *   "InconsistentError"). req_id is the server's request id, "" when none answered.
 * - resp_headers, when not NULL, always receives a table in options->pool: the response's
 *   headers on success; on failure, x-oss-request-id when the server answered.
 * - Everything returned (upload ids, list entries and their text) is allocated in
 *   options->pool and stays valid until that pool is destroyed. Input tables, lists and
 *   buffers are read, never modified.
 */

/**
 * @brief Starts a multipart upload (InitiateMultipartUpload).
 * @param upload_id receives the new upload id (text in options->pool). Required.
 * @param headers optional object headers (Content-Type, x-oss-meta-*, x-oss-object-acl, ...);
 *        Content-Type defaults to the type of the object key's extension.
 */
aos_status_t *oss_init_multipart_upload(const oss_request_options_t *options,
                                        const aos_string_t *bucket,
                                        const aos_string_t *object,
                                        aos_string_t *upload_id,
                                        aos_table_t *headers,
                                        aos_table_t **resp_headers);

/**
 * @brief Uploads one part (UploadPart) from the bytes of @p buffer, a list of aos_buf_t
 *        (aos_buf_pack / aos_create_buf entries added with aos_list_add_tail).
 * @param part_num 1..10000.
 * With ctl->options->enable_crc on (the default) the CRC-64 of the bytes sent is compared with
 * the server's x-oss-hash-crc64ecma: a mismatch is -978 "InconsistentError". The part's ETag
 * is resp_headers' "ETag". Unlike the official SDK, @p buffer keeps its entries.
 */
aos_status_t *oss_upload_part_from_buffer(const oss_request_options_t *options,
                                          const aos_string_t *bucket,
                                          const aos_string_t *object,
                                          const aos_string_t *upload_id,
                                          int part_num,
                                          aos_list_t *buffer,
                                          aos_table_t **resp_headers);

/**
 * @brief Uploads one part (UploadPart) from a byte range of a local file; see
 *        oss_upload_file_t. CRC-64 and ETag as oss_upload_part_from_buffer. A file that cannot
 *        be opened is its errno with "OpenFileFail" (as oss_resumable_upload_file reports it).
 */
aos_status_t *oss_upload_part_from_file(const oss_request_options_t *options,
                                        const aos_string_t *bucket,
                                        const aos_string_t *object,
                                        const aos_string_t *upload_id,
                                        int part_num,
                                        oss_upload_file_t *upload_file,
                                        aos_table_t **resp_headers);

/**
 * @brief Lists one page of an upload's parts (ListParts); see oss_list_upload_part_params_t.
 *        Page on while params->truncated, passing next_part_number_marker back as
 *        part_number_marker.
 */
aos_status_t *oss_list_upload_part(const oss_request_options_t *options,
                                   const aos_string_t *bucket,
                                   const aos_string_t *object,
                                   const aos_string_t *upload_id,
                                   oss_list_upload_part_params_t *params,
                                   aos_table_t **resp_headers);

/**
 * @brief Assembles the object from @p part_list (CompleteMultipartUpload), a list of
 *        oss_complete_part_content_t in ascending part order (refused before any traffic
 *        otherwise).
 * @param headers optional: x-oss-callback, x-oss-callback-var, x-oss-object-acl, ...
 * A 200 whose body is an <Error> (OSS failed to assemble the parts) is that error.
 */
aos_status_t *oss_complete_multipart_upload(const oss_request_options_t *options,
                                            const aos_string_t *bucket,
                                            const aos_string_t *object,
                                            const aos_string_t *upload_id,
                                            aos_list_t *part_list,
                                            aos_table_t *headers,
                                            aos_table_t **resp_headers);

/** @brief Discards an upload and its parts (AbortMultipartUpload); 204 on success. */
aos_status_t *oss_abort_multipart_upload(const oss_request_options_t *options,
                                         const aos_string_t *bucket,
                                         const aos_string_t *object,
                                         aos_string_t *upload_id,
                                         aos_table_t **resp_headers);

/**
 * @brief Lists one page of the bucket's open uploads (ListMultipartUploads); see
 *        oss_list_multipart_upload_params_t. Page on while params->truncated, passing
 *        next_key_marker and next_upload_id_marker back as key_marker and upload_id_marker.
 */
aos_status_t *oss_list_multipart_upload(const oss_request_options_t *options,
                                        const aos_string_t *bucket,
                                        oss_list_multipart_upload_params_t *params,
                                        aos_table_t **resp_headers);

/**
 * @brief Uploads a local file as one object through a multipart upload, one part at a time on
 *        the calling thread, as the official non-resumable helper does.
 * @param upload_id in and out. With upload_id->data NULL (or the string empty) a new upload is
 *        started (Initiate, without @p headers) and its id stored here (in options->pool), so
 *        that a failed call can be continued by calling again with it. With an id, the
 *        upload's listed parts are kept while they are parts 1, 2, 3, ... of the planned size
 *        proven to hold the same bytes (by the listed CRC-64, else an ETag that is their MD5),
 *        and the file continues from the first part that is not (the official helper trusts
 *        the listing's count).
 * @param part_size bytes per part, raised to filesize/10000+1 when the file would need more
 *        than 10,000 parts (the official rule; no minimum: OSS refuses parts below 100 KiB at
 *        Complete with EntityTooSmall).
 * @param headers optional; sent with Complete (x-oss-callback, x-oss-object-acl, ...).
 * @return Complete's status, or the first failure's. Nothing is aborted on failure. With
 *        enable_crc on, each part's CRC-64 is checked, and the object's (combined from the
 *        parts) against Complete's x-oss-hash-crc64ecma.
 */
aos_status_t *oss_upload_file(oss_request_options_t *options,
                              const aos_string_t *bucket,
                              const aos_string_t *object,
                              aos_string_t *upload_id,
                              aos_string_t *filename,
                              int64_t part_size,
                              aos_table_t *headers);
/* end issue 20: multipart */

/* issue 20: objects */
/*
 * The object calls, with the official SDK's signatures. Common to all of them:
 * - One request each, blocking the calling thread, bounded by the controller's connect
 *   timeout and low-speed limit (aos_transport.h); nothing is retried, as in the official SDK.
 * - The result is a status allocated in options->pool (static when options or its pool is
 *   NULL), never NULL: the HTTP status on success; otherwise as oss_resumable_upload_file's
 *   (the server's status, error code, message and request id; -994 "BucketNameInvalidError",
 *   "ObjectNameInvalidError" or "ClientError" naming the bad argument, NULL included, before
 *   any traffic; a positive errno with "OpenFileFail" for a local file that cannot be opened;
 *   -998/-990/-992 "HttpIoError"; -978 "InconsistentError" when a CRC-64 disagrees).
 * - resp_headers, when not NULL, always receives a table in options->pool: the response's
 *   headers on success (x-oss-request-id, ETag, x-oss-hash-crc64ecma, Content-Length, ...)
 *   and when a 2xx answer was refused (a CRC-64 mismatch); otherwise x-oss-request-id when
 *   the server answered, or nothing.
 * - Whatever is returned is allocated in options->pool and valid until that pool is
 *   destroyed. Input tables, lists and buffers are read, never modified.
 * - With ctl->options->enable_crc on (the default) the CRC-64 of the bytes sent or received is
 *   compared with the server's x-oss-hash-crc64ecma where the official SDK compares it: puts,
 *   and gets of a whole object (no Range header, no x-oss-process).
 */

/**
 * @brief Uploads @p buffer, a list of aos_buf_t (aos_buf_pack / aos_create_buf entries added
 *        with aos_list_add_tail), as one object (PutObject; at most 5 GiB).
 * @param headers optional: Content-Type (default: the type of the object key's extension),
 *        x-oss-meta-*, x-oss-object-acl, x-oss-storage-class, x-oss-forbid-overwrite, ...
 */
aos_status_t *oss_put_object_from_buffer(const oss_request_options_t *options,
                                         const aos_string_t *bucket,
                                         const aos_string_t *object,
                                         aos_list_t *buffer,
                                         aos_table_t *headers,
                                         aos_table_t **resp_headers);

/** @brief Uploads a local file as one object (PutObject; at most 5 GiB). Content-Type
 *  defaults from the object key's extension, as for the buffer form. */
aos_status_t *oss_put_object_from_file(const oss_request_options_t *options,
                                       const aos_string_t *bucket,
                                       const aos_string_t *object,
                                       const aos_string_t *filename,
                                       aos_table_t *headers,
                                       aos_table_t **resp_headers);

/**
 * @brief Reads an object (GetObject) into @p buffer, which must be initialised
 *        (aos_list_init): on success its contents are replaced by aos_buf_t entries holding
 *        the body (in options->pool); on failure it is left as it was.
 * @param headers optional request headers: Range, If-Match, If-None-Match, ...
 * @param params optional query parameters: response-content-type, x-oss-process, ...
 */
aos_status_t *oss_get_object_to_buffer(const oss_request_options_t *options,
                                       const aos_string_t *bucket,
                                       const aos_string_t *object,
                                       aos_table_t *headers,
                                       aos_table_t *params,
                                       aos_list_t *buffer,
                                       aos_table_t **resp_headers);

/**
 * @brief Reads an object (GetObject) into the local file @p filename. The body goes to a
 *        temporary file beside it, renamed over @p filename only once the whole body arrived
 *        and its CRC-64 agreed, so a failed call never leaves a partial file at @p filename.
 *        A file that cannot be created is its errno with "OpenFileFail".
 */
aos_status_t *oss_get_object_to_file(const oss_request_options_t *options,
                                     const aos_string_t *bucket,
                                     const aos_string_t *object,
                                     aos_table_t *headers,
                                     aos_table_t *params,
                                     aos_string_t *filename,
                                     aos_table_t **resp_headers);

/** @brief An object's metadata (HeadObject), in *resp_headers: Content-Length, ETag,
 *  Last-Modified, Content-Type, x-oss-object-type, x-oss-hash-crc64ecma, x-oss-meta-*, ...
 *  A missing object is 404 "NoSuchKey". @p headers: optional conditions (If-Match, ...). */
aos_status_t *oss_head_object(const oss_request_options_t *options,
                              const aos_string_t *bucket,
                              const aos_string_t *object,
                              aos_table_t *headers,
                              aos_table_t **resp_headers);

/**
 * @brief Whether @p object exists, by a HEAD.
 * @param object_exist required; receives OSS_OBJECT_EXIST (status 200),
 *        OSS_OBJECT_NON_EXIST (the server's 404 "NoSuchKey" is the status) or
 *        OSS_OBJECT_UNKNOWN_EXIST (anything else: a missing bucket, a refused or failed
 *        request; the status says what).
 */
aos_status_t *oss_does_object_exist(const oss_request_options_t *options,
                                    const aos_string_t *bucket,
                                    const aos_string_t *object,
                                    aos_table_t *headers,
                                    oss_object_exist_status_e *object_exist,
                                    aos_table_t **resp_headers);

/** @brief Deletes an object (DeleteObject): 204, whether or not the key held one. */
aos_status_t *oss_delete_object(const oss_request_options_t *options,
                                const aos_string_t *bucket,
                                const aos_string_t *object,
                                aos_table_t **resp_headers);

/**
 * @brief Copies @p source_bucket/@p source_object to @p dest_bucket/@p dest_object inside OSS
 *        (CopyObject; sources up to 5 GiB).
 * @param headers optional: x-oss-metadata-directive (COPY, the default, keeps the source's
 *        metadata; REPLACE takes these headers' Content-Type and x-oss-meta-*),
 *        x-oss-copy-source-if-match, x-oss-object-acl, x-oss-forbid-overwrite, ...
 */
aos_status_t *oss_copy_object(const oss_request_options_t *options,
                              const aos_string_t *source_bucket,
                              const aos_string_t *source_object,
                              const aos_string_t *dest_bucket,
                              const aos_string_t *dest_object,
                              aos_table_t *headers,
                              aos_table_t **resp_headers);

/**
 * @brief Lists one page of the bucket's objects (ListObjects); see oss_list_object_params_t.
 *        Page on while params->truncated, passing next_marker back as marker.
 */
aos_status_t *oss_list_object(const oss_request_options_t *options,
                              const aos_string_t *bucket,
                              oss_list_object_params_t *params,
                              aos_table_t **resp_headers);

/**
 * @brief A URL that lets anyone holding it make the request @p req describes on @p object
 *        until @p expires, signed with options->config's keys and signature version.
 * @param expires an absolute time, in seconds since the epoch (e.g.
 *        apr_time_now() / 1000000 + 3600); under V4 at most 7 days ahead.
 * @param req from aos_http_request_create: its `method`, the `headers` the URL's user will
 *        send (Content-Type, Content-MD5, x-oss-*, signed with it) and `query_params`.
 * @return the URL, allocated in options->pool; NULL on bad input (the reason is logged at
 *         AOS_LOG_WARN). Nothing is sent.
 */
char *oss_gen_signed_url(const oss_request_options_t *options,
                         const aos_string_t *bucket,
                         const aos_string_t *object,
                         int64_t expires,
                         aos_http_request_t *req);
/* end issue 20: objects */

/* issue 20: buckets */
/** @brief Creates a bucket (PutBucket) with the canned ACL @p oss_acl (x-oss-acl);
 *  OSS_ACL_DEFAULT sends none. Common behaviour as the object calls above. */
aos_status_t *oss_create_bucket(const oss_request_options_t *options,
                                const aos_string_t *bucket,
                                oss_acl_e oss_acl,
                                aos_table_t **resp_headers);

/** @brief Deletes an empty bucket (DeleteBucket): 204; a bucket that still holds objects is
 *  409 "BucketNotEmpty". */
aos_status_t *oss_delete_bucket(const oss_request_options_t *options,
                                const aos_string_t *bucket,
                                aos_table_t **resp_headers);

/**
 * @brief Lists one page of the account's buckets (ListBuckets); see
 *        oss_list_buckets_params_t. Page on while params->truncated, passing next_marker back
 *        as marker.
 */
aos_status_t *oss_list_bucket(const oss_request_options_t *options,
                              oss_list_buckets_params_t *params,
                              aos_table_t **resp_headers);
/* end issue 20: buckets */

/* issue 21: download */
/**
 * @brief Downloads an object into a local file in ranges fetched in parallel, resuming an
 *        earlier, interrupted download of the same object to the same file when checkpointing
 *        is on. The official SDK's signature and checkpoint name ("<filepath>.dcp").
 *
 * @param options   config, controller and the pool every result is allocated in. Required.
 * @param bucket    bucket name. @param object object key, 1-1023 bytes.
 * @param filepath  the local file. Its directory must exist and be writable; an existing file
 *                  there is replaced (rename) only once the whole object is in
 *                  "<filepath>.tmp" (a hidden unique name without checkpointing) and its
 *                  CRC-64 agrees with the object's x-oss-hash-crc64ecma. On any failure
 *                  nothing is written under this name.
 * @param headers   accepted and not sent (a notice is logged at WARN when the table has
 *                  entries): every request of the download is HEAD or a ranged GET with
 *                  If-Match on the object's ETag.
 * @param params    accepted and ignored.
 * @param clt_params part_size: bytes per ranged GET (0 or less: 8 MiB), grown to keep at most
 *                  10,000 ranges (the official SDK's rule); thread_num: ranges in flight
 *                  (outside 1..1024: 1, as the official SDK); enable_checkpoint: keep the
 *                  record and temporary file when the download fails or is cancelled, so a
 *                  later call continues; checkpoint_path: the record ("" or NULL:
 *                  "<filepath>.dcp").
 * @param progress_callback optional; called on the calling thread with the bytes in the
 *                  temporary file and the object's size, increasing, the last call exactly
 *                  the size once the file is in place. None for an empty object.
 * @param resp_headers optional; receives the headers of the HEAD that identified the object
 *                  (a table in options->pool), or on a failure after a server answered, its
 *                  request id.
 *
 * @return a status, never NULL, allocated in options->pool (static when options or its pool
 *         is NULL). 200 on success. Otherwise: the server's HTTP status, error code, message
 *         and request id (404 "NoSuchKey"); -994 "BucketNameInvalidError" / "ClientError"
 *         for a bad argument, NULL included, named in error_msg; -985 "OpenFileFail"
 *         (AOSE_OPEN_FILE_ERROR, as the official SDK) for a target that cannot be written:
 *         its directory missing or read-only, the target a directory, the disk without room,
 *         or a checkpoint that cannot be opened; -978 "InconsistentError" when the file's
 *         CRC-64 differs from the object's (the temporary file and record are removed), or
 *         when the object kept changing on the server; -998/-990/-992 "HttpIoError" below
 *         HTTP; -996 "ClientError" for an internal failure. Bad arguments and an unwritable
 *         target are refused before any network traffic.
 *
 * Unlike the official SDK: failed ranges are retried; an object replaced on the server while
 * it is fetched (another ETag) restarts the download instead of mixing two objects; recorded
 * ranges are re-checked by CRC-64 when the temporary file may have changed since they were
 * written; the CRC-64 check runs with or without checkpointing (enable_crc = 0 turns it off).
 */
aos_status_t *oss_resumable_download_file(oss_request_options_t *options,
                                          aos_string_t *bucket,
                                          aos_string_t *object,
                                          aos_string_t *filepath,
                                          aos_table_t *headers,
                                          aos_table_t *params,
                                          oss_resumable_clt_params_t *clt_params,
                                          oss_progress_callback progress_callback,
                                          aos_table_t **resp_headers);

/**
 * @brief oss_resumable_download_file with a progress callback that receives @p user_data and
 *        can cancel (-997 "ClientError"; with checkpointing on, the record and temporary file
 *        are kept and a later call resumes); the other parameters and the result are the same.
 */
aos_status_t *oss_resumable_download_file_ex(oss_request_options_t *options,
                                             aos_string_t *bucket,
                                             aos_string_t *object,
                                             aos_string_t *filepath,
                                             aos_table_t *headers,
                                             aos_table_t *params,
                                             oss_resumable_clt_params_t *clt_params,
                                             oss_progress_callback_ex progress_callback,
                                             void *user_data,
                                             aos_table_t **resp_headers);
/* end issue 21: download */

OSS_CPP_END

#endif /* OSSRESUME_OSS_API_H */
