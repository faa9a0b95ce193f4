package oss

import (
	"errors"
	"net/http"
	"net/url"
	"runtime"
	"sort"
	"strings"
	"time"
)

// Signer signs requests with OSS's V1 (HMAC-SHA1) or V4 (OSS4-HMAC-SHA256) header scheme. It
// needs no client, so it can be compared with other implementations on its own.
type Signer struct {
	Version    int    // 1 or 4
	Region     string // V4 credential scope; required unless CloudBoxID is set
	CloudBoxID string // V4: signs for product "oss-cloudbox" with this id in place of Region
	// AdditionalHeaders names headers V4 signs besides Content-Type, Content-MD5 and x-oss-*.
	AdditionalHeaders []string
	// SubResources names query parameters V1 signs besides its built-in list.
	SubResources []string
}

// SignInfo tells what was signed, for debugging a SignatureDoesNotMatch.
type SignInfo struct {
	StringToSign     string
	CanonicalRequest string // V4 only
	Authorization    string
}

// Header names the signer reads or writes.
const (
	headerDate          = "Date"
	headerOSSDate       = "X-Oss-Date"
	headerContentSHA256 = "X-Oss-Content-Sha256"
	headerSecurityToken = "X-Oss-Security-Token"
	unsignedPayload     = "UNSIGNED-PAYLOAD"
	v4DateTimeFormat    = "20060102T150405Z"
)

// Sign sets Date (and for V4 x-oss-date and x-oss-content-sha256), the STS token header when
// cred has one, and Authorization on req. key is the raw object key ("" for bucket or service
// requests, bucket "" for service requests); req.URL holds the encoded path and query.
func (s Signer) Sign(req *http.Request, bucket, key string, cred Credentials, now time.Time) (SignInfo, error) {
	if cred.AccessKeyID == "" || cred.AccessKeySecret == "" {
		return SignInfo{}, &ArgumentError{Field: "credentials", Reason: "access key id and secret must both be set"}
	}
	now = now.UTC()
	req.Header.Set(headerDate, now.Format(http.TimeFormat))
	if cred.SecurityToken != "" {
		req.Header.Set(headerSecurityToken, cred.SecurityToken)
	}
	var (
		info SignInfo
		err  error
	)
	switch s.Version {
	case 1:
		if runtime.GOOS == "js" {
			// A browser drops a Date header: OSS then takes x-oss-date as V1's date line.
			req.Header.Set(headerOSSDate, now.Format(http.TimeFormat))
		}
		info = s.signV1(req, bucket, key, cred, now.Format(http.TimeFormat))
	case 4:
		req.Header.Set(headerOSSDate, now.Format(v4DateTimeFormat))
		req.Header.Set(headerContentSHA256, unsignedPayload)
		info, err = s.signV4(req, bucket, key, cred, now.Format(v4DateTimeFormat), now.Format("20060102"))
		if err != nil {
			return SignInfo{}, err
		}
	default:
		return SignInfo{}, &ArgumentError{Field: "SignatureVersion", Reason: "must be 1 or 4"}
	}
	req.Header.Set("Authorization", info.Authorization)
	return info, nil
}

// canonicalResource is "/bucket/key" with the raw key, "/bucket/" for bucket requests and "/"
// for service requests, whatever the addressing style.
func canonicalResource(bucket, key string) string {
	if bucket == "" {
		return "/" + key
	}
	return "/" + bucket + "/" + key
}

// signedHeaderLines returns "name:value" lines for every header for which keep(lowerName) is
// true: names lower-cased, values trimmed and joined with ",", sorted by name.
func signedHeaderLines(h http.Header, keep func(string) bool) []string {
	byName := map[string][]string{}
	for name, values := range h {
		low := strings.ToLower(name)
		if !keep(low) {
			continue
		}
		for _, v := range values {
			byName[low] = append(byName[low], strings.TrimSpace(v))
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	lines := make([]string, len(names))
	for i, n := range names {
		lines[i] = n + ":" + strings.Join(byName[n], ",")
	}
	return lines
}

// queryPair is one decoded query parameter; hasValue distinguishes "k=" from "k" only for
// round-tripping, signing treats both alike.
type queryPair struct{ key, value string }

// parseQuery splits a raw query into decoded pairs in their order, treating '+' as a space
// as url.ParseQuery does. A malformed escape keeps the raw text rather than failing: the
// server then rejects the request with its own string to sign for debugging.
func parseQuery(raw string) []queryPair {
	var pairs []queryPair
	for raw != "" {
		var part string
		part, raw, _ = strings.Cut(raw, "&")
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		pairs = append(pairs, queryPair{unescapeQuery(k), unescapeQuery(v)})
	}
	return pairs
}

func unescapeQuery(s string) string {
	u, err := url.QueryUnescape(s)
	if err != nil {
		return s
	}
	return u
}

// encodeQuery writes params as a request's raw query, keys sorted, values encoded as OSS
// expects; an empty value gives a bare key ("uploads").
func encodeQuery(params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		b.WriteString(escape(k, false))
		if v := params[k]; v != "" {
			b.WriteByte('=')
			b.WriteString(escape(v, false))
		}
	}
	return b.String()
}

var errNoRegion = errors.New("V4 signing needs Region (or CloudBoxID)")
