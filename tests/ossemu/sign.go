package ossemu

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// The server rebuilds every canonical form itself, from the decoded bucket, key and query, so a
// client whose canonicalisation differs from OSS's is caught (oss-protocol.md §2.5).

// v1SubResources are the query keys that V1 signs: the union of the lists the official Go SDKs
// (v1 and v2) carry, so that either client's requests verify. Query keys starting with "x-oss-"
// are signed too, as the v2 SDK does.
var v1SubResources = toSet(
	"acl", "uploads", "location", "cors", "logging", "website", "referer", "lifecycle",
	"delete", "append", "tagging", "objectMeta", "uploadId", "partNumber", "security-token",
	"position", "img", "style", "styleName", "replication", "replicationProgress",
	"replicationLocation", "cname", "bucketInfo", "comp", "qos", "live", "status", "vod",
	"startTime", "endTime", "symlink", "response-content-type", "response-content-language",
	"response-expires", "response-cache-control", "response-content-disposition",
	"response-content-encoding", "udf", "udfName", "udfImage", "udfId", "udfImageDesc",
	"udfApplication", "udfApplicationLog", "restore", "callback", "callback-var", "qosInfo",
	"policy", "stat", "encryption", "versions", "versioning", "versionId", "requestPayment",
	"sequential", "inventory", "inventoryId", "continuation-token", "asyncFetch", "worm",
	"wormId", "wormExtend", "withHashContext", "transferAcceleration", "regionList",
	"cloudboxes", "metaQuery", "resourceGroup", "rtc", "responseHeader",
)

func toSet(items ...string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}

func v1Signed(k string) bool { return v1SubResources[k] || strings.HasPrefix(k, "x-oss-") }

// v1Resource is "/bucket/key?sub-resources" with the raw (decoded) key and values.
func v1Resource(bucket, key string, q url.Values, skip map[string]bool) string {
	res := "/"
	if bucket != "" {
		res += bucket + "/" + key
	}
	var keys []string
	for k := range q {
		if v1Signed(k) && !skip[k] {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return res
	}
	sort.Strings(keys)
	for i, k := range keys {
		if v := q.Get(k); v != "" {
			keys[i] = k + "=" + v
		}
	}
	return res + "?" + strings.Join(keys, "&")
}

// v1StringToSign follows oss-protocol.md §2.1; date is the Date header, or Expires for a
// presigned URL.
func v1StringToSign(method string, h http.Header, date, resource string) string {
	var b strings.Builder
	b.WriteString(method + "\n" + h.Get("Content-MD5") + "\n" + h.Get("Content-Type") + "\n" + date + "\n")
	var names []string
	for k := range h {
		if lk := strings.ToLower(k); strings.HasPrefix(lk, "x-oss-") {
			names = append(names, lk)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		b.WriteString(n + ":" + headerValue(h, n) + "\n")
	}
	b.WriteString(resource)
	return b.String()
}

func v1Signature(secret, stringToSign string) string {
	m := hmac.New(sha1.New, []byte(secret))
	m.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// headerValue is every value of the header, each trimmed, joined by ",".
func headerValue(h http.Header, name string) string {
	vals := h.Values(name)
	for i, v := range vals {
		vals[i] = strings.TrimSpace(v)
	}
	return strings.Join(vals, ",")
}

// uriEscape percent-encodes everything but A-Z a-z 0-9 - _ . ~ (and "/" when keepSlash), with
// upper-case hex: QueryEscape with "+" as %20, the encoding both SDKs sign with.
func uriEscape(s string, keepSlash bool) string {
	const hexdig = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
			c == '-' || c == '_' || c == '.' || c == '~' || c == '/' && keepSlash {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexdig[c>>4])
		b.WriteByte(hexdig[c&15])
	}
	return b.String()
}

// v4Request holds what the V4 canonical request is built from.
type v4Request struct {
	Method     string
	Bucket     string
	Key        string
	Query      url.Values // every parameter except x-oss-signature
	Header     http.Header
	Host       string   // r.Host, for "host" listed in AdditionalHeaders
	Additional []string // lower-case, sorted
}

// canonical renders the V4 canonical request (oss-protocol.md §2.3).
func (v *v4Request) canonical() string {
	uri := "/"
	if v.Bucket != "" {
		uri += v.Bucket + "/" + v.Key
	}
	type pair struct{ k, v string }
	var pairs []pair
	for k, vals := range v.Query {
		for _, val := range vals {
			pairs = append(pairs, pair{uriEscape(k, false), uriEscape(val, false)})
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	var q strings.Builder
	for i, p := range pairs {
		if i > 0 {
			q.WriteByte('&')
		}
		q.WriteString(p.k)
		if p.v != "" {
			q.WriteString("=" + p.v)
		}
	}
	add := toSet(v.Additional...)
	signed := map[string]bool{}
	for k := range v.Header {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "x-oss-") || lk == "content-type" || lk == "content-md5" || add[lk] {
			signed[lk] = true
		}
	}
	for _, a := range v.Additional {
		signed[a] = true
	}
	names := make([]string, 0, len(signed))
	for n := range signed {
		names = append(names, n)
	}
	sort.Strings(names)
	var hb strings.Builder
	for _, n := range names {
		val := headerValue(v.Header, n)
		if n == "host" && val == "" {
			val = v.Host
		}
		hb.WriteString(n + ":" + val + "\n")
	}
	payload := v.Header.Get("x-oss-content-sha256")
	if payload == "" {
		payload = "UNSIGNED-PAYLOAD"
	}
	return v.Method + "\n" + uriEscape(uri, true) + "\n" + q.String() + "\n" + hb.String() + "\n" +
		strings.Join(v.Additional, ";") + "\n" + payload
}

func v4StringToSign(timestamp, scope, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return "OSS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
}

func hmacSHA256(key []byte, data string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(data))
	return m.Sum(nil)
}

// v4Signature derives the signing key from the secret and the scope (day, region, product).
func v4Signature(secret, day, region, product, stringToSign string) string {
	k := hmacSHA256([]byte("aliyun_v4"+secret), day)
	k = hmacSHA256(k, region)
	k = hmacSHA256(k, product)
	k = hmacSHA256(k, "aliyun_v4_request")
	return hex.EncodeToString(hmacSHA256(k, stringToSign))
}
