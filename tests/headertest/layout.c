/* The ABI of the public structs, checked at compile time against the official C SDK 3.11.2
 * on x86-64 LP64 (c-sdk-surface §0): a program built for the official layout reads and writes
 * the same bytes here. A wrong offset or size fails the build, not a test run. */
#include "oss_api.h"
#include "aos_http_io.h"

#include <stddef.h>

#if defined(__x86_64__) || defined(__aarch64__)
#define AT(type, field, off) _Static_assert(offsetof(type, field) == (off), #type "." #field)
#define SIZE(type, n) _Static_assert(sizeof(type) == (n), "sizeof " #type)

SIZE(aos_string_t, 16);
AT(aos_string_t, len, 0);
AT(aos_string_t, data, 8);

SIZE(aos_list_t, 16);
AT(aos_list_t, next, 0);
AT(aos_list_t, prev, 8);

SIZE(aos_status_t, 32);
AT(aos_status_t, code, 0);
AT(aos_status_t, error_code, 8);
AT(aos_status_t, error_msg, 16);
AT(aos_status_t, req_id, 24);

SIZE(oss_config_t, 168);
AT(oss_config_t, endpoint, 0);
AT(oss_config_t, access_key_id, 16);
AT(oss_config_t, access_key_secret, 32);
AT(oss_config_t, sts_token, 48);
AT(oss_config_t, is_cname, 64);
AT(oss_config_t, proxy_host, 72);
AT(oss_config_t, proxy_port, 88);
AT(oss_config_t, proxy_user, 96);
AT(oss_config_t, proxy_passwd, 112);
AT(oss_config_t, signature_version, 128);
AT(oss_config_t, region, 136);
AT(oss_config_t, cloudbox_id, 152);

SIZE(oss_request_options_t, 24);
AT(oss_request_options_t, config, 0);
AT(oss_request_options_t, ctl, 8);
AT(oss_request_options_t, pool, 16);

SIZE(oss_resumable_clt_params_t, 32);
AT(oss_resumable_clt_params_t, part_size, 0);
AT(oss_resumable_clt_params_t, thread_num, 8);
AT(oss_resumable_clt_params_t, enable_checkpoint, 12);
AT(oss_resumable_clt_params_t, checkpoint_path, 16);

SIZE(aos_http_controller_t, 56);
AT(aos_http_controller_t, options, 0);
AT(aos_http_controller_t, pool, 8);
AT(aos_http_controller_t, start_time, 16);
AT(aos_http_controller_t, first_byte_time, 24);
AT(aos_http_controller_t, finish_time, 32);
/* owner:1 is a bit-field at byte 40: offsetof cannot name it; user_data follows at 48. */
AT(aos_http_controller_t, user_data, 48);
SIZE(aos_http_controller_ex_t, 72);
AT(aos_http_controller_ex_t, error_code, 56);
AT(aos_http_controller_ex_t, reason, 64);

SIZE(aos_http_request_options_t, 80);
AT(aos_http_request_options_t, speed_limit, 0);
AT(aos_http_request_options_t, speed_time, 4);
AT(aos_http_request_options_t, dns_cache_timeout, 8);
AT(aos_http_request_options_t, connect_timeout, 12);
AT(aos_http_request_options_t, max_memory_size, 16);
AT(aos_http_request_options_t, enable_crc, 24);
AT(aos_http_request_options_t, proxy_host, 32);
AT(aos_http_request_options_t, proxy_auth, 40);
AT(aos_http_request_options_t, verify_ssl, 48);
AT(aos_http_request_options_t, ca_path, 56);
AT(aos_http_request_options_t, ca_file, 64);
AT(aos_http_request_options_t, verify_object_strict, 72);

SIZE(aos_buf_t, 48);
AT(aos_buf_t, node, 0);
AT(aos_buf_t, pos, 16);
AT(aos_buf_t, last, 24);
AT(aos_buf_t, start, 32);
AT(aos_buf_t, end, 40);

SIZE(apr_table_entry_t, 24);
AT(apr_table_entry_t, key, 0);
AT(apr_table_entry_t, val, 8);
AT(apr_table_entry_t, key_checksum, 16);
SIZE(apr_array_header_t, 32);
AT(apr_array_header_t, pool, 0);
AT(apr_array_header_t, elt_size, 8);
AT(apr_array_header_t, nelts, 12);
AT(apr_array_header_t, nalloc, 16);
AT(apr_array_header_t, elts, 24);

/* issue 20: objects */
SIZE(aos_file_buf_t, 48);
AT(aos_file_buf_t, node, 0);
AT(aos_file_buf_t, file_pos, 16);
AT(aos_file_buf_t, file_last, 24);
AT(aos_file_buf_t, file, 32);

SIZE(aos_http_request_t, 168);
AT(aos_http_request_t, host, 0);
AT(aos_http_request_t, proto, 8);
AT(aos_http_request_t, signed_url, 16);
AT(aos_http_request_t, method, 24);
AT(aos_http_request_t, uri, 32);
AT(aos_http_request_t, resource, 40);
AT(aos_http_request_t, headers, 48);
AT(aos_http_request_t, query_params, 56);
AT(aos_http_request_t, body, 64);
AT(aos_http_request_t, body_len, 80);
AT(aos_http_request_t, file_path, 88);
AT(aos_http_request_t, file_buf, 96);
AT(aos_http_request_t, pool, 104);
AT(aos_http_request_t, user_data, 112);
AT(aos_http_request_t, read_body, 120);
AT(aos_http_request_t, type, 128);
AT(aos_http_request_t, progress_callback, 136);
AT(aos_http_request_t, crc64, 144);
AT(aos_http_request_t, consumed_bytes, 152);
AT(aos_http_request_t, normalize_url, 160);

SIZE(oss_object_exist_status_e, 4);
SIZE(oss_list_object_content_t, 112);
AT(oss_list_object_content_t, node, 0);
AT(oss_list_object_content_t, key, 16);
AT(oss_list_object_content_t, last_modified, 32);
AT(oss_list_object_content_t, etag, 48);
AT(oss_list_object_content_t, size, 64);
AT(oss_list_object_content_t, owner_id, 80);
AT(oss_list_object_content_t, owner_display_name, 96);

SIZE(oss_list_object_common_prefix_t, 32);
AT(oss_list_object_common_prefix_t, node, 0);
AT(oss_list_object_common_prefix_t, prefix, 16);

SIZE(oss_list_object_params_t, 104);
AT(oss_list_object_params_t, prefix, 0);
AT(oss_list_object_params_t, marker, 16);
AT(oss_list_object_params_t, delimiter, 32);
AT(oss_list_object_params_t, max_ret, 48);
AT(oss_list_object_params_t, truncated, 52);
AT(oss_list_object_params_t, next_marker, 56);
AT(oss_list_object_params_t, object_list, 72);
AT(oss_list_object_params_t, common_prefix_list, 88);
/* end issue 20: objects */

/* issue 20: buckets */
SIZE(oss_acl_e, 4);
SIZE(oss_list_bucket_content_t, 112);
AT(oss_list_bucket_content_t, node, 0);
AT(oss_list_bucket_content_t, create_date, 16);
AT(oss_list_bucket_content_t, extranet_endpoint, 32);
AT(oss_list_bucket_content_t, intranet_endpoint, 48);
AT(oss_list_bucket_content_t, location, 64);
AT(oss_list_bucket_content_t, name, 80);
AT(oss_list_bucket_content_t, storage_class, 96);

SIZE(oss_list_buckets_params_t, 104);
AT(oss_list_buckets_params_t, prefix, 0);
AT(oss_list_buckets_params_t, marker, 16);
AT(oss_list_buckets_params_t, max_keys, 32);
AT(oss_list_buckets_params_t, truncated, 36);
AT(oss_list_buckets_params_t, next_marker, 40);
AT(oss_list_buckets_params_t, owner_id, 56);
AT(oss_list_buckets_params_t, owner_name, 72);
AT(oss_list_buckets_params_t, bucket_list, 88);
/* end issue 20: buckets */

/* issue 20: multipart */
SIZE(oss_upload_file_t, 32);
AT(oss_upload_file_t, filename, 0);
AT(oss_upload_file_t, file_pos, 16);
AT(oss_upload_file_t, file_last, 24);

SIZE(oss_complete_part_content_t, 48);
AT(oss_complete_part_content_t, node, 0);
AT(oss_complete_part_content_t, part_number, 16);
AT(oss_complete_part_content_t, etag, 32);

SIZE(oss_list_part_content_t, 80);
AT(oss_list_part_content_t, node, 0);
AT(oss_list_part_content_t, part_number, 16);
AT(oss_list_part_content_t, size, 32);
AT(oss_list_part_content_t, etag, 48);
AT(oss_list_part_content_t, last_modified, 64);

SIZE(oss_list_multipart_upload_content_t, 64);
AT(oss_list_multipart_upload_content_t, node, 0);
AT(oss_list_multipart_upload_content_t, key, 16);
AT(oss_list_multipart_upload_content_t, upload_id, 32);
AT(oss_list_multipart_upload_content_t, initiated, 48);

SIZE(oss_list_upload_part_params_t, 56);
AT(oss_list_upload_part_params_t, part_number_marker, 0);
AT(oss_list_upload_part_params_t, max_ret, 16);
AT(oss_list_upload_part_params_t, truncated, 20);
AT(oss_list_upload_part_params_t, next_part_number_marker, 24);
AT(oss_list_upload_part_params_t, part_list, 40);

SIZE(oss_list_multipart_upload_params_t, 120);
AT(oss_list_multipart_upload_params_t, prefix, 0);
AT(oss_list_multipart_upload_params_t, key_marker, 16);
AT(oss_list_multipart_upload_params_t, upload_id_marker, 32);
AT(oss_list_multipart_upload_params_t, delimiter, 48);
AT(oss_list_multipart_upload_params_t, max_ret, 64);
AT(oss_list_multipart_upload_params_t, truncated, 68);
AT(oss_list_multipart_upload_params_t, next_key_marker, 72);
AT(oss_list_multipart_upload_params_t, next_upload_id_marker, 88);
AT(oss_list_multipart_upload_params_t, upload_list, 104);
/* end issue 20: multipart */
#endif

/* The owner bit-field sits in the word after finish_time: set it and look at byte 40. */
int main(void)
{
    aos_http_controller_t ctl;
    memset(&ctl, 0, sizeof(ctl));
    ctl.owner = 1;
    const unsigned char *bytes = (const unsigned char *)&ctl;
    int ok = bytes[40] == 1;
    printf("%s\n", ok ? "1 passed, 0 failed" : "0 passed, 1 failed");
    return ok ? 0 : 1;
}
