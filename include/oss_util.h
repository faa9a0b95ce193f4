/**
 * @file oss_util.h
 * @brief Constructors of the OSS structures.
 */
#ifndef OSSRESUME_OSS_UTIL_H
#define OSSRESUME_OSS_UTIL_H

#include "aos_define.h"
#include "aos_string.h"
#include "oss_define.h"

OSS_CPP_START

/** @brief A zero-filled oss_config_t from @p p (V1 signing, no CNAME, empty strings); NULL when
 *  @p p is NULL. */
oss_config_t *oss_config_create(aos_pool_t *p);

/** @brief Zeroed request options with `pool = p`; the caller sets `config` and `ctl`.
 *  A NULL @p p gets a new root pool that is never freed (as in the official SDK). */
oss_request_options_t *oss_request_options_create(aos_pool_t *p);

/**
 * @brief Resumable-upload parameters allocated from @p p.
 * @param checkpoint_path kept by pointer (not copied) when @p enable_checkpoint is set and it is
 *        non-NULL; otherwise the default "<file>.cp" applies.
 * Values are copied unchecked; oss_resumable_upload_file judges them.
 */
oss_resumable_clt_params_t *oss_create_resumable_clt_params_content(aos_pool_t *p,
        int64_t part_size, int32_t thread_num, int enable_checkpoint,
        const char *checkpoint_path);

/** @brief Copies the config's proxy into @p ctl's request options: `proxy_host` becomes
 *  "host" or "host:port", and `proxy_auth` "user:passwd" when both are set. Strings are
 *  allocated from @p pool. As in the official SDK this writes through `ctl->options`, which is
 *  the process-wide default unless the caller installed its own. */
void oss_config_resolve(aos_pool_t *pool, oss_config_t *config, aos_http_controller_t *ctl);

/* issue 20: multipart */
/** @brief A zeroed oss_upload_file_t from @p p; NULL when @p p is NULL. */
oss_upload_file_t *oss_create_upload_file(aos_pool_t *p);

/** @brief A zeroed oss_complete_part_content_t from @p p with its node initialised, ready for
 *  aos_list_add_tail; NULL when @p p is NULL. */
oss_complete_part_content_t *oss_create_complete_part_content(aos_pool_t *p);

/** @brief oss_list_upload_part parameters from @p p: part_number_marker "", max_ret 1000
 *  (OSS_PER_RET_NUM), truncated 1, an empty part_list; NULL when @p p is NULL. */
oss_list_upload_part_params_t *oss_create_list_upload_part_params(aos_pool_t *p);

/** @brief oss_list_multipart_upload parameters from @p p: prefix, key_marker, upload_id_marker
 *  and delimiter "", max_ret 1000, truncated 1, an empty upload_list; NULL when @p p is NULL. */
oss_list_multipart_upload_params_t *oss_create_list_multipart_upload_params(aos_pool_t *p);
/* end issue 20: multipart */

/* issue 20: objects */
/** @brief oss_list_object parameters from @p p: prefix, marker and delimiter "", max_ret 1000
 *  (OSS_PER_RET_NUM), truncated 1, both lists empty; NULL when @p p is NULL. */
oss_list_object_params_t *oss_create_list_object_params(aos_pool_t *p);

/** @brief A zeroed list entry from @p p with its node initialised; NULL when @p p is NULL. */
oss_list_object_content_t *oss_create_list_object_content(aos_pool_t *p);

/** @brief A zeroed list entry from @p p with its node initialised; NULL when @p p is NULL. */
oss_list_object_common_prefix_t *oss_create_list_object_common_prefix(aos_pool_t *p);
/* end issue 20: objects */

/* issue 20: buckets */
/** @brief oss_list_bucket parameters from @p p: prefix and marker "", max_keys 100, truncated
 *  1, an empty bucket_list; NULL when @p p is NULL. */
oss_list_buckets_params_t *oss_create_list_buckets_params(aos_pool_t *p);

/** @brief A zeroed list entry from @p p with its node initialised; NULL when @p p is NULL. */
oss_list_bucket_content_t *oss_create_list_bucket_content(aos_pool_t *p);
/* end issue 20: buckets */

OSS_CPP_END

#endif /* OSSRESUME_OSS_UTIL_H */
