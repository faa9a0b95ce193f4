// Constructors of the OSS structures, and oss_config_resolve.

#include "internal.h"

oss_config_t *oss_config_create(aos_pool_t *p)
{
    return ossr_pcalloc(p, sizeof(oss_config_t));
}

oss_request_options_t *oss_request_options_create(aos_pool_t *p)
{
    if (p == NULL && ossr_pool_create(&p, NULL) != APR_SUCCESS) {
        return NULL;
    }
    oss_request_options_t *o = ossr_pcalloc(p, sizeof(*o));
    if (o != NULL) {
        o->pool = p;
    }
    return o;
}

oss_resumable_clt_params_t *oss_create_resumable_clt_params_content(aos_pool_t *p,
        int64_t part_size, int32_t thread_num, int enable_checkpoint,
        const char *checkpoint_path)
{
    oss_resumable_clt_params_t *c = ossr_pcalloc(p, sizeof(*c));
    if (c == NULL) {
        return NULL;
    }
    c->part_size = part_size;
    c->thread_num = thread_num;
    c->enable_checkpoint = enable_checkpoint;
    if (enable_checkpoint && checkpoint_path != NULL) {
        aos_str_set(&c->checkpoint_path, checkpoint_path);
    }
    return c;
}

static int has_text(const aos_string_t *s)
{
    return s->data != NULL && s->len > 0;
}

void oss_config_resolve(aos_pool_t *pool, oss_config_t *config, aos_http_controller_t *ctl)
{
    if (pool == NULL || config == NULL || ctl == NULL || ctl->options == NULL) {
        return;
    }
    if (!has_text(&config->proxy_host)) {
        return;
    }
    if (config->proxy_port > 0) {
        ctl->options->proxy_host = ossr_psprintf(pool, "%.*s:%d", config->proxy_host.len,
                config->proxy_host.data, config->proxy_port);
    } else {
        ctl->options->proxy_host = ossr_pstrndup(pool, config->proxy_host.data,
                (size_t)config->proxy_host.len);
    }
    if (has_text(&config->proxy_user) && has_text(&config->proxy_passwd)) {
        ctl->options->proxy_auth = ossr_psprintf(pool, "%.*s:%.*s", config->proxy_user.len,
                config->proxy_user.data, config->proxy_passwd.len, config->proxy_passwd.data);
    }
}
