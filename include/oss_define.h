/**
 * @file oss_define.h
 * @brief OSS configuration, request options, resumable parameters and header-name constants.
 */
#ifndef OSSRESUME_OSS_DEFINE_H
#define OSSRESUME_OSS_DEFINE_H

#include "aos_define.h"
#include "aos_list.h"
#include "aos_status.h"
#include "aos_string.h"
#include "aos_transport.h"

#ifdef __cplusplus
#define OSS_CPP_START extern "C" {
#define OSS_CPP_END }
#else
#define OSS_CPP_START
#define OSS_CPP_END
#endif

OSS_CPP_START

#define OSS_INVALID_VALUE -1

/* Header, query and value names: data symbols, as in the official SDK. */
extern const char OSS_CANNONICALIZED_HEADER_PREFIX[];
extern const char OSS_CANNONICALIZED_HEADER_DATE[];
extern const char OSS_CANNONICALIZED_HEADER_ACL[];
extern const char OSS_CANNONICALIZED_HEADER_OBJECT_ACL[];
extern const char OSS_CONTENT_MD5[];
extern const char OSS_CONTENT_TYPE[];
extern const char OSS_CONTENT_LENGTH[];
extern const char OSS_DATE[];
extern const char OSS_AUTHORIZATION[];
extern const char OSS_EXPECT[];
extern const char OSS_EXPIRES[];
extern const char OSS_STS_SECURITY_TOKEN[];
extern const char OSS_SECURITY_TOKEN_V4[];
extern const char OSS_SECURITY_TOKEN[];
extern const char OSS_CALLBACK[];
extern const char OSS_CALLBACK_VAR[];
extern const char OSS_HASH_CRC64_ECMA[];
extern const char OSS_OBJECT_TYPE[];
extern const char OSS_NEXT_APPEND_POSITION[];
extern const char OSS_PROCESS[];
extern const char OSS_COPY_SOURCE[];
extern const char OSS_CONTENT_SHA256[];
extern const char OSS_SIGNATURE_VERSION[];
extern const char OSS_CREDENTIAL[];
extern const char OSS_EXPIRES_V4[];
extern const char OSS_SIGNATURE_V4[];
extern const char OSS_UPLOADS[];
extern const char OSS_UPLOAD_ID[];
extern const char OSS_PARTNUMBER[];
extern const char OSS_MAX_PARTS[];
extern const char OSS_PART_NUMBER_MARKER[];
extern const char OSS_MULTIPART_CONTENT_TYPE[];
extern const char OSS_OBJECT_TYPE_NORMAL[];
extern const char OSS_OBJECT_TYPE_APPENDABLE[];
extern const char OSS_TAGGING[];

extern const int OSS_MAX_PART_NUM;
extern const int OSS_PER_RET_NUM;
extern const int MAX_SUFFIX_LEN;

#define aos_xml_error_status_set(STATUS, RES) do { \
        aos_status_set(STATUS, RES, AOS_XML_PARSE_ERROR_CODE, NULL); \
    } while (0)

#define aos_file_error_status_set(STATUS, RES) do { \
        aos_status_set(STATUS, RES, AOS_OPEN_FILE_ERROR_CODE, NULL); \
    } while (0)

#define aos_inconsistent_error_status_set(STATUS, RES) do { \
        aos_status_set(STATUS, RES, AOS_INCONSISTENT_ERROR_CODE, NULL); \
    } while (0)

/**
 * Where and as whom to talk to OSS. Every string is read during a call and never kept.
 * - `endpoint`: "host[:port]" with an optional http:// or https:// (none: http). An IPv4
 *   literal selects path-style addressing.
 * - `access_key_id`, `access_key_secret`, `sts_token` (optional): credentials.
 * - `is_cname`: non-zero when `endpoint` is the bucket's own domain.
 * - `proxy_*`: used only through oss_config_resolve, as in the official SDK.
 * - `signature_version`: 4 selects V4 signing (needs `region`); anything else V1.
 * - `region`: e.g. "cn-hangzhou"; `cloudbox_id`: replaces region and product under V4.
 */
typedef struct {
    aos_string_t endpoint;
    aos_string_t access_key_id;
    aos_string_t access_key_secret;
    aos_string_t sts_token;
    int is_cname;
    aos_string_t proxy_host;
    int proxy_port;
    aos_string_t proxy_user;
    aos_string_t proxy_passwd;
    int signature_version;
    aos_string_t region;
    aos_string_t cloudbox_id;
} oss_config_t;

/** A call's context: results are allocated in `pool`. The caller sets `config` and `ctl`.
 *  One options object must not be used by two calls at the same time. */
typedef struct {
    oss_config_t *config;
    aos_http_controller_t *ctl;
    aos_pool_t *pool;
} oss_request_options_t;

/**
 * How oss_resumable_upload_file works.
 * - `part_size`: bytes per part; 0 or less takes the default, 8 MiB. A size below OSS's
 *   minimum part (100 KiB) is raised to it, and any size is raised so that the file fits in
 *   10,000 parts. A resumed upload keeps the part size of its checkpoint.
 * - `thread_num`: parts in flight at once; outside 1..1024 it becomes 1.
 * - `enable_checkpoint`: non-zero records finished parts so that a later call resumes.
 * - `checkpoint_path`: where; empty means "<file>.cp". An official "<file>.ucp" left by the
 *   C SDK for the same file is continued.
 */
typedef struct {
    int64_t part_size;
    int32_t thread_num;
    int enable_checkpoint;
    aos_string_t checkpoint_path;
} oss_resumable_clt_params_t;

/* issue 20: multipart */
/**
 * A byte range of a local file to send as one part (oss_upload_part_from_file): the bytes
 * [file_pos, file_last) of `filename`. Both ends are clamped to the file's size when the call
 * opens it, as in the official SDK; file_last below file_pos is refused. Make one with
 * oss_create_upload_file (zeroed).
 */
typedef struct {
    aos_string_t filename;
    int64_t file_pos;
    int64_t file_last;
} oss_upload_file_t;

/** One part of oss_complete_multipart_upload's part_list: its number (decimal text, 1..10000)
 *  and the ETag UploadPart returned (quotes included). Parts must be in ascending order. */
typedef struct {
    aos_list_t node;
    aos_string_t part_number;
    aos_string_t etag;
} oss_complete_part_content_t;

/** One uploaded part as oss_list_upload_part reports it; every field is text from the
 *  server's listing, allocated in options->pool. */
typedef struct {
    aos_list_t node;
    aos_string_t part_number;
    aos_string_t size;
    aos_string_t etag;
    aos_string_t last_modified;
} oss_list_part_content_t;

/** One open multipart upload as oss_list_multipart_upload reports it (pool text). */
typedef struct {
    aos_list_t node;
    aos_string_t key;
    aos_string_t upload_id;
    aos_string_t initiated;
} oss_list_multipart_upload_content_t;

/**
 * In and out of oss_list_upload_part: one page per call.
 * - in: `part_number_marker` (decimal text; "" for the first page), `max_ret` (1..1000; 0
 *   takes the server's default, 1000).
 * - out: `truncated` (non-zero when more pages follow), `next_part_number_marker` (set it as
 *   the next call's part_number_marker), `part_list` (oss_list_part_content_t entries appended).
 */
typedef struct {
    aos_string_t part_number_marker;
    int max_ret;
    int truncated;
    aos_string_t next_part_number_marker;
    aos_list_t part_list;
} oss_list_upload_part_params_t;

/**
 * In and out of oss_list_multipart_upload: one page per call.
 * - in: `prefix`, `key_marker`, `upload_id_marker`, `delimiter` ("" for none), `max_ret`
 *   (1..1000; 0 takes the server's default, 1000).
 * - out: `truncated`, `next_key_marker` and `next_upload_id_marker` (the next call's markers),
 *   `upload_list` (oss_list_multipart_upload_content_t entries appended).
 */
typedef struct {
    aos_string_t prefix;
    aos_string_t key_marker;
    aos_string_t upload_id_marker;
    aos_string_t delimiter;
    int max_ret;
    int truncated;
    aos_string_t next_key_marker;
    aos_string_t next_upload_id_marker;
    aos_list_t upload_list;
} oss_list_multipart_upload_params_t;
/* end issue 20: multipart */

/* issue 20: objects */
/** What oss_does_object_exist found. */
typedef enum {
    OSS_OBJECT_NON_EXIST = 0,    /**< the server said the key holds no object (404 NoSuchKey) */
    OSS_OBJECT_EXIST = 1,        /**< the HEAD succeeded */
    OSS_OBJECT_UNKNOWN_EXIST = 2 /**< anything else: see the status */
} oss_object_exist_status_e;

/** One object of an oss_list_object page: every field is the listing's text (allocated in
 *  options->pool): key (decoded), last_modified (ISO 8601, as OSS sends it), etag (with its
 *  quotes), size (decimal), owner_id, owner_display_name. */
typedef struct {
    aos_list_t node;
    aos_string_t key;
    aos_string_t last_modified;
    aos_string_t etag;
    aos_string_t size;
    aos_string_t owner_id;
    aos_string_t owner_display_name;
} oss_list_object_content_t;

/** One common prefix of an oss_list_object page (keys folded at the delimiter). */
typedef struct {
    aos_list_t node;
    aos_string_t prefix;
} oss_list_object_common_prefix_t;

/**
 * In and out of oss_list_object: one page per call.
 * - in: `prefix`, `marker` (list keys after it), `delimiter` ("" for none), `max_ret`
 *   (1..1000; 0 takes the server's default, 100).
 * - out: `truncated` (non-zero when more pages follow), `next_marker` (the next call's marker),
 *   `object_list` (oss_list_object_content_t entries appended) and `common_prefix_list`
 *   (oss_list_object_common_prefix_t entries appended).
 * Make it with oss_create_list_object_params, which initialises both lists.
 */
typedef struct {
    aos_string_t prefix;
    aos_string_t marker;
    aos_string_t delimiter;
    int max_ret;
    int truncated;
    aos_string_t next_marker;
    aos_list_t object_list;
    aos_list_t common_prefix_list;
} oss_list_object_params_t;
/* end issue 20: objects */

/* issue 20: buckets */
/** A canned ACL: x-oss-acl private, public-read, public-read-write; OSS_ACL_DEFAULT (objects
 *  only) inherits the bucket's. */
typedef enum {
    OSS_ACL_PRIVATE = 0,
    OSS_ACL_PUBLIC_READ = 1,
    OSS_ACL_PUBLIC_READ_WRITE = 2,
    OSS_ACL_DEFAULT = 3
} oss_acl_e;

/** One bucket of an oss_list_bucket page (text in options->pool): create_date (ISO 8601),
 *  extranet_endpoint, intranet_endpoint, location, name, storage_class. */
typedef struct {
    aos_list_t node;
    aos_string_t create_date;
    aos_string_t extranet_endpoint;
    aos_string_t intranet_endpoint;
    aos_string_t location;
    aos_string_t name;
    aos_string_t storage_class;
} oss_list_bucket_content_t;

/**
 * In and out of oss_list_bucket: one page per call.
 * - in: `prefix`, `marker` (list names after it), `max_keys` (1..1000; 0 takes the server's
 *   default, 100).
 * - out: `truncated`, `next_marker` (the next call's marker), `owner_id`, `owner_name`,
 *   `bucket_list` (oss_list_bucket_content_t entries appended).
 * Make it with oss_create_list_buckets_params, which initialises the list.
 */
typedef struct {
    aos_string_t prefix;
    aos_string_t marker;
    int max_keys;
    int truncated;
    aos_string_t next_marker;
    aos_string_t owner_id;
    aos_string_t owner_name;
    aos_list_t bucket_list;
} oss_list_buckets_params_t;
/* end issue 20: buckets */

OSS_CPP_END

#endif /* OSSRESUME_OSS_DEFINE_H */
