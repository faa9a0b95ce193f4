package oss

import (
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"
)

// endpoint is a parsed Config.Endpoint: scheme and authority, nothing after them.
type endpoint struct {
	scheme    string // "http" or "https"
	host      string // host[:port] as sent in the Host header; IPv6 literals bracketed
	pathStyle bool   // the host cannot carry a bucket label: IP literal or localhost
}

// parseEndpoint follows the C SDK (c-sdk-surface §2.7): an optional http:// or https:// prefix
// (none means http), everything from the first '/', '?' or '#' after the authority dropped, a
// user@ prefix dropped, and the host checked against [A-Za-z0-9_.-]+ or a bracketed IPv6
// literal, so a typo fails here rather than as a DNS error mid-upload.
func parseEndpoint(raw string) (endpoint, error) {
	bad := func(reason string) (endpoint, error) {
		return endpoint{}, &ArgumentError{Field: "Endpoint", Reason: reason}
	}
	s := strings.TrimSpace(raw)
	ep := endpoint{scheme: "http"}
	lower := strings.ToLower(s)
	switch {
	case strings.HasPrefix(lower, "https://"):
		ep.scheme, s = "https", s[len("https://"):]
	case strings.HasPrefix(lower, "http://"):
		s = s[len("http://"):]
	case strings.Contains(s, "://"):
		return bad("scheme must be http:// or https:// (" + strconv.Quote(s[:strings.Index(s, "://")]) + " given)")
	}
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if s == "" {
		return bad("no host")
	}

	hostname, port := s, ""
	if strings.HasPrefix(s, "[") {
		end := strings.IndexByte(s, ']')
		if end < 0 {
			return bad("unterminated IPv6 literal " + strconv.Quote(s))
		}
		hostname, port = s[1:end], s[end+1:]
		if port != "" && !strings.HasPrefix(port, ":") {
			return bad("unexpected text after IPv6 literal " + strconv.Quote(s))
		}
		port = strings.TrimPrefix(port, ":")
		addr, err := netip.ParseAddr(hostname)
		if err != nil || !addr.Is6() {
			return bad("invalid IPv6 literal " + strconv.Quote(hostname))
		}
	} else if strings.Count(s, ":") > 1 {
		// An unbracketed IPv6 literal cannot carry a port.
		addr, err := netip.ParseAddr(s)
		if err != nil || !addr.Is6() {
			return bad("invalid host " + strconv.Quote(s))
		}
		hostname = s
	} else if i := strings.IndexByte(s, ':'); i >= 0 {
		hostname, port = s[:i], s[i+1:]
		if port == "" {
			return bad("empty port in " + strconv.Quote(s))
		}
	}
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return bad("invalid port " + strconv.Quote(port))
		}
	}

	addr, err := netip.ParseAddr(hostname)
	isIP := err == nil
	if !isIP && !validHostname(hostname) {
		return bad("invalid host " + strconv.Quote(hostname) + " (allowed: letters, digits, '-', '_', '.')")
	}
	ep.host = hostname
	if isIP && addr.Is6() {
		ep.host = "[" + hostname + "]"
	}
	if port != "" {
		ep.host += ":" + port
	}
	// IP literals are path style, as every official SDK does. localhost is too: a
	// "bucket.localhost" host resolves on some systems and not on others, so a local test
	// server would work or not depending on the resolver; path style always works.
	ep.pathStyle = isIP || strings.EqualFold(hostname, "localhost")
	return ep, nil
}

func validHostname(h string) bool {
	if h == "" {
		return false
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// addressing decides where a request for bucket/key goes.
type addressing struct {
	ep        endpoint
	cname     bool
	pathStyle bool
}

// url returns the request URL for bucket and key (either may be empty) with the encoded
// query. The path keeps the bucket out of it for virtual-hosted and CNAME addressing.
func (a addressing) url(bucket, key, rawQuery string) *url.URL {
	u := &url.URL{Scheme: a.ep.scheme, Host: a.ep.host, RawQuery: rawQuery}
	var path, raw string
	switch {
	case bucket == "":
		path, raw = "/"+key, "/"+escape(key, false)
	case a.cname:
		path, raw = "/"+key, "/"+escape(key, false)
	case a.pathStyle || a.ep.pathStyle:
		path, raw = "/"+bucket+"/"+key, "/"+bucket+"/"+escape(key, false)
	default:
		u.Host = bucket + "." + a.ep.host
		path, raw = "/"+key, "/"+escape(key, false)
	}
	u.Path, u.RawPath = path, raw
	return u
}

// unreserved reports the bytes OSS's SDKs never percent-encode.
func unreserved(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

// escape percent-encodes s as the official SDKs send keys and query parts: every byte but
// A-Za-z0-9-_.~ becomes %XX (upper case), so "/" is %2F, " " is %20 and "+" is %2B. keepSlash
// keeps "/" literal, as the V4 canonical URI does.
func escape(s string, keepSlash bool) string {
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) && !(keepSlash && s[i] == '/') {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) || keepSlash && c == '/' {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return string(b)
}

// EscapeKey returns key as it appears in a request path: percent-encoded as the official SDKs
// send it, "/" included.
func EscapeKey(key string) string { return escape(key, false) }

// ValidateBucketName checks OSS's bucket naming rule: 3 to 63 characters from [a-z0-9-], not
// starting or ending with '-'.
func ValidateBucketName(name string) error {
	bad := func(reason string) error { return &ArgumentError{Field: "bucket", Reason: reason} }
	if len(name) < 3 || len(name) > 63 {
		return bad("name " + strconv.Quote(name) + " must be 3 to 63 characters long")
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return bad("name " + strconv.Quote(name) + " may hold only lower-case letters, digits and '-'")
		}
	}
	if name[0] == '-' || name[len(name)-1] == '-' {
		return bad("name " + strconv.Quote(name) + " must not start or end with '-'")
	}
	return nil
}

// MaxKeyLength is the longest object key OSS accepts, in bytes.
const MaxKeyLength = 1023

// ValidateObjectKey checks OSS's object naming rule: a non-empty UTF-8 string of at most 1023
// bytes that does not start with '/' or '\' (OSS's documented rule; the C SDK's paths assume
// it, and a key "/k" would otherwise name "k" on some paths and "/k" on others).
func ValidateObjectKey(key string) error {
	switch {
	case key == "":
		return &ArgumentError{Field: "key", Reason: "must not be empty"}
	case len(key) > MaxKeyLength:
		return &ArgumentError{Field: "key", Reason: "is " + strconv.Itoa(len(key)) + " bytes long, the limit is 1023"}
	case key[0] == '/' || key[0] == '\\':
		return &ArgumentError{Field: "key", Reason: "must not start with a slash ('/' or '\\')"}
	case !utf8.ValidString(key):
		return &ArgumentError{Field: "key", Reason: "is not valid UTF-8"}
	}
	return nil
}

// NormalEndpoint is the form in which records name and compare endpoints: scheme "http" or
// "https" (none given: http, as the C SDK does), the host lower-cased, the port only when it is
// not the scheme's default, and nothing else: no user:password (so none is ever stored or
// shown), path or trailing "/". "host:port", "http://host:port", "HTTP://HOST:PORT/" are one
// endpoint. An endpoint that does not parse is returned trimmed and lower-cased with anything
// up to an '@' dropped, so it still compares equal to itself and never leaks a password.
func NormalEndpoint(raw string) string {
	if strings.TrimSpace(raw) == "" {
		return ""
	}
	ep, err := parseEndpoint(raw)
	if err != nil {
		s := strings.ToLower(strings.TrimSpace(raw))
		if i := strings.LastIndexByte(s, '@'); i >= 0 {
			scheme := ""
			if j := strings.Index(s, "://"); j >= 0 && j < i {
				scheme = s[:j+3]
			}
			s = scheme + s[i+1:]
		}
		return s
	}
	host := strings.ToLower(ep.host)
	if p := ":" + map[string]string{"http": "80", "https": "443"}[ep.scheme]; strings.HasSuffix(host, p) {
		host = strings.TrimSuffix(host, p)
	}
	return ep.scheme + "://" + host
}
