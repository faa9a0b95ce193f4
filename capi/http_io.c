// Start-up, shut-down, controllers and request options. The process-wide defaults are global
// because the official API makes them so: programs write through ctl->options to change them.

#include "internal.h"
#include "bridge.h"

aos_http_request_options_t *aos_default_http_request_options = NULL;
aos_http_transport_options_t *aos_default_http_transport_options = NULL;

static aos_pool_t *global_pool;
static char *user_agent_info;

static void set_request_defaults(aos_http_request_options_t *o)
{
    memset(o, 0, sizeof(*o));
    o->speed_limit = AOS_MIN_SPEED_LIMIT;
    o->speed_time = AOS_MIN_SPEED_TIME;
    o->dns_cache_timeout = AOS_DNS_CACHE_TIMOUT;
    o->connect_timeout = AOS_CONNECT_TIMEOUT;
    o->max_memory_size = AOS_MAX_MEMORY_SIZE;
    o->enable_crc = AOS_TRUE;
    o->verify_ssl = AOS_TRUE;
    o->verify_object_strict = AOS_TRUE;
}

int aos_http_io_initialize(const char *user_agent, int flag)
{
    (void)flag;
    aos_http_io_deinitialize();
    if (ossr_pool_create(&global_pool, NULL) != APR_SUCCESS) {
        return AOSE_INTERNAL_ERROR;
    }
    aos_default_http_request_options = aos_http_request_options_create(global_pool);
    aos_default_http_transport_options = aos_http_transport_options_create(global_pool);
    user_agent_info = ossr_pstrdup(global_pool,
            user_agent != NULL && user_agent[0] != '\0' ? user_agent : "Unknown");
    if (aos_default_http_request_options == NULL || aos_default_http_transport_options == NULL ||
        user_agent_info == NULL) {
        aos_http_io_deinitialize();
        return AOSE_INTERNAL_ERROR;
    }
    aos_default_http_transport_options->user_agent = ossr_psprintf(global_pool,
            "%s(Compatible %s)", AOS_VER, user_agent_info);
    return AOSE_OK;
}

void aos_http_io_deinitialize(void)
{
    ossr_go_release_transports();
    aos_default_http_request_options = NULL;
    aos_default_http_transport_options = NULL;
    user_agent_info = NULL;
    ossr_pool_destroy(global_pool);
    global_pool = NULL;
}

const char *ossr_user_agent_info(void)
{
    return user_agent_info != NULL ? user_agent_info : "";
}

aos_http_request_options_t *aos_http_request_options_create(aos_pool_t *p)
{
    aos_http_request_options_t *o = ossr_palloc(p, sizeof(*o));
    if (o != NULL) {
        set_request_defaults(o);
    }
    return o;
}

aos_http_transport_options_t *aos_http_transport_options_create(aos_pool_t *p)
{
    return ossr_pcalloc(p, sizeof(aos_http_transport_options_t));
}

aos_http_controller_t *aos_http_controller_create(aos_pool_t *p, int owner)
{
    if (p == NULL && ossr_pool_create(&p, NULL) != APR_SUCCESS) {
        return NULL;
    }
    aos_http_controller_ex_t *ex = ossr_pcalloc(p, sizeof(*ex));
    if (ex == NULL) {
        return NULL;
    }
    ex->ctl.pool = p;
    ex->ctl.owner = owner ? 1u : 0u;
    ex->ctl.options = aos_default_http_request_options;
    return &ex->ctl;
}
