package oss

// This file fixes the exported surface of package oss: the inputs and outputs of every wire
// operation. Each operation lives in its own file (initiate.go, upload_part.go, ...).

import (
	"io"
	"net/http"
	"time"
)

// Response carries what every successful call returns besides its own fields.
type Response struct {
	StatusCode int
	Header     http.Header // the response headers as received
	RequestID  string      // x-oss-request-id
}

// InitiateInput names the object of a new multipart upload.
type InitiateInput struct {
	Bucket, Key string
	// Header holds the object's headers, sent on Initiate and applied to the final object:
	// Content-Type (derived from Key's extension when absent), x-oss-meta-*, x-oss-storage-class,
	// x-oss-object-acl, x-oss-tagging, x-oss-forbid-overwrite, x-oss-server-side-encryption,
	// Cache-Control, Content-Disposition, Content-Encoding, Expires, ...
	Header http.Header
}

// InitiateOutput is the server's answer to InitiateMultipartUpload.
type InitiateOutput struct {
	Bucket, Key, UploadID string
	Response
}

// UploadPartInput is one part. Body is read exactly once, streamed, and must yield Size bytes;
// it is never read once UploadPart has returned (nor is PutObjectInput.Body after PutObject).
type UploadPartInput struct {
	Bucket, Key, UploadID string
	PartNumber            int // 1..10000
	Body                  io.Reader
	Size                  int64  // Content-Length
	ContentMD5            string // optional base64 MD5 of the body
}

// UploadPartOutput carries the part's ETag (with its quotes, as OSS sends it) and the server's
// CRC-64 of the part.
type UploadPartOutput struct {
	ETag     string
	CRC64    uint64
	HasCRC64 bool // false when the server sent no x-oss-hash-crc64ecma
	Response
}

// ListPartsInput names an upload; MaxParts is the page size (0: the server's default, 1000).
type ListPartsInput struct {
	Bucket, Key, UploadID string
	MaxParts              int
	// MaxPages stops after this many pages, with ListPartsOutput.Truncated set when more
	// remain. 0: every page, up to MaxListPages (more is an InvalidResponse error).
	MaxPages int
}

// MaxListPages bounds the pages one ListParts or ListMultipartUploads call follows. OSS lists
// 1000 entries a page, so 10,000 parts take 10 pages: a server still saying "truncated" after
// 100 is paging forever (a marker that creeps), and the call fails rather than hold memory and
// time without end.
const MaxListPages = 100

// Part is one uploaded part as ListParts reports it.
type Part struct {
	PartNumber   int
	ETag         string
	Size         int64
	LastModified time.Time
	CRC64        uint64 // when the server lists it
	HasCRC64     bool
}

// ListPartsOutput holds every part of the upload, all pages followed, in ascending order.
type ListPartsOutput struct {
	Parts     []Part
	Truncated bool // MaxPages was reached with more pages left
	Response       // of the last page
}

// CompletedPart is one entry of CompleteMultipartUpload's body.
type CompletedPart struct {
	PartNumber int
	ETag       string
}

// CompleteInput lists the parts in ascending order. Header may carry x-oss-callback,
// x-oss-callback-var, x-oss-object-acl, x-oss-forbid-overwrite.
type CompleteInput struct {
	Bucket, Key, UploadID string
	Parts                 []CompletedPart
	Header                http.Header
}

// CompleteOutput is the server's answer. Body is the raw response body: the
// CompleteMultipartUploadResult XML, or a callback server's reply when x-oss-callback was set.
type CompleteOutput struct {
	Bucket, Key, ETag, Location string
	CRC64                       uint64 // of the whole object
	HasCRC64                    bool
	Body                        []byte
	Response
}

// AbortInput names the upload to abort.
type AbortInput struct {
	Bucket, Key, UploadID string
}

// AbortOutput is empty on success (204).
type AbortOutput struct {
	Response
}

// PutObjectInput uploads a whole object in one request.
type PutObjectInput struct {
	Bucket, Key string
	Body        io.Reader
	Size        int64
	Header      http.Header // as InitiateInput.Header, plus x-oss-callback
}

// PutObjectOutput carries the object's ETag and CRC-64, and the callback server's reply if any.
type PutObjectOutput struct {
	ETag     string
	CRC64    uint64
	HasCRC64 bool
	Body     []byte
	Response
}

// HeadObjectInput names an object. Header optionally carries conditions (If-Match,
// If-None-Match, If-Modified-Since, If-Unmodified-Since).
type HeadObjectInput struct {
	Bucket, Key string
	Header      http.Header
}

// HeadObjectOutput is the object's metadata.
type HeadObjectOutput struct {
	Size         int64
	ETag         string
	ContentType  string
	ObjectType   string // Normal, Multipart, Appendable, Symlink
	LastModified time.Time
	CRC64        uint64
	HasCRC64     bool
	Response
}

// GetObjectInput names an object and optionally a byte range (RangeEnd < 0: to the end).
type GetObjectInput struct {
	Bucket, Key          string
	RangeStart, RangeEnd int64
	HasRange             bool
	// Header optionally carries request headers (If-Match and the other conditions, a Range
	// of the caller's own when HasRange is false, ...); Query extra parameters
	// (response-content-type, versionId, x-oss-process, ...).
	Header http.Header
	Query  map[string]string
}

// GetObjectOutput streams the body; the caller closes Body.
type GetObjectOutput struct {
	Body          io.ReadCloser
	ContentLength int64
	ETag          string
	CRC64         uint64
	HasCRC64      bool
	Response
}

// ListMultipartUploadsInput filters and pages the bucket's open uploads. MaxUploads 0: server default.
type ListMultipartUploadsInput struct {
	Bucket, Prefix, KeyMarker, UploadIDMarker string
	MaxUploads                                int
	// MaxPages stops after this many pages, with ListMultipartUploadsOutput.Truncated set when
	// more remain. 0: every page, up to MaxListPages (more is an InvalidResponse error).
	MaxPages int
}

// Upload is one open multipart upload.
type Upload struct {
	Key, UploadID string
	Initiated     time.Time
}

// ListMultipartUploadsOutput holds every open upload matching the input, all pages followed.
type ListMultipartUploadsOutput struct {
	Uploads   []Upload
	Truncated bool // MaxPages was reached with more pages left
	Response
}

// BucketInput names a bucket (PutBucket, DeleteBucket).
type BucketInput struct {
	Bucket string
}

// BucketOutput is empty on success.
type BucketOutput struct {
	Response
}
