package oss

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"sort"
	"strings"
)

// signV4 signs with timestamp as the string to sign's TimeStamp line and day (YYYYMMDD) in the
// credential scope. Sign passes the x-oss-date it just set; the tests also pass an RFC 1123
// Date, as the Go SDK v1 does, to check its captured requests.
func (s Signer) signV4(req *http.Request, bucket, key string, cred Credentials, timestamp, day string) (SignInfo, error) {
	region, product := s.Region, "oss"
	if s.CloudBoxID != "" {
		region, product = s.CloudBoxID, "oss-cloudbox"
	}
	if region == "" {
		return SignInfo{}, &ArgumentError{Field: "Region", Reason: errNoRegion.Error()}
	}
	additional := s.additionalHeaders(req.Header)
	canonical := s.canonicalRequestV4(req, bucket, key, additional)
	sum := sha256.Sum256([]byte(canonical))
	scope := day + "/" + region + "/" + product + "/aliyun_v4_request"
	sts := "OSS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + hex.EncodeToString(sum[:])

	signingKey := []byte("aliyun_v4" + cred.AccessKeySecret)
	for _, part := range []string{day, region, product, "aliyun_v4_request"} {
		signingKey = hmacSHA256(signingKey, part)
	}
	sig := hex.EncodeToString(hmacSHA256(signingKey, sts))

	auth := "OSS4-HMAC-SHA256 Credential=" + cred.AccessKeyID + "/" + scope
	if len(additional) > 0 {
		auth += ",AdditionalHeaders=" + strings.Join(additional, ";")
	}
	auth += ",Signature=" + sig
	return SignInfo{StringToSign: sts, CanonicalRequest: canonical, Authorization: auth}, nil
}

func hmacSHA256(key []byte, msg string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(msg))
	return mac.Sum(nil)
}

// signedByDefaultV4 reports the headers V4 always signs (lower-case name).
func signedByDefaultV4(low string) bool {
	return strings.HasPrefix(low, "x-oss-") || low == "content-type" || low == "content-md5"
}

// additionalHeaders returns the configured additional headers present on the request,
// lower-cased, deduplicated and sorted, leaving out those signed anyway.
func (s Signer) additionalHeaders(h http.Header) []string {
	var names []string
	seen := map[string]bool{}
	for _, n := range s.AdditionalHeaders {
		low := strings.ToLower(strings.TrimSpace(n))
		if low == "" || seen[low] || signedByDefaultV4(low) || h.Get(low) == "" {
			continue
		}
		seen[low] = true
		names = append(names, low)
	}
	sort.Strings(names)
	return names
}

func (s Signer) canonicalRequestV4(req *http.Request, bucket, key string, additional []string) string {
	var b strings.Builder
	b.WriteString(req.Method + "\n")
	b.WriteString(escape(canonicalResource(bucket, key), true) + "\n")

	// Every parameter, re-encoded the OSS way from its decoded form, as the server does
	// with the query it received; sorted by encoded name (then value, for a stable order).
	pairs := parseQuery(req.URL.RawQuery)
	enc := make([]queryPair, len(pairs))
	for i, p := range pairs {
		enc[i] = queryPair{escape(p.key, false), escape(p.value, false)}
	}
	sort.Slice(enc, func(i, j int) bool {
		if enc[i].key != enc[j].key {
			return enc[i].key < enc[j].key
		}
		return enc[i].value < enc[j].value
	})
	for i, p := range enc {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.key)
		if p.value != "" {
			b.WriteString("=" + p.value)
		}
	}
	b.WriteByte('\n')

	extra := map[string]bool{}
	for _, n := range additional {
		extra[n] = true
	}
	for _, line := range signedHeaderLines(req.Header, func(low string) bool {
		return signedByDefaultV4(low) || extra[low]
	}) {
		b.WriteString(line + "\n")
	}
	b.WriteByte('\n')
	b.WriteString(strings.Join(additional, ";") + "\n")
	payload := req.Header.Get(headerContentSHA256)
	if payload == "" {
		payload = unsignedPayload
	}
	b.WriteString(payload)
	return b.String()
}
