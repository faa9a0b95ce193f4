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
