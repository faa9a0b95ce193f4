// The native API's values: version queries, code names, and the error and result structs the
// library allocates and the caller frees (in C, so that the free happens in the allocator that
// allocated them, whatever the host's own allocator).

#include <stdlib.h>
#include <string.h>

#include "native_bridge.h"

static char *dup_or_empty(const char *s)
{
    return strdup(s != NULL ? s : "");
}

ossr_error *ossrn_error_new(int code, const char *error_code, const char *field, const char *message)
{
    ossr_error *e = calloc(1, sizeof(*e));
    if (e == NULL) {
        return NULL;
    }
    e->size = sizeof(*e);
    e->code = code;
    e->error_code = dup_or_empty(error_code);
    e->message = dup_or_empty(message);
    e->request_id = dup_or_empty(NULL);
    e->ec = dup_or_empty(NULL);
    e->field = dup_or_empty(field);
    e->path = dup_or_empty(NULL);
    e->upload_id = dup_or_empty(NULL);
    e->operation = dup_or_empty(NULL);
    e->host_id = dup_or_empty(NULL);
    e->transport = dup_or_empty(NULL);
    if (e->error_code == NULL || e->message == NULL || e->request_id == NULL || e->ec == NULL ||
        e->field == NULL || e->path == NULL || e->upload_id == NULL || e->operation == NULL ||
        e->host_id == NULL || e->transport == NULL) {
        ossr_error_free(e);
        return NULL;
    }
    return e;
}

const char *ossr_version(void)
{
    return OSSRESUME_VERSION;
}

uint32_t ossr_version_number(void)
{
    return ((uint32_t)OSSRESUME_VERSION_MAJOR << 16) | ((uint32_t)OSSRESUME_VERSION_MINOR << 8) |
           (uint32_t)OSSRESUME_VERSION_PATCH;
}

const char *ossr_code_name(int code)
{
    switch (code) {
    case OSSR_OK: return "OSSR_OK";
    case OSSR_E_ARG: return "OSSR_E_ARG";
    case OSSR_E_FILE: return "OSSR_E_FILE";
    case OSSR_E_SERVER: return "OSSR_E_SERVER";
    case OSSR_E_NETWORK: return "OSSR_E_NETWORK";
    case OSSR_E_INCONSISTENT: return "OSSR_E_INCONSISTENT";
    case OSSR_E_CANCELLED: return "OSSR_E_CANCELLED";
    case OSSR_E_CHECKPOINT_IN_USE: return "OSSR_E_CHECKPOINT_IN_USE";
    case OSSR_E_CHECKPOINT: return "OSSR_E_CHECKPOINT";
    case OSSR_E_FORK: return "OSSR_E_FORK";
    case OSSR_E_INTERNAL: return "OSSR_E_INTERNAL";
    case OSSR_E_TIMEOUT: return "OSSR_E_TIMEOUT";
    case OSSR_E_CREDENTIALS: return "OSSR_E_CREDENTIALS";
    }
    return "unknown";
}

void ossr_error_free(ossr_error *e)
{
    if (e == NULL) {
        return;
    }
    free((char *)e->error_code);
    free((char *)e->message);
    free((char *)e->request_id);
    free((char *)e->ec);
    free((char *)e->field);
    free((char *)e->path);
    free((char *)e->upload_id);
    free((char *)e->operation);
    free((char *)e->host_id);
    free((char *)e->transport);
    free(e);
}

void ossr_result_free(ossr_result *r)
{
    if (r == NULL) {
        return;
    }
    free((char *)r->bucket);
    free((char *)r->key);
    free((char *)r->etag);
    free((char *)r->request_id);
    free((char *)r->upload_id);
    free((char *)r->version_id);
    free((char *)r->body);
    if (r->headers != NULL) {
        for (size_t i = 0; r->headers[i] != NULL; i++) {
            free((char *)r->headers[i]);
        }
        free((void *)r->headers);
    }
    free(r);
}
