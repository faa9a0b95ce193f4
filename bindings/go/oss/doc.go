// Package oss is the Alibaba Cloud OSS Go SDK v1's resumable upload
// (github.com/aliyun/aliyun-oss-go-sdk/oss, Bucket.UploadFile) on this project's engine: a program
// written against v1's UploadFile compiles and runs with only its import path changed to
// github.com/ossresume/ossresume/bindings/go/oss. It is a thin layer: Client wraps core/oss's
// client, UploadFile maps its options onto core/upload.Options and its results and errors back
// to v1's shapes, and every rule (validation, part plan, retries, checkpoint, CRC-64 checks) is
// the engine's. New code can use core/upload directly (see examples/go).
//
// What the engine adds under v1's names: Checkpoint(true, "") really keeps "<file>.cp" beside the
// file, as the documentation says (v1 v3.0.2 uploads without a checkpoint then); the record is
// written atomically under a lock and a resume re-checks parts by CRC-64 when the file's mtime
// changed; transient failures are retried with backoff; WithContext cancels parts in flight;
// UploadFile succeeds only when the object's CRC-64, as OSS reports it, equals the file's.
//
// # The v1 names this package has
//
// Client side: New, Client, Client.Bucket, ClientOption, and the ClientOptions Region,
// CloudBoxId, AuthVersion (AuthV1, the default, and AuthV4; AuthV2 is declared but New refuses
// it), AdditionalHeaders, SetCredentialsProvider, SecurityToken, Timeout, UseCname,
// ForcePathStyle, Proxy, AuthProxy, InsecureSkipVerify, UserAgent, HTTPClient, EnableCRC,
// SetLogLevel and SetLogger (LogOff, Error, Warn, Info, Debug). Credentials, CredentialsProvider,
// CredentialsProviderE, EnvironmentVariableCredentialsProvider and
// NewEnvironmentVariableCredentialsProvider.
//
// Upload: Bucket (fields Client, BucketName), Bucket.UploadFile, Option, and the Options
// Routines, Checkpoint, CheckpointDir, Progress, WithContext, GetResponseHeader, CallbackResult,
// ContentType, CacheControl, ContentDisposition, ContentEncoding, ContentLanguage, Expires, Meta,
// ObjectACL, ObjectStorageClass, ServerSideEncryption, ServerSideEncryptionKeyID,
// ServerSideDataEncryption, ForbidOverWrite, Callback, CallbackVar, SetTagging (Tagging, Tag) and
// SetHeader. ProgressListener, ProgressEvent (ConsumedBytes, TotalBytes, RwBytes, EventType),
// ProgressEventType and TransferStartedEvent, TransferDataEvent, TransferCompletedEvent,
// TransferFailedEvent. ServiceError (Code, Message, RequestID, HostID, Endpoint, Ec, RawMessage,
// StatusCode) and CRCCheckError, both returned as values as in v1. ACLType and ACLPrivate,
// ACLPublicRead, ACLPublicReadWrite, ACLDefault; StorageClassType and StorageStandard, StorageIA,
// StorageArchive, StorageColdArchive, StorageDeepColdArchive; MinPartSize, MaxPartSize,
// CheckpointFileSuffix.
//
// Not in v1, added here: ClientError (every failure that is not an answer from OSS),
// NewStaticCredentialsProvider (the v2 SDK's name), CRCCheckError's ClientCRC, ServerCRC,
// Operation and RequestID methods, Unwrap on the three error types, PartSHA256 (part SHA-256
// kept in the record; CRC-64 only by default) and LowSpeedLimit (curl's low-speed limit, the C
// SDK's speed_limit / speed_time: 1024 B/s for 15 s by default).
//
// # Where it differs from v1
//
//   - Routines defaults to 1 and is clamped to 1..100 as in v1; partSize 0 takes the engine's
//     default (8 MiB) where v1 refuses it; more than 10,000 parts grows the part size instead of
//     failing.
//   - Progress: TransferStartedEvent comes with the engine's first report (for a resume it
//     already counts the parts carried over, as in v1), TransferDataEvents follow every increase
//     rather than every finished part, and TransferCompletedEvent comes after OSS has verified
//     the object, not before the final request. An upload that fails before any byte is read
//     (credentials refused, no such bucket) sends no event, as in v1.
//   - Errors: every non-2xx answer is a ServiceError (v1 has UnexpectedStatusCodeError for some);
//     RawMessage is always "" (the engine does not keep the raw body). Failures v1 returns as
//     plain errors are ClientErrors.
//   - Timeout(0, 0) keeps the defaults (30 s connect, 60 s without a byte moving) instead of
//     meaning "wait forever". Without Proxy, the HTTP_PROXY / HTTPS_PROXY / NO_PROXY variables
//     apply. UserAgent is appended to this library's own User-Agent instead of replacing it.
//   - The checkpoint is this project's format; a v1 JSON .cp file is not read (it is replaced).
//
// # The v1 names this package does not have
//
// Bucket.DownloadFile is here too (download.go: Routines, Checkpoint, CheckpointDir, Progress,
// WithContext; records "<file>.dcp" rather than v1's "<file>.cp"). Every other Client and
// Bucket method (PutObject, GetObject, CopyFile, the
// multipart calls, listing, bucket settings, SignURL, ...); the Client fields Config, Conn and
// HTTPClient and Client.SetRegion, SetCloudBoxId, SetProduct, LimitUploadSpeed,
// LimitDownloadSpeed; the ClientOptions MaxConns, EnableMD5, MD5ThresholdCalcInMemory,
// SetLocalAddr, RedirectEnabled, Product and VerifyObjectStrict; the Options that must reach
// every part request or the URL, which the engine does not send per part (RequestPayer,
// RequestPayerParam, TrafficLimitHeader, SSECAlgorithm, SSECKey, SSECKeyMd5, AddParam, Sequential,
// VersionId and the other query parameters), and those meaningless for an upload (ACL, the
// If-*, Range, Copy* and Response* options, ContentMD5, ContentLength, Origin, UserAgentHeader);
// UnexpectedStatusCodeError; and the v1 helpers (FindOption, SplitFileByPartSize, TeeReader,
// GetProgressListener, ...). Code naming them does not compile against this package, which
// says at once what is missing.
package oss
