package oss

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Option configures one UploadFile call. Options are applied in order; of two that set the
// same thing the later wins. A nil Option is ignored (SetTagging returns nil for no tags).
type Option func(*uploadConfig) error

// uploadConfig collects an UploadFile call's options.
type uploadConfig struct {
	header       http.Header
	routines     int
	cp           *cpConfig
	listener     ProgressListener
	ctx          context.Context
	respHeader   *http.Header
	callbackBody *[]byte
	partSHA256   bool
}

// cpConfig is what Checkpoint or CheckpointDir asked for.
type cpConfig struct {
	enable  bool
	path    string
	dirPath string
}

func setHeader(key, value string) Option {
	return func(c *uploadConfig) error { c.header.Set(key, value); return nil }
}

// Routines is the number of parts in flight. Default 1; values outside 1..100 become 1 or 100,
// as in the v1 SDK.
func Routines(n int) Option {
	return func(c *uploadConfig) error { c.routines = min(max(n, 1), 100); return nil }
}

// Checkpoint makes the upload resumable. With filePath "" the record is "<file>.cp" beside the
// local file, as the OSS documentation says (v1 v3.0.2 silently uploads without a checkpoint
// then; when "<file>.cp" holds another key's record, this key's goes beside it); otherwise it is
// filePath. The record is removed once the object is verified; a later UploadFile call with the
// same file, bucket and key sends only the parts it lacks.
func Checkpoint(isEnable bool, filePath string) Option {
	return func(c *uploadConfig) error { c.cp = &cpConfig{enable: isEnable, path: filePath}; return nil }
}

// PartSHA256 (ours; v1 has no such option) also keeps each part's SHA-256 in the checkpoint
// record, a cryptographic fingerprint of the part, at about twice the CPU. Default off: each
// part's CRC-64, which OSS verifies, is checked against the server's, recorded, and re-checked
// when a resume finds the file changed.
func PartSHA256(enable bool) Option {
	return func(c *uploadConfig) error { c.partSHA256 = enable; return nil }
}

// CheckpointDir is Checkpoint with the record in dirPath, named as the v1 SDK names it from the
// file's absolute path and the object ("<md5 hex>-<md5 hex>.cp"), so records of different
// uploads never collide. The directory must exist.
func CheckpointDir(isEnable bool, dirPath string) Option {
	return func(c *uploadConfig) error { c.cp = &cpConfig{enable: isEnable, dirPath: dirPath}; return nil }
}

// Progress sets the listener of the upload's progress events.
func Progress(listener ProgressListener) Option {
	return func(c *uploadConfig) error { c.listener = listener; return nil }
}

// WithContext bounds the upload by ctx: when ctx ends, the requests in flight are cut and
// UploadFile returns a ClientError wrapping ctx's error, keeping the checkpoint for a later call.
func WithContext(ctx context.Context) Option {
	return func(c *uploadConfig) error {
		if ctx == nil {
			return fmt.Errorf("WithContext: nil context")
		}
		c.ctx = ctx
		return nil
	}
}

// GetResponseHeader stores the headers of the request that created the object
// (CompleteMultipartUpload, or PutObject for an empty file) in *respHeader.
func GetResponseHeader(respHeader *http.Header) Option {
	return func(c *uploadConfig) error { c.respHeader = respHeader; return nil }
}

// CallbackResult stores the callback server's reply in *body when Callback was given.
func CallbackResult(body *[]byte) Option {
	return func(c *uploadConfig) error { c.callbackBody = body; return nil }
}

// The object's headers, sent when the upload is initiated.

// ContentType sets the object's Content-Type (default: from the key's extension).
func ContentType(value string) Option { return setHeader("Content-Type", value) }

// CacheControl sets the object's Cache-Control.
func CacheControl(value string) Option { return setHeader("Cache-Control", value) }

// ContentDisposition sets the object's Content-Disposition.
func ContentDisposition(value string) Option { return setHeader("Content-Disposition", value) }

// ContentEncoding sets the object's Content-Encoding.
func ContentEncoding(value string) Option { return setHeader("Content-Encoding", value) }

// ContentLanguage sets the object's Content-Language.
func ContentLanguage(value string) Option { return setHeader("Content-Language", value) }

// Expires sets the object's Expires header.
func Expires(t time.Time) Option { return setHeader("Expires", t.UTC().Format(http.TimeFormat)) }

// Meta sets the user metadata x-oss-meta-<key>.
func Meta(key, value string) Option { return setHeader("X-Oss-Meta-"+key, value) }

// ObjectACL sets the object's ACL (x-oss-object-acl).
func ObjectACL(acl ACLType) Option { return setHeader("X-Oss-Object-Acl", string(acl)) }

// ObjectStorageClass sets the object's storage class (x-oss-storage-class).
func ObjectStorageClass(storageClass StorageClassType) Option {
	return setHeader("X-Oss-Storage-Class", string(storageClass))
}

// ServerSideEncryption asks OSS to encrypt the object ("AES256", "KMS", "SM4").
func ServerSideEncryption(value string) Option {
	return setHeader("X-Oss-Server-Side-Encryption", value)
}

// ServerSideEncryptionKeyID names the KMS key for ServerSideEncryption("KMS").
func ServerSideEncryptionKeyID(value string) Option {
	return setHeader("X-Oss-Server-Side-Encryption-Key-Id", value)
}

// ServerSideDataEncryption sets the KMS data encryption algorithm ("SM4").
func ServerSideDataEncryption(value string) Option {
	return setHeader("X-Oss-Server-Side-Data-Encryption", value)
}

// ForbidOverWrite(true) makes the upload fail with FileAlreadyExists rather than replace an
// existing object.
func ForbidOverWrite(forbidWrite bool) Option {
	return setHeader("X-Oss-Forbid-Overwrite", strconv.FormatBool(forbidWrite))
}

// Callback sets the base64 callback description OSS calls after the object is complete.
func Callback(callback string) Option { return setHeader("X-Oss-Callback", callback) }

// CallbackVar sets the callback's custom variables (base64).
func CallbackVar(callbackVar string) Option { return setHeader("X-Oss-Callback-Var", callbackVar) }

// Tag is one object tag.
type Tag struct {
	Key   string `xml:"Key"`
	Value string `xml:"Value"`
}

// Tagging is a set of object tags.
type Tagging struct {
	Tags []Tag `xml:"TagSet>Tag,omitempty"`
}

// SetTagging tags the object (x-oss-tagging); it returns nil, which UploadFile ignores, when
// tagging holds no tags.
func SetTagging(tagging Tagging) Option {
	if len(tagging.Tags) == 0 {
		return nil
	}
	pairs := make([]string, len(tagging.Tags))
	for i, t := range tagging.Tags {
		pairs[i] = url.QueryEscape(t.Key) + "=" + url.QueryEscape(t.Value)
	}
	return setHeader("X-Oss-Tagging", strings.Join(pairs, "&"))
}

// SetHeader sets any other request header of the initiating request. The value must be a
// string; nil sets nothing, as in the v1 SDK.
func SetHeader(key string, value interface{}) Option {
	return func(c *uploadConfig) error {
		switch v := value.(type) {
		case nil:
			return nil
		case string:
			c.header.Set(key, v)
			return nil
		}
		return fmt.Errorf("SetHeader(%q): the value is a %T, not a string", key, value)
	}
}
