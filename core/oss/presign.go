package oss

import (
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"
)

// PresignInput describes the request a pre-signed URL allows: Method (GET when empty) on
// Bucket/Key until Expires. Header holds the headers the URL's user will send and that are
// signed with it (Content-Type, Content-MD5, x-oss-*); Query holds extra parameters
// (response-content-type, ...), which become part of the URL.
type PresignInput struct {
	Method      string
	Bucket, Key string
	Expires     time.Time
	Header      http.Header
	Query       map[string]string
}

// MaxPresignV4 is the longest a V4 pre-signed URL may stay valid (OSS's limit, 7 days).
const MaxPresignV4 = 7 * 24 * time.Hour

// Presign returns a URL that lets anyone holding it make the described request until Expires,
// signed with the client's credentials and signature version, as the official SDKs sign query
// strings: V1 adds OSSAccessKeyId, Expires (Unix seconds) and Signature; V4 adds
// x-oss-signature-version, x-oss-credential, x-oss-date, x-oss-expires (seconds from now) and
// x-oss-signature. An STS token travels in the URL too. It sends nothing; ctx is only for the
// credentials provider.
func (c *Client) Presign(ctx context.Context, in *PresignInput) (string, error) {
	const op = "Presign"
	if in == nil {
		return "", nilInput(op)
	}
	if ctx == nil {
		return "", &ArgumentError{Field: "ctx", Reason: "must not be nil"}
	}
	if err := checkObject(in.Bucket, in.Key); err != nil {
		return "", err
	}
	method := in.Method
	if method == "" {
		method = http.MethodGet
	}
	switch method {
	case http.MethodGet, http.MethodPut, http.MethodHead, http.MethodPost, http.MethodDelete:
	default:
		return "", &ArgumentError{Field: "Method", Reason: "must be GET, PUT, HEAD, POST or DELETE, not " + strconv.Quote(method)}
	}
	for k, vs := range in.Header {
		if err := checkHeaderValues(k, vs); err != nil {
			return "", err
		}
	}
	cred, err := c.creds.Credentials(ctx)
	if err != nil {
		return "", err
	}
	if cred.AccessKeyID == "" || cred.AccessKeySecret == "" {
		return "", &ArgumentError{Field: "credentials", Reason: "access key id and secret must both be set"}
	}
	now := c.signingTime().UTC()
	q := make(map[string]string, len(in.Query)+6)
	for k, v := range in.Query {
		q[k] = v
	}
	var sign func(req *http.Request) string
	switch c.signer.Version {
	case 1:
		if !in.Expires.After(time.Unix(0, 0)) {
			return "", &ArgumentError{Field: "Expires", Reason: "must be a time after the epoch"}
		}
		exp := strconv.FormatInt(in.Expires.Unix(), 10)
		q["OSSAccessKeyId"], q["Expires"] = cred.AccessKeyID, exp
		if cred.SecurityToken != "" {
			q["security-token"] = cred.SecurityToken
		}
		sign = func(req *http.Request) string {
			mac := hmac.New(sha1.New, []byte(cred.AccessKeySecret))
			mac.Write([]byte(c.signer.stringToSignV1(req, in.Bucket, in.Key, exp)))
			q["Signature"] = base64.StdEncoding.EncodeToString(mac.Sum(nil))
			return encodeQuery(q)
		}
	case 4:
		secs := int64(in.Expires.Sub(now).Round(time.Second) / time.Second)
		if secs <= 0 || time.Duration(secs)*time.Second > MaxPresignV4 {
			return "", &ArgumentError{Field: "Expires", Reason: "must lie between now and 7 days from now for V4 signing"}
		}
		region, product := c.signer.Region, "oss"
		if c.signer.CloudBoxID != "" {
			region, product = c.signer.CloudBoxID, "oss-cloudbox"
		}
		day, stamp := now.Format("20060102"), now.Format(v4DateTimeFormat)
		scope := day + "/" + region + "/" + product + "/aliyun_v4_request"
		q["x-oss-signature-version"] = "OSS4-HMAC-SHA256"
		q["x-oss-credential"] = cred.AccessKeyID + "/" + scope
		q["x-oss-date"] = stamp
		q["x-oss-expires"] = strconv.FormatInt(secs, 10)
		if cred.SecurityToken != "" {
			q["x-oss-security-token"] = cred.SecurityToken
		}
		sign = func(req *http.Request) string {
			sum := sha256.Sum256([]byte(c.signer.canonicalRequestV4(req, in.Bucket, in.Key, nil)))
			sts := "OSS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n" + hex.EncodeToString(sum[:])
			key := []byte("aliyun_v4" + cred.AccessKeySecret)
			for _, part := range []string{day, region, product, "aliyun_v4_request"} {
				key = hmacSHA256(key, part)
			}
			q["x-oss-signature"] = hex.EncodeToString(hmacSHA256(key, sts))
			return encodeQuery(q)
		}
	default:
		return "", &ArgumentError{Field: "SignatureVersion", Reason: "must be 1 or 4"}
	}
	u := c.addr.url(in.Bucket, in.Key, encodeQuery(q))
	req, err := http.NewRequest(method, u.String(), nil)
	if err != nil {
		return "", &ArgumentError{Field: "request", Reason: err.Error()}
	}
	req.Header = in.Header.Clone()
	if req.Header == nil {
		req.Header = http.Header{}
	}
	u.RawQuery = sign(req)
	return u.String(), nil
}
