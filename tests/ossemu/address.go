package ossemu

import (
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// target is what a request addresses once the Host header and path are decoded.
type target struct {
	Bucket string // "" for service-level requests
	Key    string // "" for bucket-level requests
	Query  url.Values
}

const maxKeyLen = 1023

// resolveTarget finds the bucket and key. Virtual-hosted requests name the bucket as the first
// label of Host in front of an IP literal, "localhost", the server's own host name or an OSS
// endpoint name (oss-*.aliyuncs.com); anything else is path-style. The key is the percent-decoded path, so a "/" sent as %2F (as the Go SDK v1
// does) and a literal "/" name the same key.
func (s *Server) resolveTarget(r *http.Request) (target, *apiError) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return target{}, errInvalidArgument("The query string is not well formed.", "query", r.URL.RawQuery)
	}
	t := target{Query: q}
	path := r.URL.Path // already decoded by net/http
	if bucket := s.virtualBucket(r.Host); bucket != "" {
		t.Bucket = bucket
		t.Key = strings.TrimPrefix(path, "/")
	} else {
		rest := strings.TrimPrefix(path, "/")
		t.Bucket, t.Key, _ = strings.Cut(rest, "/")
	}
	if t.Bucket != "" && !validBucketName(t.Bucket) {
		return t, errorf(400, "InvalidBucketName", "The specified bucket is not valid.").with("BucketName", t.Bucket)
	}
	if len(t.Key) > maxKeyLen || !utf8.ValidString(t.Key) {
		return t, errorf(400, "InvalidObjectName", "The length of object name must be between 1 and 1023 bytes and the name must be valid UTF-8.")
	}
	return t, nil
}

// virtualBucket returns the bucket named in front of a known host, or "".
func (s *Server) virtualBucket(hostport string) string {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	if host == "" || net.ParseIP(host) != nil || strings.HasPrefix(host, "[") {
		return ""
	}
	label, rest, ok := strings.Cut(host, ".")
	if !ok {
		return ""
	}
	if rest == "localhost" || net.ParseIP(rest) != nil || rest == s.hostName || isOSSEndpoint(rest) {
		return label
	}
	return ""
}

// isOSSEndpoint reports whether host is an OSS endpoint name under aliyuncs.com
// ("oss-cn-hangzhou.aliyuncs.com", "oss-cn-hangzhou-internal.aliyuncs.com", ...; ali-oss
// builds "<region>.aliyuncs.com" from whatever region it is given). Real OSS routes by the Host
// header, and clients given an IP endpoint send it: ali-oss keeps the path "/key" and sends
// Host <bucket>.<region>.aliyuncs.com. A bare "oss-cn-hangzhou.aliyuncs.com" names no bucket.
func isOSSEndpoint(host string) bool { return strings.HasSuffix(host, ".aliyuncs.com") }

// validBucketName applies OSS's rule: 3-63 characters of [a-z0-9-], not starting or ending
// with "-". It is also why the admin paths (with "_") can never collide with a bucket.
func validBucketName(b string) bool {
	if len(b) < 3 || len(b) > 63 || b[0] == '-' || b[len(b)-1] == '-' {
		return false
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}
