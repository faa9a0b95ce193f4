package upload

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sort"
	"strings"
)

// Result describes the object an Upload created.
type Result struct {
	Bucket, Key string
	UploadID    string // "" for an empty file (sent with PutObject)
	ETag        string // as the server sent it, quotes included
	CRC64       uint64 // of the whole object, verified against the server's when it sent one
	// Verified is true when the server's CRC-64 of the object matched CRC64: from Complete's
	// (or PutObject's) answer, or, when that carried none (a proxy stripped it), from a HEAD
	// of the object. False means no server CRC was to be had: the object exists, but nothing
	// proved its bytes; it must never be presented as verified.
	Verified  bool
	RequestID string // of the Complete (or PutObject) response
	Header    http.Header
	// Body is the Complete (or PutObject) response body: the CompleteMultipartUploadResult XML,
	// or the callback server's reply when x-oss-callback was set.
	Body         []byte
	BytesSent    int64 // part bytes the server acknowledged in this run
	BytesResumed int64 // part bytes carried over from an earlier run
	PartSize     int64
	Parts        int
	StatusCode   int
}

func hexString(b []byte) string { return hex.EncodeToString(b) }

// Headers applied at Complete rather than (or as well as) at Initiate.
var (
	completeOnly = map[string]bool{"X-Oss-Callback": true, "X-Oss-Callback-Var": true}
	completeAlso = map[string]bool{"X-Oss-Forbid-Overwrite": true, "X-Oss-Object-Acl": true}
)

// splitHeader returns the headers for Initiate and for Complete.
func splitHeader(h http.Header) (initiate, complete http.Header) {
	initiate, complete = http.Header{}, http.Header{}
	for k, vs := range h {
		ck := http.CanonicalHeaderKey(k)
		if !completeOnly[ck] {
			initiate[ck] = append(initiate[ck], vs...)
		}
		if completeOnly[ck] || completeAlso[ck] {
			complete[ck] = append(complete[ck], vs...)
		}
	}
	return initiate, complete
}

// headerDigest binds a checkpoint to the object's headers: the SHA-256 of the Initiate headers,
// keys lower-cased and sorted, one "key:value" line each.
func headerDigest(initiate http.Header) string {
	keys := make([]string, 0, len(initiate))
	for k := range initiate {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		for _, v := range initiate[k] {
			h.Write([]byte(strings.ToLower(k) + ":" + v + "\n"))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
