package ossemu

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/ossresume/ossresume/core/oss"
)

// FuzzServeRawRequest parses arbitrary bytes as an HTTP request and serves it: the server must
// not panic, must answer a valid status, and must never serve an unsigned request (anonymous
// access is off) from a client that is not loopback.
func FuzzServeRawRequest(f *testing.F) {
	s, err := Start(Options{Keys: []Key{{ID: "fuzz-ak", Secret: "fuzz-secret"}}, Buckets: []string{"bkt"}, STSTokens: []string{"tok"}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	seeds := []string{
		"PUT /bkt/k HTTP/1.1\r\nHost: 127.0.0.1\r\nDate: Mon, 02 Jan 2006 15:04:05 GMT\r\nAuthorization: OSS fuzz-ak:c2lnbmF0dXJl\r\nContent-Length: 3\r\n\r\nabc",
		"GET /bkt/k?uploadId=U&partNumber=1 HTTP/1.1\r\nHost: bkt.localhost\r\nAuthorization: OSS4-HMAC-SHA256 Credential=fuzz-ak/20240101/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=host,Signature=00\r\nx-oss-date: 20240101T000000Z\r\nx-oss-content-sha256: UNSIGNED-PAYLOAD\r\n\r\n",
		"GET /bkt/k?OSSAccessKeyId=fuzz-ak&Expires=9999999999&Signature=abc HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
		"GET /bkt/k?x-oss-signature-version=OSS4-HMAC-SHA256&x-oss-credential=fuzz-ak%2F20240101%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-date=20240101T000000Z&x-oss-expires=60&x-oss-signature=00 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
		"POST /bkt/k?uploads HTTP/1.1\r\nHost: 127.0.0.1\r\nx-oss-security-token: tok\r\n\r\n",
		"POST /bkt/k?uploadId=U HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 60\r\n\r\n<CompleteMultipartUpload><Part><PartNumber>1</PartNumber>",
		"GET /_ossemu/faults HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
		"DELETE /bkt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			return
		}
		r.RemoteAddr = "192.0.2.1:1234" // not loopback: the admin endpoint must refuse it too
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code < 100 || w.Code > 599 {
			t.Fatalf("status %d", w.Code)
		}
		signed := r.Header.Get("Authorization") != "" || r.URL.Query().Has("Signature") || r.URL.Query().Has("x-oss-signature")
		if !signed && w.Code/100 == 2 {
			t.Fatalf("an unsigned request from a remote client was served: %s %s → %d", r.Method, r.URL, w.Code)
		}
	})
}

// FuzzSignatureAgreement signs requests with the client core (core/oss) for arbitrary keys,
// metadata, content types and tokens, V1 and V4, and sends them to the server: the server's
// verification must agree with the client's signing (never SignatureDoesNotMatch), and the same
// request with a wrong secret must always be refused.
func FuzzSignatureAgreement(f *testing.F) {
	s, err := Start(Options{Keys: []Key{{ID: "fuzz-ak", Secret: "fuzz-secret"}}, Buckets: []string{"bkt"}, STSTokens: []string{"tok"}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	f.Add("dir/obj.txt", "meta", "text/plain", false, false)
	f.Add("a b/ü+%2F?x=y&z", " spaced  value ", "", true, true)
	f.Add("~!@#$%^&*()_+{}|:\"<>?`-=[]\\;',./", "ünïcode", "application/x-www-form-urlencoded; charset=utf-8", true, false)
	f.Fuzz(func(t *testing.T, key, meta, ctype string, v4, token bool) {
		put := func(secret string) error {
			tok := ""
			if token {
				tok = "tok"
			}
			cfg := oss.Config{Endpoint: s.URL(), SignatureVersion: 1, Credentials: oss.StaticCredentials("fuzz-ak", secret, tok)}
			if v4 {
				cfg.SignatureVersion, cfg.Region = 4, "cn-hangzhou"
			}
			c, err := oss.New(cfg)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			h := http.Header{}
			if meta != "" {
				h.Set("x-oss-meta-fuzz", meta)
			}
			if ctype != "" {
				h.Set("Content-Type", ctype)
			}
			_, err = c.PutObject(context.Background(), &oss.PutObjectInput{Bucket: "bkt", Key: key, Body: strings.NewReader("x"), Size: 1, Header: h})
			return err
		}
		err := put("fuzz-secret")
		var ae *oss.ArgumentError
		if errors.As(err, &ae) {
			return // refused by the client before signing: nothing to compare
		}
		var oe *oss.Error
		if errors.As(err, &oe) && oe.Code == "SignatureDoesNotMatch" {
			t.Fatalf("key %q meta %q type %q v4=%v token=%v: the server disagrees with the client's signature; server string to sign %q",
				key, meta, ctype, v4, token, oe.StringToSign)
		}
		if err == nil {
			if err := put("wrong-secret"); !errors.As(err, &oe) || oe.StatusCode != http.StatusForbidden {
				t.Fatalf("key %q: a request signed with the wrong secret was not refused with 403: %v", key, err)
			}
		}
	})
}
