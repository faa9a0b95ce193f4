// Statuses and the SDK's error-code strings.

#include "internal.h"

const char AOS_XML_PARSE_ERROR_CODE[] = "ParseXmlError";
const char AOS_OPEN_FILE_ERROR_CODE[] = "OpenFileFail";
const char AOS_WRITE_FILE_ERROR_CODE[] = "WriteFileFail";
const char AOS_RENAME_FILE_ERROR_CODE[] = "RenameFileFail";
const char AOS_HTTP_IO_ERROR_CODE[] = "HttpIoError";
const char AOS_UNKNOWN_ERROR_CODE[] = "UnknownError";
const char AOS_CLIENT_ERROR_CODE[] = "ClientError";
const char AOS_SERVER_ERROR_CODE[] = "ServerError";
const char AOS_UTF8_ENCODE_ERROR_CODE[] = "Utf8EncodeFail";
const char AOS_URL_ENCODE_ERROR_CODE[] = "UrlEncodeFail";
const char AOS_INCONSISTENT_ERROR_CODE[] = "InconsistentError";
const char AOS_CREATE_QUEUE_ERROR_CODE[] = "CreateQueueFail";
const char AOS_CREATE_THREAD_POOL_ERROR_CODE[] = "CreateThreadPoolFail";
const char AOS_EMPTY_STRING_ERROR[] = "EmptyStringError";
const char AOS_SELECT_OBJECT_ERROR[] = "SelectObjectError";
const char AOS_SELECT_OBJECT_CRC_ERROR[] = "SelectObjectCRCError";
const char AOS_CREATE_SELECT_OBJECT_META_ERROR[] = "CreateSelectObjectMetaError";
const char AOS_BUCKET_NAME_INVALID_ERROR[] = "BucketNameInvalidError";
const char AOS_OBJECT_NAME_INVALID_ERROR[] = "ObjectNameInvalidError";

aos_status_t *aos_status_create(aos_pool_t *p)
{
    return ossr_pcalloc(p, sizeof(aos_status_t));
}

aos_status_t *aos_status_dup(aos_pool_t *p, aos_status_t *src)
{
    if (src == NULL) {
        return NULL;
    }
    aos_status_t *s = aos_status_create(p);
    if (s == NULL) {
        return NULL;
    }
    s->code = src->code;
    s->error_code = ossr_pstrdup(p, src->error_code);
    s->error_msg = ossr_pstrdup(p, src->error_msg);
    s->req_id = ossr_pstrdup(p, src->req_id);
    return s;
}

int aos_should_retry(aos_status_t *s)
{
    if (s == NULL || s->code / 100 == 2) {
        return AOS_FALSE;
    }
    if (s->code / 100 == 5) {
        return AOS_TRUE;
    }
    switch (s->code) {
    case AOSE_CONNECTION_FAILED:
    case AOSE_REQUEST_TIMEOUT:
    case AOSE_FAILED_CONNECT:
    case AOSE_SERVICE_ERROR:
        return AOS_TRUE;
    default:
        return AOS_FALSE;
    }
}

// Static statuses answer calls that leave no pool to allocate in. Callers must not modify
// them; the official SDK hands out such a status for an invalid bucket name too.
static aos_status_t static_statuses[] = {
    [OSSR_STATIC_NO_OPTIONS] = {AOSE_INVALID_ARGUMENT, (char *)AOS_CLIENT_ERROR_CODE,
                                (char *)"options is NULL", (char *)""},
    [OSSR_STATIC_NO_POOL] = {AOSE_INVALID_ARGUMENT, (char *)AOS_CLIENT_ERROR_CODE,
                             (char *)"options->pool is NULL", (char *)""},
    [OSSR_STATIC_BUCKET_INVALID] = {AOSE_INVALID_ARGUMENT, (char *)AOS_BUCKET_NAME_INVALID_ERROR,
                                    (char *)"The bucket name is invalid, please check.",
                                    (char *)""},
    [OSSR_STATIC_OUT_OF_MEMORY] = {AOSE_OUT_MEMORY, (char *)AOS_CLIENT_ERROR_CODE,
                                   (char *)"out of memory", (char *)""},
};

aos_status_t *ossr_static_status(int which)
{
    return &static_statuses[which];
}
