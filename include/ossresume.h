/**
 * @file ossresume.h
 * @brief The native API of libossresume (prefix `ossr_`): resumable multipart upload to OSS,
 *        shaped for FFIs (Python ctypes, Node koffi) and modern C/C++.
 *
 * CHANGES (additive only, newest last; bindings: check here after each pull)
 *   0.1.0  first version.
 *   0.1.0  docs only: the options' size must be this version's (or longer, zero-tailed);
 *          environment credentials are read with C getenv() at each request, so
 *          variables set after loading (setenv, Python os.environ, Node process.env) count;
 *          ossr_upload_progress's total is the file's size from the start; ossr_client_free
 *          may be called while uploads of that client still run.
 *   0.1.0  ossr_client_options.ca_path appended (a directory of PEM certificates); the size
 *          of the struct without it stays accepted.
 *   0.1.0  ossr_upload_options.continue_upload_id appended (continue an upload another client
 *          started, e.g. ali-oss's checkpoint object); the size without it stays accepted.
 *          ossr_list_parts, ossr_list_uploads, ossr_abort_upload (ali-oss's listParts,
 *          listUploads, abortMultipartUpload) and ossr_client_set_credentials (refreshed STS
 *          credentials for the uploads running and to come) added; ossr_error.host_id and
 *          ossr_error.transport appended; ossr_upload_state added (the record as it grows).
 *   0.1.0  ossr_upload_progress_wait added (the blocking form of ossr_upload_progress).
 *   0.1.0  ossr_result.verified appended (whether a server CRC-64 proved the object).
 *   0.1.0  ossr_client_options.speed_limit and speed_time_ms appended (curl's low-speed limit,
 *          default 1024 B/s for 15 s); the size without them stays accepted.
 *   0.1.0  resumable download: ossr_download_options, ossr_download_file, ossr_download_start,
 *          ossr_download_progress, ossr_download_progress_wait, ossr_download_wait,
 *          ossr_download_cancel, ossr_download_free (the upload family's shape, one to one);
 *          ossr_result and ossr_error as for uploads (see "Download" for what the fields mean).
 *
 * Conventions
 *  - Strings are NUL-terminated UTF-8. Strings and arrays passed in are borrowed for the duration
 *    of the call only: the library copies what it keeps.
 *  - Option structs are owned by the caller. Their first field, `size`, must be set to the
 *    struct's size as the caller knows it (the OSSR_*_INIT macros do that and zero the rest;
 *    an FFI sets it to its struct's size). Fields may be appended in later versions: a later
 *    library accepts the sizes of earlier versions and takes defaults for the missing fields;
 *    this library accepts a longer struct from a newer header when the fields it does not know
 *    are zero. Any other size (0 included) is refused with OSSR_E_ARG, field "size".
 *  - Results and errors are allocated by the library with C malloc and owned by the caller, who
 *    frees each with exactly one call: ossr_result_free() or ossr_error_free(). Their first field
 *    `size` tells which fields this library fills. Their strings are never NULL ("" when absent).
 *  - Functions return an ossr_code: OSSR_OK (0) or a positive OSSR_E_* code. When `err` is
 *    not NULL, *err is always written: a description the caller frees when the call failed,
 *    NULL otherwise (and on OSSR_E_TIMEOUT). Other outputs are always written too (NULL when
 *    the call failed). With err NULL the code alone reports the failure; nothing leaks.
 *  - NULL for any required argument gives OSSR_E_ARG, never a crash. Bad input is refused before
 *    any network traffic, with a message naming what is wrong.
 *  - Handles (ossr_client, ossr_upload, ossr_download) are opaque; see each function for its thread rules.
 *
 * Runtime rules (the library embeds a Go runtime)
 *  - fork(): the Go runtime does not survive fork() (only the forking thread exists in the
 *    child). Every entry point compares getpid() with the pid recorded when the library was
 *    loaded; in a forked child it returns OSSR_E_FORK at once instead of hanging. Use fork+exec,
 *    or load the library in the child only. ossr_version(), ossr_version_number(),
 *    ossr_result_free() and ossr_error_free() remain usable in a child; ossr_client_free() and
 *    ossr_upload_free() do nothing there (the memory is the dead parent runtime's).
 *  - One Go runtime per process: do not load a second Go-built shared library. The library
 *    cannot be unloaded (dlclose is a no-op).
 *  - Signal handlers installed by the host must use SA_ONSTACK. Go's runtime uses SIGURG.
 *  - No callback is ever called from a thread other than the one documented.
 */
#ifndef OSSRESUME_H
#define OSSRESUME_H

#include <stddef.h>
#include <stdint.h>

#include "ossresume_version.h"

/* C++ linkage, through macros so that no brace block wraps the declarations (which keeps
 * simple header scanners, such as tests/c/symbols.sh, able to see them). */
#ifdef __cplusplus
#define OSSR_BEGIN_DECLS extern "C" {
#define OSSR_END_DECLS }
#else
#define OSSR_BEGIN_DECLS
#define OSSR_END_DECLS
#endif

OSSR_BEGIN_DECLS

/** Result codes. Values are stable; new codes may be added. */
typedef enum ossr_code {
    OSSR_OK = 0,
    /** A bad argument: NULL, out of range, malformed; refused before any traffic.
     *  ossr_error.field names the argument. */
    OSSR_E_ARG = 1,
    /** The local file cannot be opened or read, or is a directory; sys_errno holds errno. */
    OSSR_E_FILE = 2,
    /** The server answered with an error: http_status, error_code, message, request_id, ec. */
    OSSR_E_SERVER = 3,
    /** No usable HTTP response: refused, reset, timeout, DNS, TLS (after the retries). */
    OSSR_E_NETWORK = 4,
    /** CRC-64 mismatch (part or object), or the file changed during the upload. */
    OSSR_E_INCONSISTENT = 5,
    /** Cancelled: by ossr_upload_cancel(), ossr_upload_free(), or a progress callback that
     *  returned non-zero. A checkpoint, if enabled, is kept so a later call resumes. */
    OSSR_E_CANCELLED = 6,
    /** Another upload (in this or another process) holds the checkpoint file. */
    OSSR_E_CHECKPOINT_IN_USE = 7,
    /** The checkpoint cannot be read, written or locked (other than being in use). */
    OSSR_E_CHECKPOINT = 8,
    /** Called in a child process after fork(); see "Runtime rules". */
    OSSR_E_FORK = 9,
    /** A bug in the library (a contained panic) or an allocation failure. */
    OSSR_E_INTERNAL = 10,
    /** ossr_upload_wait(): the timeout passed before the upload finished. Not a failure:
     *  nothing is allocated, and the upload keeps running. */
    OSSR_E_TIMEOUT = 11,
    /** Credentials could not be obtained (e.g. none given and OSS_ACCESS_KEY_ID unset). */
    OSSR_E_CREDENTIALS = 12
} ossr_code;

/** Opaque client: endpoint, credentials and transport. Safe to share between threads and
 *  between uploads running at the same time. */
typedef struct ossr_client ossr_client;

/** Opaque handle of one upload started with ossr_upload_start(). */
typedef struct ossr_upload ossr_upload;

/* ---------------------------------------------------------------------------------------------
 * Errors and results
 * ------------------------------------------------------------------------------------------- */

/** A failure. Allocated by the library; free with ossr_error_free(). */
typedef struct ossr_error {
    size_t size;            /**< sizeof(ossr_error) as filled by the library */
    int code;               /**< an ossr_code, never OSSR_OK */
    int http_status;        /**< the server's HTTP status; 0 when no response */
    const char *error_code; /**< the server's Code (e.g. "NoSuchUpload"); for local failures a
                                 name such as "InvalidArgument", "FileError", "Cancelled" */
    const char *message;    /**< human-readable, names the bad argument or the cause */
    const char *request_id; /**< x-oss-request-id of the failing response; "" when none */
    const char *ec;         /**< the server's EC (error detail code); "" when none */
    int sys_errno;          /**< errno for OSSR_E_FILE / OSSR_E_CHECKPOINT; 0 otherwise */
    const char *field;      /**< OSSR_E_ARG: the argument at fault (e.g. "threads") */
    const char *path;       /**< OSSR_E_FILE / OSSR_E_CHECKPOINT: the file concerned */
    const char *upload_id;  /**< the multipart upload id when one is known; "" otherwise */
    const char *operation;  /**< the failing operation (e.g. "UploadPart"); "" when none */
    int part_number;        /**< OSSR_E_INCONSISTENT for a part: its number; 0 otherwise */
    uint64_t local_crc64;   /**< OSSR_E_INCONSISTENT: our CRC-64 */
    uint64_t server_crc64;  /**< OSSR_E_INCONSISTENT: the server's CRC-64 */
    /** OSSR_E_SERVER: the HostId of the server's error document; "" when none. Appended after
     *  the first version: present when `size` reaches past it. */
    const char *host_id;
    /** OSSR_E_NETWORK: what failed below HTTP: "timeout", "refused", "reset", "dns", "tls" or
     *  "other"; "" for other codes. Appended likewise. */
    const char *transport;
} ossr_error;

/** A finished upload. Allocated by the library; free with ossr_result_free(). */
typedef struct ossr_result {
    size_t size;            /**< sizeof(ossr_result) as filled by the library */
    int http_status;        /**< of Complete (or PutObject), normally 200 */
    const char *bucket;
    const char *key;
    const char *etag;       /**< as the server sent it, quotes included */
    uint64_t crc64;         /**< CRC-64/ECMA of the object, verified against the server's */
    const char *request_id; /**< of Complete (or PutObject) */
    const char *upload_id;  /**< "" when the object was sent with one PutObject */
    const char *version_id; /**< x-oss-version-id; "" when versioning is off */
    int64_t bytes_sent;     /**< part bytes the server acknowledged in this call */
    int64_t bytes_resumed;  /**< part bytes carried over from an earlier, interrupted call */
    int64_t total_bytes;    /**< the file's size */
    int64_t part_size;      /**< the part size used (a resumed upload keeps its own) */
    int parts;              /**< number of parts (0 for PutObject) */
    const char *body;       /**< Complete's (or PutObject's) response body, NUL-terminated */
    size_t body_len;        /**< its length in bytes, the NUL excluded */
    /** Response headers of Complete (or PutObject) as "Name: value" strings, NULL-terminated. */
    const char *const *headers;
    /** Non-zero when the server's CRC-64 of the object matched crc64: from Complete's (or
     *  PutObject's) answer, or from a HEAD of the object when that answer carried none (a proxy
     *  stripped it). Zero: the object exists, but no server CRC-64 was to be had, so nothing
     *  proved its bytes; never present such a result as verified. Appended after the first
     *  version: present when `size` reaches past it. */
    int verified;
} ossr_result;

/** Frees an error and everything it points to. NULL is allowed. Usable in a forked child. */
void ossr_error_free(ossr_error *err);

/** Frees a result and everything it points to. NULL is allowed. Usable in a forked child. */
void ossr_result_free(ossr_result *res);

/** The library's version, e.g. "0.1.0" (static storage; never NULL). */
const char *ossr_version(void);

/** The version as (major << 16) | (minor << 8) | patch. */
uint32_t ossr_version_number(void);

/** A static, human-readable name of a code ("OSSR_E_ARG", ...); "unknown" for others. */
const char *ossr_code_name(int code);

/* ---------------------------------------------------------------------------------------------
 * Client
 * ------------------------------------------------------------------------------------------- */

/** Signature versions for ossr_client_options.signature_version. */
#define OSSR_SIGNATURE_V1 1
#define OSSR_SIGNATURE_V4 4

/** How to reach OSS. Zero fields take the documented defaults. */
typedef struct ossr_client_options {
    size_t size;                 /**< sizeof(ossr_client_options); OSSR_CLIENT_OPTIONS_INIT */
    /** "host[:port]" with optional "http://" or "https://" (none: http, as the C SDK does).
     *  An IP-literal host selects path-style addressing. Required. */
    const char *endpoint;
    const char *region;          /**< e.g. "cn-hangzhou"; required by V4 unless cloudbox_id */
    int signature_version;       /**< 1 or 4; 0 means 4 */
    const char *cloudbox_id;     /**< V4 for product "oss-cloudbox" with this id */
    /** Credentials. access_key_id NULL: read OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and
     *  OSS_SESSION_TOKEN from the environment with C getenv() at each request (so values set
     *  after the library was loaded are seen; missing ones fail the upload with
     *  OSSR_E_CREDENTIALS before anything is sent). If access_key_id is set, access_key_secret
     *  must be too; access_key_secret and security_token without access_key_id are refused. */
    const char *access_key_id;
    const char *access_key_secret;
    const char *security_token;  /**< STS token; NULL or "" for none */
    int cname;                   /**< non-zero: endpoint is the bucket's own domain */
    int path_style;              /**< non-zero: "/bucket/key" paths (not with cname) */
    int connect_timeout_ms;      /**< TCP+TLS setup; 0: 10000; negative: refused */
    int read_write_timeout_ms;   /**< longest time without a byte moving; 0: 60000 */
    /** Retries of a transient failure per request, the default of every upload of this
     *  client: 0: 3; negative: none. */
    int retries;
    const char *ca_file;         /**< PEM bundle trusted in addition to the system roots */
    int tls_skip_verify;         /**< non-zero turns TLS verification OFF (default: on) */
    const char *proxy;           /**< "http://user:pass@host:port"; NULL: HTTP(S)_PROXY env */
    const char *user_agent;      /**< appended to the library's own User-Agent */
    /** A directory of PEM certificates trusted in addition to the system roots, as curl's
     *  CAPATH: every regular file directly in it is read (links followed, so OpenSSL's
     *  c_rehash layout works), files without a certificate are skipped, and a directory
     *  holding none is refused with OSSR_E_ARG naming `ca_path`. Appended after the first
     *  version: a size that ends before it (sizeof without it) is accepted, as NULL here. */
    const char *ca_path;
    /** The low-speed limit, the C SDK's speed_limit / speed_time (curl's): a request fails
     *  (OSSR_E_NETWORK, transport "timeout", retried as a timeout) when fewer than
     *  speed_limit bytes a second moved, request and answer bodies together, over the last
     *  speed_time_ms. speed_limit 0: 1024 B/s; speed_time_ms 0: 15000; either negative turns
     *  the limit off. A Complete's wait while OSS joins the parts is bounded by
     *  read_write_timeout_ms instead, so that a large upload may take long to complete.
     *  Appended after ca_path: a size that ends before them is accepted, as 0 (the defaults). */
    int speed_limit;
    int speed_time_ms;
} ossr_client_options;

/** Initializer: `ossr_client_options o = OSSR_CLIENT_OPTIONS_INIT;` */
#define OSSR_CLIENT_OPTIONS_INIT { sizeof(ossr_client_options), NULL, NULL, 0, NULL, NULL, NULL, \
    NULL, 0, 0, 0, 0, 0, NULL, 0, NULL, NULL, NULL, 0, 0 }

/**
 * Creates a client. Checks the options (endpoint syntax, signature version, region for V4,
 * timeouts, CA file and directory) without any network traffic.
 * @param opts  borrowed; required.
 * @param out   receives the client (free with ossr_client_free()); NULL on failure.
 * @param err   optional; receives the error on failure.
 * @return OSSR_OK, OSSR_E_ARG, OSSR_E_FORK or OSSR_E_INTERNAL.
 * Thread-safe.
 */
int ossr_client_new(const ossr_client_options *opts, ossr_client **out, ossr_error **err);

/**
 * Frees a client. NULL is allowed. Uploads started with it may still be running: each keeps
 * what it needs (the connection pool) until it ends. The client must not be used after this,
 * nor freed while another thread is inside a call with it. Does nothing in a forked child.
 */
void ossr_client_free(ossr_client *client);

/* ---------------------------------------------------------------------------------------------
 * Upload
 * ------------------------------------------------------------------------------------------- */

/** ossr_upload_options.checkpoint */
#define OSSR_CHECKPOINT_OFF 0     /**< not resumable; a failed upload is aborted on the server */
#define OSSR_CHECKPOINT_DEFAULT 1 /**< record at "<file_path>.cp" (a C SDK "<file>.ucp" is continued) */
#define OSSR_CHECKPOINT_PATH 2    /**< record at checkpoint_path */

/** Default part size (8 MiB) and the allowed range (100 KiB .. 5 GiB). */
#define OSSR_DEFAULT_PART_SIZE (8 * 1024 * 1024)
#define OSSR_MIN_PART_SIZE (100 * 1024)
#define OSSR_MAX_PART_SIZE (5LL * 1024 * 1024 * 1024)
/** Default and maximum parallel parts. */
#define OSSR_DEFAULT_THREADS 4
#define OSSR_MAX_THREADS 1024

/** One upload. Zero fields take the documented defaults. */
typedef struct ossr_upload_options {
    size_t size;             /**< sizeof(ossr_upload_options); OSSR_UPLOAD_OPTIONS_INIT */
    const char *bucket;      /**< required */
    const char *key;         /**< the object name; required, at most 1023 bytes */
    const char *file_path;   /**< the local file; required, a regular file */
    /** 0: OSSR_DEFAULT_PART_SIZE; else OSSR_MIN_PART_SIZE..OSSR_MAX_PART_SIZE. It grows by
     *  itself to keep at most 10,000 parts. A resumed upload keeps its checkpoint's size. */
    int64_t part_size;
    int threads;             /**< parts in flight: 0: OSSR_DEFAULT_THREADS; else 1..1024 */
    int checkpoint;          /**< OSSR_CHECKPOINT_OFF / _DEFAULT / _PATH */
    const char *checkpoint_path; /**< with OSSR_CHECKPOINT_PATH only (required there) */
    /** The object's headers (Content-Type, x-oss-meta-*, x-oss-storage-class, x-oss-object-acl,
     *  x-oss-forbid-overwrite, x-oss-callback, ...) as "Name: value" strings, NULL-terminated;
     *  NULL for none. */
    const char *const *headers;
    /** Deprecated: CRC-64 only per part is the default now (see part_sha256); non-zero still
     *  turns part_sha256 off. Kept so that older callers build and run unchanged. */
    int disable_sha256;
    int retries;             /**< per request: 0: the client's; negative: none */
    /** Files smaller than this go as one PutObject (no checkpoint, no parts); 0: always
     *  multipart (an empty file always goes as PutObject). oss2's multipart_threshold. */
    int64_t multipart_threshold;
    /** Continue this multipart upload, started by another client (ali-oss's checkpoint object
     *  names one), when the checkpoint holds no record of it: the parts the server lists are
     *  kept only when they fit the plan and the CRC-64 the server lists matches the local
     *  bytes; the others are sent again. part_size must be the size that upload used. A record
     *  of ours for another upload of the same object is set aside (that upload aborted); an id
     *  the server no longer knows starts a new upload. Needs a checkpoint (not
     *  OSSR_CHECKPOINT_OFF). NULL or "": none. Appended after the first version: a size that
     *  ends before it is accepted, as NULL here. */
    const char *continue_upload_id;
    /** Non-zero: also compute each part's SHA-256 in the pass that sends it and keep it in the
     *  checkpoint record, a cryptographic fingerprint of the part (a resume after the file
     *  changed then re-checks recorded parts by it too). It about doubles the CPU an upload
     *  takes. 0 (default): CRC-64 only, which every part gets anyway: checked against the
     *  server's (OSS verifies parts and the object by CRC-64), recorded, and re-checked on
     *  resume. Appended after continue_upload_id: a size that ends before it is accepted, as 0. */
    int part_sha256;
} ossr_upload_options;

/** Initializer: `ossr_upload_options o = OSSR_UPLOAD_OPTIONS_INIT;` */
#define OSSR_UPLOAD_OPTIONS_INIT { sizeof(ossr_upload_options), NULL, NULL, NULL, 0, 0, 0, NULL, \
    NULL, 0, 0, 0, NULL, 0 }

/**
 * Progress callback: bytes done so far and the file's size. Values never decrease and never
 * exceed total; the last call is (total, total), made only after the object exists. Calls are
 * coalesced (a slow callback sees fewer values; it never slows the upload). An empty file
 * gives no calls, so dividing by total is safe. Return 0 to continue, non-zero to cancel: the
 * callback is not called again and the upload ends with OSSR_E_CANCELLED, checkpoint kept.
 */
typedef int (*ossr_progress_fn)(int64_t done, int64_t total, void *user_data);

/**
 * Uploads a file, blocking until it is done, failed or cancelled.
 *
 * @param client     required.
 * @param opts       borrowed; required.
 * @param progress   optional. Called ON THE CALLING THREAD, never concurrently, while this
 *                   function runs; it may not call ossr_upload_file() itself.
 * @param user_data  passed to progress untouched; never dereferenced by the library.
 * @param res        receives the result on success (free with ossr_result_free()); may be
 *                   NULL when the caller does not want it.
 * @param err        optional; receives the error on failure.
 * @return OSSR_OK; OSSR_E_ARG or OSSR_E_FILE before any traffic; OSSR_E_SERVER,
 *         OSSR_E_NETWORK, OSSR_E_CREDENTIALS, OSSR_E_INCONSISTENT, OSSR_E_CHECKPOINT,
 *         OSSR_E_CHECKPOINT_IN_USE or OSSR_E_CANCELLED from the upload; OSSR_E_FORK;
 *         OSSR_E_INTERNAL.
 * Thread-safe: several threads may upload at once with one client.
 */
int ossr_upload_file(ossr_client *client, const ossr_upload_options *opts,
                     ossr_progress_fn progress, void *user_data,
                     ossr_result **res, ossr_error **err);

/**
 * Starts an upload in the background and returns at once. The options are checked first and
 * the file is opened once: bad options (OSSR_E_ARG) and a missing, unreadable or non-regular
 * file (OSSR_E_FILE) are refused here, with no handle. Later failures (server, network,
 * checkpoint, ...) are reported by ossr_upload_wait(). ossr_upload_file() checks the same
 * things in the same order before any traffic.
 *
 * @param client  required; the upload keeps its own reference to what it needs.
 * @param opts    borrowed; required.
 * @param out     receives the handle (free with ossr_upload_free()); NULL on failure.
 * @param err     optional; receives the error on failure.
 * @return OSSR_OK or an OSSR_E_* code.
 */
int ossr_upload_start(ossr_client *client, const ossr_upload_options *opts,
                      ossr_upload **out, ossr_error **err);

/**
 * Reads the latest progress without blocking and without calling back.
 * @param done, total, finished  optional outputs: bytes done (never decreasing; it reaches
 *        total only once the object exists), the file's size, and 1 once the upload has ended
 *        (ossr_upload_wait() will not block), else 0. A value read after finished is 1 is final.
 * @return OSSR_OK, OSSR_E_ARG (up NULL) or OSSR_E_FORK.
 * Thread-safe; may be called from any thread, any number of times, until ossr_upload_free().
 */
int ossr_upload_progress(ossr_upload *up, int64_t *done, int64_t *total, int *finished);

/**
 * Waits until the upload's progress moves or the upload ends, then reads it: the blocking form
 * of ossr_upload_progress(), so a host that reports progress from its own thread (Python's
 * progress_callback) sees every step without polling.
 * @param timeout_ms  0: do not wait; negative: wait forever; else at most this long.
 * @param done, total, finished  optional outputs, as ossr_upload_progress().
 * @return OSSR_OK with a value this function has not returned before (values published
 *         meanwhile are coalesced into the latest, except that every part the server
 *         acknowledged is a value of its own, returned in order), or with finished 1 once the
 *         upload has ended and its last value was returned (at once on every later call); OSSR_E_TIMEOUT when neither happened in time
 *         (the outputs then hold the latest value); OSSR_E_ARG (up NULL) or OSSR_E_FORK.
 * Thread-safe, but the values are shared: two threads waiting on one upload split them.
 */
int ossr_upload_progress_wait(ossr_upload *up, int timeout_ms, int64_t *done, int64_t *total,
                              int *finished);

/**
 * Waits for the upload to end.
 * @param timeout_ms  0: do not wait; negative: wait forever; else at most this long.
 * @param res         receives a result on OSSR_OK (free it); may be NULL.
 * @param err         optional; receives the error on failure.
 * @return OSSR_OK, OSSR_E_TIMEOUT (still running, nothing allocated), or the upload's
 *         OSSR_E_* code. Once ended, every further call returns the same outcome again, with
 *         fresh copies to free.
 * Thread-safe; several threads may wait at once.
 */
int ossr_upload_wait(ossr_upload *up, int timeout_ms, ossr_result **res, ossr_error **err);

/**
 * Asks the upload to stop; returns at once. The upload then ends with OSSR_E_CANCELLED
 * (unless it had already ended), with its checkpoint kept, normally within 100 ms; parts in
 * flight are abandoned. Idempotent.
 *
 * ASYNC-SIGNAL-SAFE: it only sets an atomic flag, so a SIGINT handler may call it (the host's
 * handler must use SA_ONSTACK). Safe from any thread. The handle must not have been freed.
 * @return OSSR_OK, OSSR_E_ARG (up NULL) or OSSR_E_FORK.
 */
int ossr_upload_cancel(ossr_upload *up);

/**
 * Frees the handle. If the upload is still running it is cancelled first and this waits for
 * it to stop (the checkpoint is kept). NULL is allowed. The handle must not be used after this,
 * nor freed twice, nor freed while another thread is inside a call on it. Does nothing in a
 * forked child.
 */
void ossr_upload_free(ossr_upload *up);

/**
 * The upload's record as it stands, without blocking: what ali-oss's checkpoint object shows.
 * *res gets bucket, key, upload_id ("" until the upload has one), part_size, parts (the plan's
 * count), total_bytes, and body: JSON {"uploadId":"...","partSize":N,"partCount":N,
 * "file":{"size":N,"mtimeNs":"N","ctimeNs":"N","dev":"N","ino":"N"},"parts":[{"number":1,
 * "etag":"\"...\"","size":N,"crc64":"123"}]} (64-bit values as decimal strings), parts
 * ascending: those finished so far, resumed ones included. A small file sent with one
 * PutObject never has an upload id.
 * @return OSSR_OK, OSSR_E_ARG (up or res NULL), OSSR_E_FORK, OSSR_E_INTERNAL.
 * Thread-safe, as ossr_upload_progress.
 */
int ossr_upload_state(ossr_upload *up, ossr_result **res, ossr_error **err);

/* ---------------------------------------------------------------------------------------------
 * Multipart uploads on the server, and credentials
 * ------------------------------------------------------------------------------------------- */

/**
 * Lists the parts the server holds for an upload, every page of them. One request per page,
 * no retries; blocking, bounded by the client's timeouts (call it from a worker thread where
 * the caller must not block). On OSSR_OK *res holds http_status, request_id, headers of the
 * last page, bucket, key and upload_id, and body: JSON
 * {"parts":[{"number":1,"etag":"\"...\"","size":102400,"lastModified":"2006-01-02T15:04:05Z",
 *  "crc64":"123"}]} ("crc64" "" when the server sent none), ascending by number.
 * @return OSSR_OK; OSSR_E_ARG (bad bucket, key, NULL upload_id) before any traffic;
 *         OSSR_E_SERVER (e.g. NoSuchUpload), OSSR_E_NETWORK, OSSR_E_CREDENTIALS; OSSR_E_FORK.
 * Thread-safe.
 */
int ossr_list_parts(ossr_client *client, const char *bucket, const char *key,
                    const char *upload_id, ossr_result **res, ossr_error **err);

/**
 * Lists the multipart uploads in progress in bucket whose keys start with prefix (NULL or "":
 * all), every page. As ossr_list_parts otherwise; body: JSON
 * {"uploads":[{"key":"...","uploadId":"...","initiated":"2006-01-02T15:04:05Z"}]}.
 */
int ossr_list_uploads(ossr_client *client, const char *bucket, const char *prefix,
                      ossr_result **res, ossr_error **err);

/**
 * Aborts a multipart upload (its parts are deleted). As ossr_list_parts otherwise; the
 * result's body is empty.
 */
int ossr_abort_upload(ossr_client *client, const char *bucket, const char *key,
                      const char *upload_id, ossr_result **res, ossr_error **err);

/**
 * Replaces the client's credentials: every later request signs with these, the requests of
 * uploads already running included (refreshed STS credentials). Only for a client created
 * with access_key_id set; the same rules as there (id and secret required, token optional).
 * @return OSSR_OK, OSSR_E_ARG or OSSR_E_FORK. Thread-safe.
 */
int ossr_client_set_credentials(ossr_client *client, const char *access_key_id,
                                const char *access_key_secret, const char *security_token,
                                ossr_error **err);

/* issue 21: download ----------------------------------------------------------------------------
 * Download
 * ------------------------------------------------------------------------------------------- */

/** Opaque handle of one download started with ossr_download_start(). */
typedef struct ossr_download ossr_download;

/** One download. Zero fields take the documented defaults. Appended to only, like
 *  ossr_upload_options: a later library accepts this size. */
typedef struct ossr_download_options {
    size_t size;             /**< sizeof(ossr_download_options); OSSR_DOWNLOAD_OPTIONS_INIT */
    const char *bucket;      /**< required */
    const char *key;         /**< the object name; required, at most 1023 bytes */
    /** The local file to write; required. Its directory must exist and be writable; an existing
     *  regular file there is replaced, atomically (rename), only once the whole object is in a
     *  temporary file beside it and verified; on any failure it is left untouched and nothing
     *  is written under its name. A directory there is refused (OSSR_E_FILE, EISDIR). */
    const char *file_path;
    /** Bytes per ranged GET. 0: OSSR_DEFAULT_PART_SIZE (8 MiB); else at least 1 (no minimum
     *  as for upload parts). It grows by itself to keep at most 10,000 ranges. A resumed
     *  download keeps its checkpoint's size. */
    int64_t part_size;
    int threads;             /**< ranges in flight: 0: OSSR_DEFAULT_THREADS; else 1..1024 */
    /** OSSR_CHECKPOINT_OFF: not resumable; the temporary file has a unique hidden name
     *  (".<name>.<random>.tmp" beside the target) and is removed on failure.
     *  OSSR_CHECKPOINT_DEFAULT: record at "<file_path>.dcp" (the C SDK's name), ranges in
     *  "<file_path>.tmp"; OSSR_CHECKPOINT_PATH: record at checkpoint_path, ranges still in
     *  "<file_path>.tmp". A later call with the same target continues the ranges recorded. */
    int checkpoint;
    const char *checkpoint_path; /**< with OSSR_CHECKPOINT_PATH only (required there) */
    int retries;             /**< per request (HEAD or range): 0: the client's; negative: none */
} ossr_download_options;

/** Initializer: `ossr_download_options o = OSSR_DOWNLOAD_OPTIONS_INIT;` */
#define OSSR_DOWNLOAD_OPTIONS_INIT { sizeof(ossr_download_options), NULL, NULL, NULL, 0, 0, 0, \
    NULL, 0 }

/*
 * How a download fills the shared structures:
 *  - ossr_result: http_status 200; bucket, key; etag the object's (quotes included); crc64 the
 *    file's CRC-64/ECMA, combined from its ranges; verified non-zero when the object's
 *    x-oss-hash-crc64ecma matched it (zero: the server sent none, so nothing proved the
 *    bytes); request_id and headers those of the HEAD that identified the object (the
 *    C SDK's resp_headers); version_id its x-oss-version-id; bytes_sent the bytes fetched
 *    from the server in this call; bytes_resumed the bytes of ranges carried over from an
 *    earlier, interrupted call (bytes_sent + bytes_resumed == total_bytes, except that
 *    bytes_sent also counts what was fetched before the object changed and the download
 *    started afresh); total_bytes the
 *    object's size (the file's size now); part_size the range size used; parts the number of
 *    ranges; upload_id "" and body "" (body_len 0).
 *  - ossr_error, by code: OSSR_E_FILE: the target cannot be written: its directory missing
 *    (ENOENT), not a directory (ENOTDIR), read-only (EACCES/EROFS), the target a directory
 *    (EISDIR) or another non-regular file (EEXIST), the disk without room for the object
 *    (ENOSPC: before the first byte is fetched where the filesystem preallocates, else when
 *    a write fails; nothing is left under the target's name): sys_errno and path say which.
 *    OSSR_E_SERVER: as for uploads (e.g. 404 NoSuchKey from the HEAD; operation "HeadObject"
 *    or "GetObject"). OSSR_E_INCONSISTENT: the ranges' combined CRC-64 differs from the
 *    object's (local_crc64, server_crc64; the temporary file and record are removed, so a
 *    rerun starts afresh), or error_code "ObjectChanged": the object was replaced on the
 *    server during the download more often than the download restarts by itself (twice).
 *    OSSR_E_CHECKPOINT / _IN_USE, OSSR_E_NETWORK, OSSR_E_CREDENTIALS, OSSR_E_CANCELLED (the
 *    record and temporary file kept for a later call) as for uploads.
 *  - Progress: (bytes in place, object size); total is 0 until the object's HEAD answered.
 *    Ranges recorded by an earlier call count from the start. The last value is (total,
 *    total), given only once the file is in place under its name. An empty object gives no
 *    calls.
 */

/**
 * Downloads an object into a file, blocking until it is done, failed or cancelled. The mirror
 * of ossr_upload_file(): the same arguments, callback and thread rules.
 *
 * @param client     required.
 * @param opts       borrowed; required.
 * @param progress   optional. Called ON THE CALLING THREAD, never concurrently, while this
 *                   function runs; non-zero cancels (OSSR_E_CANCELLED, checkpoint kept).
 * @param user_data  passed to progress untouched.
 * @param res        receives the result on success (free with ossr_result_free()); may be NULL.
 * @param err        optional; receives the error on failure.
 * @return OSSR_OK; OSSR_E_ARG or OSSR_E_FILE before any traffic; OSSR_E_SERVER,
 *         OSSR_E_NETWORK, OSSR_E_CREDENTIALS, OSSR_E_INCONSISTENT, OSSR_E_FILE (disk full),
 *         OSSR_E_CHECKPOINT, OSSR_E_CHECKPOINT_IN_USE or OSSR_E_CANCELLED from the download;
 *         OSSR_E_FORK; OSSR_E_INTERNAL.
 * Thread-safe: several threads may download (and upload) at once with one client; two
 * downloads to one target with a checkpoint meet OSSR_E_CHECKPOINT_IN_USE.
 */
int ossr_download_file(ossr_client *client, const ossr_download_options *opts,
                       ossr_progress_fn progress, void *user_data,
                       ossr_result **res, ossr_error **err);

/**
 * Starts a download in the background and returns at once. Bad options (OSSR_E_ARG) and a
 * target that cannot be written (OSSR_E_FILE: directory missing, read-only, the target a
 * directory) are refused here, with no handle; later failures are reported by
 * ossr_download_wait(). As ossr_upload_start() otherwise.
 * @param out  receives the handle (free with ossr_download_free()); NULL on failure.
 */
int ossr_download_start(ossr_client *client, const ossr_download_options *opts,
                        ossr_download **out, ossr_error **err);

/** As ossr_upload_progress(): latest (done, total, finished) without blocking; total is 0
 *  until the object's size is known. Thread-safe. */
int ossr_download_progress(ossr_download *dl, int64_t *done, int64_t *total, int *finished);

/** As ossr_upload_progress_wait(): blocks until progress moves or the download ends (every
 *  finished range is not guaranteed its own value: values are coalesced into the latest). */
int ossr_download_progress_wait(ossr_download *dl, int timeout_ms, int64_t *done,
                                int64_t *total, int *finished);

/** As ossr_upload_wait(): OSSR_OK with a result, OSSR_E_TIMEOUT (still running, nothing
 *  allocated), or the download's OSSR_E_* code; the same outcome again on every later call. */
int ossr_download_wait(ossr_download *dl, int timeout_ms, ossr_result **res, ossr_error **err);

/** As ossr_upload_cancel(): ASYNC-SIGNAL-SAFE, idempotent, returns at once; the download ends
 *  with OSSR_E_CANCELLED, its checkpoint and temporary file kept, normally within 100 ms. */
int ossr_download_cancel(ossr_download *dl);

/** As ossr_upload_free(): cancels a running download and waits for it to stop. NULL is
 *  allowed. Does nothing in a forked child. */
void ossr_download_free(ossr_download *dl);

/* There is no ossr_download_state: a download's record holds nothing a caller acts on (no
 * server-side upload to continue elsewhere); it lives at the checkpoint path.
 * issue 21: download (end) */

OSSR_END_DECLS

#endif /* OSSRESUME_H */
