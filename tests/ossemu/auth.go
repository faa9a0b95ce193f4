package ossemu

import (
	"crypto/subtle"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

const (
	maxSkew      = 15 * time.Minute
	iso8601      = "20060102T150405Z"
	v4Algorithm  = "OSS4-HMAC-SHA256"
	v4Terminator = "aliyun_v4_request"
)

// authenticate verifies the request's signature (header or presigned URL, V1 or V4), its time
// and its STS token, and returns the access key id it was signed with ("" when anonymous).
func (s *Server) authenticate(r *http.Request, t target) (string, *apiError) {
	q := t.Query
	switch auth := r.Header.Get("Authorization"); {
	case strings.HasPrefix(auth, "OSS "):
		return s.authV1Header(r, t, strings.TrimPrefix(auth, "OSS "))
	case strings.HasPrefix(auth, v4Algorithm+" "):
		return s.authV4Header(r, t, strings.TrimPrefix(auth, v4Algorithm+" "))
	case auth != "":
		return "", errorf(400, "InvalidArgument", "Authorization header is invalid.")
	case q.Has("OSSAccessKeyId") || q.Has("Signature"):
		return s.authV1Query(r, t)
	case q.Get("x-oss-signature-version") == v4Algorithm:
		return s.authV4Query(r, t)
	case q.Has("x-oss-signature-version"):
		return "", errorf(400, "InvalidArgument", "Unsupported signature version.").with("ArgumentName", "x-oss-signature-version")
	}
	if s.opts.AllowAnonymous {
		return "", nil
	}
	return "", errorf(403, "AccessDenied", "You have no right to access this object because of bucket acl.")
}

// secretFor looks the access key up.
func (s *Server) secretFor(id string) (string, *apiError) {
	secret, ok := s.secrets[id]
	if !ok {
		return "", errorf(403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our records.").with("OSSAccessKeyId", id)
	}
	return secret, nil
}

// checkToken accepts a request without a token, or with one of the configured STS tokens.
func (s *Server) checkToken(token string) *apiError {
	if token == "" || s.sts[token] {
		return nil
	}
	return errorf(403, "InvalidSecurityToken", "The security token you provided is invalid.")
}

// checkSkew refuses a request time more than 15 minutes from the server's clock.
func (s *Server) checkSkew(reqTime time.Time, raw string) *apiError {
	now := s.now()
	if d := now.Sub(reqTime); d > maxSkew || d < -maxSkew {
		return errorf(403, "RequestTimeTooSkewed", "The difference between the request time and the current time is too large.").
			with("RequestTime", raw).
			with("ServerTime", now.UTC().Format("2006-01-02T15:04:05.000Z")).
			with("MaxAllowedSkewMilliseconds", "900000")
	}
	return nil
}

func parseHTTPDate(v string) (time.Time, bool) {
	for _, layout := range []string{http.TimeFormat, time.RFC1123, time.RFC1123Z, iso8601} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// requestTime is x-oss-date when present, else Date.
func requestTime(h http.Header) (time.Time, string, *apiError) {
	raw := h.Get("x-oss-date")
	if raw == "" {
		raw = h.Get("Date")
	}
	t, ok := parseHTTPDate(raw)
	if !ok {
		return time.Time{}, raw, errorf(403, "AccessDenied", "OSS authentication requires a valid Date.")
	}
	return t, raw, nil
}

func mismatch(id, provided, stringToSign string) *apiError {
	hexBytes := make([]string, len(stringToSign))
	for i := 0; i < len(stringToSign); i++ {
		hexBytes[i] = fmt.Sprintf("%02x", stringToSign[i])
	}
	return errorf(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method.").
		with("StringToSign", stringToSign).
		with("StringToSignBytes", strings.Join(hexBytes, " ")).
		with("SignatureProvided", provided).
		with("OSSAccessKeyId", id)
}

func sameString(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

func (s *Server) authV1Header(r *http.Request, t target, cred string) (string, *apiError) {
	id, sig, ok := strings.Cut(cred, ":")
	if !ok || id == "" {
		return "", errorf(400, "InvalidArgument", "Authorization header is invalid.")
	}
	secret, e := s.secretFor(id)
	if e != nil {
		return "", e
	}
	reqTime, raw, e := requestTime(r.Header)
	if e != nil {
		return "", e
	}
	// The date line is Date, or x-oss-date when there is no Date: browsers cannot set Date, so
	// ali-oss sends and signs only x-oss-date (OSS error 0002-00000503: "Add the Date header"
	// or "Add the x-oss-date header"; OSS "Include a V1 signature in the Authorization header").
	date := r.Header.Get("Date")
	if date == "" {
		date = r.Header.Get("x-oss-date")
	}
	sts, ok := v1Verify(secret, sig, func(resource string) string {
		return v1StringToSign(r.Method, r.Header, date, resource)
	}, v1Resources(r, t, nil))
	if !ok {
		return "", mismatch(id, sig, sts)
	}
	if e := s.checkSkew(reqTime, raw); e != nil {
		return "", e
	}
	return id, s.checkToken(r.Header.Get("x-oss-security-token"))
}

var v1QuerySkip = toSet("OSSAccessKeyId", "Signature", "Expires")

// v1Resources are the canonical resources a V1 signature may be over: "/bucket/key" always;
// for a path-style bucket-level request sent as "/bucket" (no trailing slash), "/bucket" too,
// which is what the official C SDK signs for an IP endpoint.
func v1Resources(r *http.Request, t target, skip map[string]bool) []string {
	res := []string{v1Resource(t.Bucket, t.Key, t.Query, skip)}
	if t.Bucket != "" && t.Key == "" && r.URL.Path == "/"+t.Bucket {
		res = append(res, strings.Replace(res[0], "/"+t.Bucket+"/", "/"+t.Bucket, 1))
	}
	return res
}

// v1Verify checks sig against the string to sign over each candidate resource; it returns the
// first string to sign (for the mismatch report) and whether any verified.
func v1Verify(secret, sig string, stringToSign func(resource string) string, resources []string) (string, bool) {
	first := ""
	for i, res := range resources {
		sts := stringToSign(res)
		if i == 0 {
			first = sts
		}
		if sameString(v1Signature(secret, sts), sig) {
			return sts, true
		}
	}
	return first, false
}

func (s *Server) authV1Query(r *http.Request, t target) (string, *apiError) {
	q := t.Query
	id, sig, expires := q.Get("OSSAccessKeyId"), q.Get("Signature"), q.Get("Expires")
	secret, e := s.secretFor(id)
	if e != nil {
		return "", e
	}
	exp, err := strconv.ParseInt(expires, 10, 64)
	if err != nil {
		return "", errInvalidArgument("Expires is not a valid number.", "Expires", expires)
	}
	sts, ok := v1Verify(secret, sig, func(resource string) string {
		return v1StringToSign(r.Method, r.Header, expires, resource)
	}, v1Resources(r, t, v1QuerySkip))
	if !ok {
		return "", mismatch(id, sig, sts)
	}
	if s.now().Unix() > exp {
		return "", errorf(403, "AccessDenied", "Request has expired.").with("Expires", time.Unix(exp, 0).UTC().Format(time.RFC3339))
	}
	return id, s.checkToken(q.Get("security-token"))
}

// v4Credential is the parsed "AK/day/region/product/aliyun_v4_request".
type v4Credential struct{ ID, Day, Region, Product string }

func parseV4Credential(c string) (v4Credential, bool) {
	parts := strings.Split(c, "/")
	if len(parts) != 5 || parts[4] != v4Terminator || parts[0] == "" {
		return v4Credential{}, false
	}
	return v4Credential{parts[0], parts[1], parts[2], parts[3]}, true
}

// parseAdditional validates an AdditionalHeaders list: present means non-empty.
func parseAdditional(v string, present bool) ([]string, *apiError) {
	if !present {
		return nil, nil
	}
	if v == "" {
		return nil, errorf(400, "InvalidArgument", "AdditionalHeaders must not be empty when present.")
	}
	var out []string
	for _, n := range strings.Split(v, ";") {
		if n = strings.ToLower(strings.TrimSpace(n)); n != "" {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out, nil
}

func (s *Server) authV4Header(r *http.Request, t target, rest string) (string, *apiError) {
	fields := map[string]string{}
	has := map[string]bool{}
	for _, f := range strings.Split(rest, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(f), "=")
		fields[k], has[k] = v, true
	}
	cred, ok := parseV4Credential(fields["Credential"])
	if !ok || fields["Signature"] == "" {
		return "", errorf(400, "InvalidArgument", "Authorization header is invalid: it needs Credential=AK/day/region/product/aliyun_v4_request and Signature.")
	}
	additional, e := parseAdditional(fields["AdditionalHeaders"], has["AdditionalHeaders"])
	if e != nil {
		return "", e
	}
	secret, e := s.secretFor(cred.ID)
	if e != nil {
		return "", e
	}
	reqTime, raw, e := requestTime(r.Header)
	if e != nil {
		return "", e
	}
	if reqTime.UTC().Format("20060102") != cred.Day {
		return "", errorf(403, "AccessDenied", "Invalid signing date in Authorization header.")
	}
	v := v4Request{Method: r.Method, Bucket: t.Bucket, Key: t.Key, Query: t.Query, Header: r.Header, Host: r.Host, Additional: additional}
	scope := cred.Day + "/" + cred.Region + "/" + cred.Product + "/" + v4Terminator
	sts := v4StringToSign(raw, scope, v.canonical())
	if got := fields["Signature"]; !sameString(v4Signature(secret, cred.Day, cred.Region, cred.Product, sts), got) {
		return "", mismatch(cred.ID, got, sts).with("CanonicalRequest", v.canonical())
	}
	if e := s.checkSkew(reqTime, raw); e != nil {
		return "", e
	}
	return cred.ID, s.checkToken(r.Header.Get("x-oss-security-token"))
}

func (s *Server) authV4Query(r *http.Request, t target) (string, *apiError) {
	q := t.Query
	cred, ok := parseV4Credential(q.Get("x-oss-credential"))
	if !ok {
		return "", errInvalidArgument("x-oss-credential is invalid.", "x-oss-credential", q.Get("x-oss-credential"))
	}
	additional, e := parseAdditional(q.Get("x-oss-additional-headers"), q.Has("x-oss-additional-headers"))
	if e != nil {
		return "", e
	}
	secret, e := s.secretFor(cred.ID)
	if e != nil {
		return "", e
	}
	raw := q.Get("x-oss-date")
	signed, err := time.Parse(iso8601, raw)
	if err != nil || raw[:8] != cred.Day {
		return "", errInvalidArgument("x-oss-date is invalid.", "x-oss-date", raw)
	}
	expires, err := strconv.ParseInt(q.Get("x-oss-expires"), 10, 64)
	if err != nil || expires <= 0 {
		return "", errInvalidArgument("x-oss-expires is invalid.", "x-oss-expires", q.Get("x-oss-expires"))
	}
	signedQuery := url.Values{}
	for k, vals := range q {
		if k != "x-oss-signature" {
			signedQuery[k] = vals
		}
	}
	v := v4Request{Method: r.Method, Bucket: t.Bucket, Key: t.Key, Query: signedQuery, Header: r.Header, Host: r.Host, Additional: additional}
	scope := cred.Day + "/" + cred.Region + "/" + cred.Product + "/" + v4Terminator
	sts := v4StringToSign(raw, scope, v.canonical())
	if got := q.Get("x-oss-signature"); !sameString(v4Signature(secret, cred.Day, cred.Region, cred.Product, sts), got) {
		return "", mismatch(cred.ID, got, sts).with("CanonicalRequest", v.canonical())
	}
	now := s.now()
	if now.After(signed.Add(time.Duration(expires) * time.Second)) {
		return "", errorf(403, "AccessDenied", "Request has expired.")
	}
	if now.Before(signed.Add(-maxSkew)) {
		return "", errorf(403, "RequestTimeTooSkewed", "The request time is in the future.")
	}
	return cred.ID, s.checkToken(q.Get("x-oss-security-token"))
}
