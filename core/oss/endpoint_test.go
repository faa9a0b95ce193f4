package oss

import (
	"errors"
	"strings"
	"testing"
)

func TestParseEndpoint(t *testing.T) {
	cases := []struct {
		in, scheme, host string
		pathStyle        bool
		err              string
	}{
		{in: "oss-cn-hangzhou.aliyuncs.com", scheme: "http", host: "oss-cn-hangzhou.aliyuncs.com"},
		{in: "https://oss-cn-hangzhou.aliyuncs.com", scheme: "https", host: "oss-cn-hangzhou.aliyuncs.com"},
		{in: "HTTP://Oss.Example.com:8080/some/path?x#y", scheme: "http", host: "Oss.Example.com:8080"},
		{in: "  http://127.0.0.1:9000/  ", scheme: "http", host: "127.0.0.1:9000", pathStyle: true},
		{in: "10.0.0.1", scheme: "http", host: "10.0.0.1", pathStyle: true},
		{in: "https://[::1]:8443", scheme: "https", host: "[::1]:8443", pathStyle: true},
		{in: "[fe80::1]", scheme: "http", host: "[fe80::1]", pathStyle: true},
		{in: "::1", scheme: "http", host: "[::1]", pathStyle: true},
		{in: "localhost:9000", scheme: "http", host: "localhost:9000", pathStyle: true},
		{in: "user@oss.example.com", scheme: "http", host: "oss.example.com"},
		{in: "my_host-1.internal", scheme: "http", host: "my_host-1.internal"},
		{in: "", err: "no host"},
		{in: "https://", err: "no host"},
		{in: "ftp://oss.example.com", err: "scheme"},
		{in: "oss example.com", err: "invalid host"},
		{in: "oss.example.com:", err: "empty port"},
		{in: "oss.example.com:99999", err: "invalid port"},
		{in: "oss.example.com:http", err: "invalid port"},
		{in: "[::1", err: "unterminated"},
		{in: "[1.2.3.4]", err: "invalid IPv6"},
		{in: "[::1]x", err: "unexpected text"},
		{in: "a:b:c", err: "invalid host"},
		{in: "bücket.example.com", err: "invalid host"},
	}
	for _, tc := range cases {
		ep, err := parseEndpoint(tc.in)
		if tc.err != "" {
			var ae *ArgumentError
			if !errors.As(err, &ae) || ae.Field != "Endpoint" || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want ArgumentError containing %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tc.in, err)
			continue
		}
		if ep.scheme != tc.scheme || ep.host != tc.host || ep.pathStyle != tc.pathStyle {
			t.Errorf("%q: got %+v, want scheme %s host %s pathStyle %v", tc.in, ep, tc.scheme, tc.host, tc.pathStyle)
		}
	}
}

func TestAddressing(t *testing.T) {
	cases := []struct {
		endpoint         string
		cname, pathStyle bool
		bucket, key      string
		want             string
	}{
		{"oss-cn-hangzhou.aliyuncs.com", false, false, "bkt", "a/b c+d.txt", "http://bkt.oss-cn-hangzhou.aliyuncs.com/a%2Fb%20c%2Bd.txt"},
		{"https://oss.example.com", false, false, "bkt", "", "https://bkt.oss.example.com/"},
		{"oss.example.com", false, true, "bkt", "k/1", "http://oss.example.com/bkt/k%2F1"},
		{"oss.example.com", false, true, "bkt", "", "http://oss.example.com/bkt/"},
		{"127.0.0.1:9000", false, false, "bkt", "dir/obj", "http://127.0.0.1:9000/bkt/dir%2Fobj"},
		{"[::1]:9000", false, false, "bkt", "x", "http://[::1]:9000/bkt/x"},
		{"localhost:9000", false, false, "bkt", "x", "http://localhost:9000/bkt/x"},
		{"static.example.com", true, false, "bkt", "img/1.png", "http://static.example.com/img%2F1.png"},
		{"oss.example.com", false, false, "", "", "http://oss.example.com/"},
		{"oss.example.com", false, false, "bkt", "中文 ~_.-!*'()", "http://bkt.oss.example.com/%E4%B8%AD%E6%96%87%20~_.-%21%2A%27%28%29"},
	}
	for _, tc := range cases {
		ep, err := parseEndpoint(tc.endpoint)
		if err != nil {
			t.Fatal(err)
		}
		u := addressing{ep: ep, cname: tc.cname, pathStyle: tc.pathStyle}.url(tc.bucket, tc.key, "")
		if got := u.String(); got != tc.want {
			t.Errorf("%s %q/%q: got %s, want %s", tc.endpoint, tc.bucket, tc.key, got, tc.want)
		}
	}
}

func TestEscape(t *testing.T) {
	cases := []struct{ in, out, keepSlash string }{
		{"abcXYZ019-_.~", "abcXYZ019-_.~", "abcXYZ019-_.~"},
		{"a/b", "a%2Fb", "a/b"},
		{"a b+c", "a%20b%2Bc", "a%20b%2Bc"},
		{"é", "%C3%A9", "%C3%A9"},
		{"%=&?#", "%25%3D%26%3F%23", "%25%3D%26%3F%23"},
		{"\x00\xff", "%00%FF", "%00%FF"},
	}
	for _, tc := range cases {
		if got := EscapeKey(tc.in); got != tc.out {
			t.Errorf("EscapeKey(%q) = %q, want %q", tc.in, got, tc.out)
		}
		if got := escape(tc.in, true); got != tc.keepSlash {
			t.Errorf("escape(%q, keep /) = %q, want %q", tc.in, got, tc.keepSlash)
		}
	}
	if got := encodeQuery(map[string]string{"uploadId": "a/b+c", "partNumber": "3", "uploads": ""}); got != "partNumber=3&uploadId=a%2Fb%2Bc&uploads" {
		t.Errorf("encodeQuery = %q", got)
	}
}

func TestValidateNames(t *testing.T) {
	for _, b := range []string{"abc", "my-bucket-1", strings.Repeat("a", 63)} {
		if err := ValidateBucketName(b); err != nil {
			t.Errorf("bucket %q: %v", b, err)
		}
	}
	for _, b := range []string{"", "ab", strings.Repeat("a", 64), "-abc", "abc-", "ABC", "a_b", "a.b", "a b"} {
		var ae *ArgumentError
		if err := ValidateBucketName(b); !errors.As(err, &ae) || ae.Field != "bucket" {
			t.Errorf("bucket %q accepted or wrong error: %v", b, err)
		}
	}
	for _, k := range []string{"a", "dir/sub/obj.bin", " spaced + plus ", "中文", strings.Repeat("k", 1023)} {
		if err := ValidateObjectKey(k); err != nil {
			t.Errorf("key %q: %v", k, err)
		}
	}
	for _, k := range []string{"", strings.Repeat("k", 1024), "bad\xffutf8"} {
		var ae *ArgumentError
		if err := ValidateObjectKey(k); !errors.As(err, &ae) || ae.Field != "key" {
			t.Errorf("key %q accepted or wrong error: %v", k, err)
		}
	}
}

func TestContentTypeByKey(t *testing.T) {
	cases := map[string]string{
		"a.txt": "text/plain", "dir/pic.JPG": "image/jpeg", "movie.ts": "video/MP2T",
		"x.bin": "application/octet-stream", "noext": "application/octet-stream",
		"dir.d/noext": "application/octet-stream", "archive.tar.gz": "application/x-gzip",
		"page.html": "text/html", "trailingdot.": "application/octet-stream",
	}
	for key, want := range cases {
		if got := ContentTypeByKey(key); got != want {
			t.Errorf("ContentTypeByKey(%q) = %q, want %q", key, got, want)
		}
	}
}

// One endpoint however spelt; never a password.
func TestNormalEndpoint(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"127.0.0.1:9000", "http://127.0.0.1:9000"},
		{"http://127.0.0.1:9000", "http://127.0.0.1:9000"},
		{"HTTP://LOCALHOST:9000/", "http://localhost:9000"},
		{"http://user:secret@oss-cn-hangzhou.aliyuncs.com/", "http://oss-cn-hangzhou.aliyuncs.com"},
		{"https://oss-cn-hangzhou.aliyuncs.com:443", "https://oss-cn-hangzhou.aliyuncs.com"},
		{"oss-cn-hangzhou.aliyuncs.com:80", "http://oss-cn-hangzhou.aliyuncs.com"},
		{" https://[::1]:8443/x?y ", "https://[::1]:8443"},
		{"", ""},
		{"ftp://u:pw@host", "ftp://host"},
	} {
		if got := NormalEndpoint(c.in); got != c.want {
			t.Errorf("NormalEndpoint(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
