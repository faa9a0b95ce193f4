/**
 * @file aos_transport.h
 * @brief The HTTP controller, its request options and the progress callback type.
 */
#ifndef OSSRESUME_AOS_TRANSPORT_H
#define OSSRESUME_AOS_TRANSPORT_H

#include "aos_define.h"
#include "aos_buf.h"

AOS_CPP_START

typedef struct aos_http_request_options_s aos_http_request_options_t;
typedef struct aos_http_transport_options_s aos_http_transport_options_t;
typedef struct aos_http_controller_s aos_http_controller_t;

/**
 * Network settings of a controller. By default every controller shares one process-wide
 * object made by aos_http_io_initialize, so writing through `ctl->options` changes the default
 * for the whole process (as in the official SDK); aos_http_request_options_create gives a
 * private one. oss_resumable_upload_file honours `connect_timeout` (seconds), `speed_limit` and
 * `speed_time` (curl's low-speed limit: a request whose transfer stays below `speed_limit`
 * bytes/s for `speed_time` seconds fails with AOSE_CONNECTION_FAILED and is retried like any
 * network failure; defaults 1024 and 15; either <= 0 turns the limit off; the wait for
 * Complete's answer, which OSS may take long to assemble, is bounded by the read timeout instead
 * of the rate), `proxy_host` ("host[:port]" or a URL) with
 * `proxy_auth` ("user:password"), `verify_ssl`, `ca_file` (a PEM bundle trusted besides the
 * system roots) and `ca_path` (a directory of PEM certificates trusted besides them, as curl's
 * CAPATH: every file in it that holds certificates counts, links followed; read once per call;
 * a directory holding none is refused with AOSE_INVALID_ARGUMENT naming `ca_path`).
 * `enable_crc` (default 1): 0 skips comparing the server's CRC-64 with the data's, per part
 * and for the whole object, as the official SDK does; the CRC is still computed and kept in the
 * checkpoint. Leave it on: it is what proves the object equals the file.
 * `dns_cache_timeout`, `max_memory_size` and `verify_object_strict` have no effect on uploads.
 */
struct aos_http_request_options_s {
    int speed_limit;
    int speed_time;
    int dns_cache_timeout;
    int connect_timeout;
    int64_t max_memory_size;
    int enable_crc;
    char *proxy_host;
    char *proxy_auth;
    int verify_ssl;
    char *ca_path;
    char *ca_file;
    int verify_object_strict;
};

/** Transport-wide settings; only `user_agent` is used. */
struct aos_http_transport_options_s {
    char *user_agent;
    char *cacerts_path;
    unsigned int ssl_verification_disabled : 1;
};

/** Per-call controller. The time fields are microseconds since the epoch of the last request's
 *  start, first byte and finish; `owner` and `user_data` are the caller's. */
struct aos_http_controller_s {
    aos_http_request_options_t *options;
    aos_pool_t *pool;
    int64_t start_time;
    int64_t first_byte_time;
    int64_t finish_time;
    unsigned int owner : 1;
    void *user_data;
};

/** The controller as aos_http_controller_create allocates it: the last error's code and reason
 *  follow the public part. */
typedef struct aos_http_controller_ex_s {
    aos_http_controller_t ctl;
    int error_code;
    char *reason;
} aos_http_controller_ex_t;

/** Progress of an upload: bytes of completed parts so far (including parts finished by an
 *  earlier, interrupted run) and the file's size. */
typedef void (*oss_progress_callback)(int64_t consumed_bytes, int64_t total_bytes);

/* issue 20: objects */
typedef struct aos_http_request_s aos_http_request_t;

/** Where a request body comes from (only BODY_IN_MEMORY is read here). */
typedef enum {
    BODY_IN_MEMORY = 0,
    BODY_IN_FILE,
    BODY_IN_CALLBACK
} aos_http_body_type_e;

typedef int (*aos_read_http_body_pt)(aos_http_request_t *req, char *buffer, int len);

/**
 * A request description, laid out as the official SDK's. Here it only describes the request a
 * pre-signed URL allows (oss_gen_signed_url): `method`, `headers` (the headers the URL's user
 * will send: Content-Type, Content-MD5, x-oss-*, signed with it) and `query_params` (extra
 * parameters such as response-content-type). Make it with aos_http_request_create. The other
 * fields are kept for layout and never read.
 */
struct aos_http_request_s {
    char *host;
    char *proto;
    char *signed_url;
    http_method_e method;
    char *uri;
    char *resource;
    aos_table_t *headers;
    aos_table_t *query_params;
    aos_list_t body;
    int64_t body_len;
    char *file_path;
    aos_file_buf_t *file_buf;
    aos_pool_t *pool;
    void *user_data;
    aos_read_http_body_pt read_body;
    aos_http_body_type_e type;
    oss_progress_callback progress_callback;
    uint64_t crc64;
    int64_t consumed_bytes;
    int normalize_url;
};
/* end issue 20: objects */

AOS_CPP_END

#endif /* OSSRESUME_AOS_TRANSPORT_H */
