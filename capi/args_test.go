package main

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ossresume/ossresume/core/oss"
)

func TestCheckBucket(t *testing.T) {
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"abc", true}, {"examplebucket", true}, {"a-1-b", true}, {strings.Repeat("a", 63), true},
		{"", false}, {"ab", false}, {strings.Repeat("a", 64), false}, {"-abc", false}, {"abc-", false},
		{"aBc", false}, {"a_bc", false}, {"a.bc", false}, {"FengChao@123", false},
	} {
		err := checkBucket(tc.name)
		if (err == nil) != tc.ok {
			t.Errorf("checkBucket(%q) = %v, want ok=%v", tc.name, err, tc.ok)
		}
		if err != nil && (err.code != aoseInvalidArgument || err.errorCode != "BucketNameInvalidError") {
			t.Errorf("checkBucket(%q) = %+v, want -994 BucketNameInvalidError", tc.name, err)
		}
	}
}

func TestCheckKey(t *testing.T) {
	for _, tc := range []struct {
		key, want string // want: "" for ok, else a part of the message
	}{
		{"a", ""}, {"dir/sub/file.txt", ""}, {strings.Repeat("k", 1023), ""}, {"中文.txt", ""},
		{"", "empty"}, {strings.Repeat("k", 1024), "1024 bytes"}, {"/abs", "slash"}, {`\win`, "slash"},
		{"bad\xff", "UTF-8"},
	} {
		err := checkKey(tc.key)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("checkKey(%.20q) = %v, want ok", tc.key, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.msg, tc.want)):
			t.Errorf("checkKey(%.20q) = %v, want an error mentioning %q", tc.key, err, tc.want)
		}
	}
}

func TestCheckEndpoint(t *testing.T) {
	for _, tc := range []struct {
		ep string
		ok bool
	}{
		{"oss-cn-hangzhou.aliyuncs.com", true}, {"http://127.0.0.1:8080", true},
		{"https://oss-cn-hangzhou.aliyuncs.com/ignored/path", true}, {"user@host.example:99", true},
		{"[::1]:8080", true}, {"my_host.local", true},
		{"", false}, {"bad host", false}, {"ex!ample.com", false}, {"ftp://example.com", false},
		{"http://", false}, {"[::1", false},
	} {
		if err := checkEndpoint(tc.ep); (err == nil) != tc.ok {
			t.Errorf("checkEndpoint(%q) = %v, want ok=%v", tc.ep, err, tc.ok)
		}
	}
}

func TestCheckConfig(t *testing.T) {
	good := oss.Credentials{AccessKeyID: "ak", AccessKeySecret: "sk"}
	for _, tc := range []struct {
		name  string
		cfg   oss.Config
		creds oss.Credentials
		want  string
	}{
		{"V1", oss.Config{Endpoint: "h", SignatureVersion: 1}, good, ""},
		{"V4 with region", oss.Config{Endpoint: "h", SignatureVersion: 4, Region: "r"}, good, ""},
		{"V4 with cloudbox", oss.Config{Endpoint: "h", SignatureVersion: 4, CloudBoxID: "c"}, good, ""},
		{"V4 without region", oss.Config{Endpoint: "h", SignatureVersion: 4}, good, "region"},
		{"no key id", oss.Config{Endpoint: "h"}, oss.Credentials{AccessKeySecret: "sk"}, "access key id"},
		{"no secret", oss.Config{Endpoint: "h"}, oss.Credentials{AccessKeyID: "ak"}, "secret"},
		{"no endpoint", oss.Config{}, good, "endpoint is empty"},
	} {
		err := checkConfig(&tc.cfg, tc.creds)
		if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.msg, tc.want)) {
			t.Errorf("%s: checkConfig = %v, want %q", tc.name, err, tc.want)
		}
	}
}

func TestCheckHeaders(t *testing.T) {
	if err := checkHeaders(http.Header{"X-Oss-Meta-A": {"1"}, "Content-Type": {"text/plain"}}); err != nil {
		t.Errorf("good headers refused: %v", err)
	}
	for _, h := range []http.Header{
		{"X-Oss-Meta-A": {"one\r\ntwo"}}, {"Bad Name": {"v"}}, {"": {"v"}}, {"X": {"nul\x00"}},
	} {
		if err := checkHeaders(h); err == nil {
			t.Errorf("checkHeaders(%q) accepted", h)
		}
	}
}

func TestPartSizeFor(t *testing.T) {
	for _, tc := range []struct{ in, want int64 }{
		{-5, 0}, {0, 0}, {1, 100 << 10}, {100<<10 - 1, 100 << 10}, {100 << 10, 100 << 10}, {8 << 20, 8 << 20},
	} {
		if got := partSizeFor(tc.in); got != tc.want {
			t.Errorf("partSizeFor(%d) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestProxyURL(t *testing.T) {
	for _, tc := range []struct{ host, auth, want string }{
		{"127.0.0.1:3128", "", "http://127.0.0.1:3128"},
		{"proxy.local:8080", "u:p", "http://u:p@proxy.local:8080"},
		{"https://proxy.local", "u:p", "https://u:p@proxy.local"},
	} {
		if got := proxyURL(tc.host, tc.auth); got != tc.want {
			t.Errorf("proxyURL(%q, %q) = %q, want %q", tc.host, tc.auth, got, tc.want)
		}
	}
}
