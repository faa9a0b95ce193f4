/**
 * @file aos_http_io.h
 * @brief Library start-up and shut-down, controllers and request options.
 */
#ifndef OSSRESUME_AOS_HTTP_IO_H
#define OSSRESUME_AOS_HTTP_IO_H

#include "aos_define.h"
#include "aos_transport.h"
#include "oss_define.h"

AOS_CPP_START

/**
 * @brief Prepares the library: creates the process-wide default request options and sets the
 *        User-Agent suffix.
 * @param user_agent_info free text appended to the User-Agent; NULL or "" gives "Unknown".
 * @param flag AOS_INIT_WINSOCK or 0; ignored on POSIX.
 * @return AOSE_OK. Calling it again resets the defaults. Not thread-safe: call it once at
 *         start-up, before any controller is created.
 */
int aos_http_io_initialize(const char *user_agent_info, int flag);

/** @brief Releases what aos_http_io_initialize made, and closes the kept-alive connections
 *  that oss_resumable_upload_file calls share (one pool per endpoint, proxy, CA and TLS and
 *  timeout settings; a call running now closes its own when it ends). Call it after destroying
 *  your pools; controllers made earlier must not be used afterwards. */
void aos_http_io_deinitialize(void);

/**
 * @brief Allocates a zeroed controller (an aos_http_controller_ex_t) from @p p, or from a new
 *        root pool (never freed) when @p p is NULL, whose `options` is the process-wide
 *        default object.
 * @param owner stored, otherwise unused (as in the official SDK).
 */
aos_http_controller_t *aos_http_controller_create(aos_pool_t *p, int owner);

/** @brief Allocates request options with the defaults (speed_limit 1024, speed_time 15,
 *  dns_cache_timeout 60, connect_timeout 10, max_memory_size 1 GiB, enable_crc 1, verify_ssl 1,
 *  verify_object_strict 1) from @p p; NULL when @p p is NULL. */
aos_http_request_options_t *aos_http_request_options_create(aos_pool_t *p);

/** @brief Allocates zeroed transport options from @p p. */
aos_http_transport_options_t *aos_http_transport_options_create(aos_pool_t *p);

/* issue 20: objects */
/** @brief A request description from @p p for oss_gen_signed_url: method HTTP_GET, empty
 *  `headers` and `query_params` tables, an empty body list, `pool` = @p p; NULL when @p p is
 *  NULL. */
aos_http_request_t *aos_http_request_create(aos_pool_t *p);
/* end issue 20: objects */

/** @brief The process-wide default request options (NULL before aos_http_io_initialize). */
extern aos_http_request_options_t *aos_default_http_request_options;
/** @brief The process-wide transport options (NULL before aos_http_io_initialize). */
extern aos_http_transport_options_t *aos_default_http_transport_options;

/** @brief The reason of the controller's last failure, or NULL. */
static inline char *aos_http_controller_get_reason(aos_http_controller_t *ctl)
{
    return ctl == NULL ? NULL : ((aos_http_controller_ex_t *)(void *)ctl)->reason;
}

AOS_CPP_END

#endif /* OSSRESUME_AOS_HTTP_IO_H */
