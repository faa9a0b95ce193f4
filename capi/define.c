// The header and query names the official SDK exports as data.

#include "internal.h"

const char OSS_CANNONICALIZED_HEADER_PREFIX[] = "x-oss-";
const char OSS_CANNONICALIZED_HEADER_DATE[] = "x-oss-date";
const char OSS_CANNONICALIZED_HEADER_ACL[] = "x-oss-acl";
const char OSS_CANNONICALIZED_HEADER_OBJECT_ACL[] = "x-oss-object-acl";
const char OSS_CONTENT_MD5[] = "Content-MD5";
const char OSS_CONTENT_TYPE[] = "Content-Type";
const char OSS_CONTENT_LENGTH[] = "Content-Length";
const char OSS_DATE[] = "Date";
const char OSS_AUTHORIZATION[] = "Authorization";
const char OSS_EXPECT[] = "Expect";
const char OSS_EXPIRES[] = "Expires";
const char OSS_STS_SECURITY_TOKEN[] = "x-oss-security-token";
const char OSS_SECURITY_TOKEN_V4[] = "x-oss-security-token";
const char OSS_SECURITY_TOKEN[] = "security-token";
const char OSS_CALLBACK[] = "x-oss-callback";
const char OSS_CALLBACK_VAR[] = "x-oss-callback-var";
const char OSS_HASH_CRC64_ECMA[] = "x-oss-hash-crc64ecma";
const char OSS_OBJECT_TYPE[] = "x-oss-object-type";
const char OSS_NEXT_APPEND_POSITION[] = "x-oss-next-append-position";
const char OSS_PROCESS[] = "x-oss-process";
const char OSS_COPY_SOURCE[] = "x-oss-copy-source";
const char OSS_CONTENT_SHA256[] = "x-oss-content-sha256";
const char OSS_SIGNATURE_VERSION[] = "x-oss-signature-version";
const char OSS_CREDENTIAL[] = "x-oss-credential";
const char OSS_EXPIRES_V4[] = "x-oss-expires";
const char OSS_SIGNATURE_V4[] = "x-oss-signature";
const char OSS_UPLOADS[] = "uploads";
const char OSS_UPLOAD_ID[] = "uploadId";
const char OSS_PARTNUMBER[] = "partNumber";
const char OSS_MAX_PARTS[] = "max-parts";
const char OSS_PART_NUMBER_MARKER[] = "part-number-marker";
const char OSS_MULTIPART_CONTENT_TYPE[] = "application/x-www-form-urlencoded";
const char OSS_OBJECT_TYPE_NORMAL[] = "Normal";
const char OSS_OBJECT_TYPE_APPENDABLE[] = "Appendable";
const char OSS_TAGGING[] = "tagging";

const int OSS_MAX_PART_NUM = 10000;
const int OSS_PER_RET_NUM = 1000;
const int MAX_SUFFIX_LEN = 1024;
