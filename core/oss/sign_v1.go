package oss

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"sort"
	"strings"
)

// v1SubResources are the query parameters V1 signs; all others are sent but not signed, and
// so are any starting with "x-oss-". The list is the newest official Go SDK's (v2), which the
// server accepts for every operation this package sends.
var v1SubResources = map[string]bool{
	"acl": true, "bucketInfo": true, "location": true, "stat": true, "delete": true,
	"append": true, "tagging": true, "objectMeta": true, "uploads": true, "uploadId": true,
	"partNumber": true, "security-token": true, "position": true,
	"response-content-type": true, "response-content-language": true, "response-expires": true,
	"response-cache-control": true, "response-content-disposition": true,
	"response-content-encoding": true, "restore": true, "callback": true, "callback-var": true,
	"versions": true, "versioning": true, "versionId": true, "sequential": true,
	"continuation-token": true, "regionList": true, "cloudboxes": true, "symlink": true,
}

// signV1 builds V1's string to sign with date as its date line (the Date header for header
// signing, the Expires epoch for presigning) and returns the Authorization value.
func (s Signer) signV1(req *http.Request, bucket, key string, cred Credentials, date string) SignInfo {
	sts := s.stringToSignV1(req, bucket, key, date)
	mac := hmac.New(sha1.New, []byte(cred.AccessKeySecret))
	mac.Write([]byte(sts))
	sig := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	return SignInfo{StringToSign: sts, Authorization: "OSS " + cred.AccessKeyID + ":" + sig}
}

func (s Signer) stringToSignV1(req *http.Request, bucket, key, date string) string {
	var b strings.Builder
	b.WriteString(req.Method + "\n")
	// HTTP drops blanks around a header value on the way (RFC 9110 §5.5), so the server signs
	// the trimmed value: sign that too, or a value like " text/plain" never verifies.
	b.WriteString(strings.TrimSpace(req.Header.Get("Content-MD5")) + "\n")
	b.WriteString(strings.TrimSpace(req.Header.Get("Content-Type")) + "\n")
	b.WriteString(date + "\n")
	for _, line := range signedHeaderLines(req.Header, func(low string) bool {
		return strings.HasPrefix(low, "x-oss-")
	}) {
		b.WriteString(line + "\n")
	}
	b.WriteString(canonicalResource(bucket, key))

	// Each signed parameter appears once, with its first value, decoded.
	seen := map[string]string{}
	var names []string
	for _, p := range parseQuery(req.URL.RawQuery) {
		if _, dup := seen[p.key]; dup || !s.isSubResource(p.key) {
			continue
		}
		seen[p.key] = p.value
		names = append(names, p.key)
	}
	sort.Strings(names)
	for i, n := range names {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(n)
		if v := seen[n]; v != "" {
			b.WriteString("=" + v)
		}
	}
	return b.String()
}

func (s Signer) isSubResource(name string) bool {
	if v1SubResources[name] || strings.HasPrefix(name, "x-oss-") {
		return true
	}
	for _, extra := range s.SubResources {
		if extra == name {
			return true
		}
	}
	return false
}
