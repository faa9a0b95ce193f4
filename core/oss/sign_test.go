package oss

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

var vectorCred = Credentials{AccessKeyID: "ak", AccessKeySecret: "sk"}

// vectorRequest builds a request with raw headers (name: value pairs) and a raw query.
func vectorRequest(t *testing.T, method, rawQuery string, headers ...string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, "http://example.com/", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.URL.RawQuery = rawQuery
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return req
}

func rfc1123(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := http.ParseTime(s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// oss-protocol.md §2.6 (SDK TestAuthV1Header and wire captures) and c-sdk-surface.md §5.1.
func TestSignV1Vectors(t *testing.T) {
	const d28 = "Wed, 28 Dec 2022 10:27:41 GMT"
	const d22 = "Sun, 22 Nov 2026 06:15:13 GMT"
	putHeaders := []string{"Content-MD5", "eB5eJF1ptWaXm4bijSPyxw==", "Content-Type", "text/html",
		"x-oss-meta-author", "alice", "x-oss-meta-magic", "abracadabra", "x-oss-date", d28}
	cases := []struct {
		name, method, bucket, key, query, date string
		headers                                []string
		sub                                    []string
		wantSTS, want                          string
	}{
		{name: "put", method: "PUT", bucket: "examplebucket", key: "nelson", date: d28, headers: putHeaders,
			wantSTS: "PUT\neB5eJF1ptWaXm4bijSPyxw==\ntext/html\n" + d28 + "\nx-oss-date:" + d28 +
				"\nx-oss-meta-author:alice\nx-oss-meta-magic:abracadabra\n/examplebucket/nelson",
			want: "OSS ak:kSHKmLxlyEAKtZPkJhG9bZb5k7M="},
		{name: "put acl", method: "PUT", bucket: "examplebucket", key: "nelson", query: "acl", date: d28,
			headers: putHeaders, want: "OSS ak:/afkugFbmWDQ967j1vr6zygBLQk="},
		{name: "resourceGroup", method: "GET", bucket: "examplebucket", query: "resourceGroup&non-resousce=null",
			date: d28, headers: []string{"x-oss-date", d28}, sub: []string{"resourceGroup"},
			wantSTS: "GET\n\n\n" + d28 + "\nx-oss-date:" + d28 + "\n/examplebucket/?resourceGroup",
			want:    "OSS ak:vkQmfuUDyi1uDi3bKt67oemssIs="},
		{name: "acl resourceGroup", method: "GET", bucket: "examplebucket", query: "resourceGroup&acl",
			date: d28, headers: []string{"x-oss-date", d28}, sub: []string{"resourceGroup"},
			want: "OSS ak:x3E5TgOvl/i7PN618s5mEvpJDYk="},
		{name: "wire initiate", method: "POST", bucket: "sdkbkt", key: "mp/obj.bin", query: "uploads", date: d22,
			headers: []string{"Content-Type", "application/octet-stream", "X-Oss-Meta-K", "v"},
			wantSTS: "POST\n\napplication/octet-stream\n" + d22 + "\nx-oss-meta-k:v\n/sdkbkt/mp/obj.bin?uploads",
			want:    "OSS ak:Ptvc/zDge6yfhlsn+VuV83ysVb4="},
		{name: "wire part", method: "PUT", bucket: "sdkbkt", key: "mp/obj.bin", date: d22,
			query: "partNumber=3&uploadId=e0e263e1e126fdacb07fe1b59977d100", want: "OSS ak:cnsNI/OH6DxYoEfe6jDNT+4ck/g="},
		{name: "wire complete", method: "POST", bucket: "sdkbkt", key: "mp/obj.bin", date: d22,
			query: "uploadId=e0e263e1e126fdacb07fe1b59977d100", want: "OSS ak:2PQDrBHbQqcu786jJ0dxxZpkY8g="},
		{name: "wire put", method: "PUT", bucket: "sdkbkt", key: "small.txt", date: d22,
			headers: []string{"Content-Type", "text/plain"}, want: "OSS ak:aNHAeuusBE3LJcZTC9fe3YOCQFE="},
		{name: "wire head", method: "HEAD", bucket: "sdkbkt", key: "small.txt", date: d22,
			want: "OSS ak:ik0qshD/6Zqt0bTdixSbdkyVlcU="},
		{name: "c sdk initiate", method: "POST", bucket: "examplebucket", key: "exampledir/exampleobject.txt",
			query: "uploads", date: "Sun, 22 Nov 2026 06:14:43 GMT", headers: []string{"Content-Type", "text/plain"},
			want: "OSS ak:6WEN4B4gaMgfPHW1xd6dU9Qs6b8="},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := vectorRequest(t, tc.method, tc.query, tc.headers...)
			info, err := Signer{Version: 1, SubResources: tc.sub}.Sign(req, tc.bucket, tc.key, vectorCred, rfc1123(t, tc.date))
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantSTS != "" && info.StringToSign != tc.wantSTS {
				t.Errorf("string to sign\n got %q\nwant %q", info.StringToSign, tc.wantSTS)
			}
			if got := req.Header.Get("Authorization"); got != tc.want {
				t.Errorf("Authorization = %q, want %q", got, tc.want)
			}
			if got := req.Header.Get("Date"); got != tc.date {
				t.Errorf("Date = %q, want %q", got, tc.date)
			}
		})
	}
}

// The presigned V1 vectors differ from header signing only in the date line (Expires).
func TestSignV1PresignedVectors(t *testing.T) {
	cases := []struct{ key, query, expires, cred, token, want string }{
		{"key", "versionId=versionId", "1699807420", "", "", "dcLTea+Yh9ApirQ8o8dOPqtvJXQ="},
		{"key+123", "security-token=token&versionId=versionId", "1699808204", "", "token", "jzKYRrM5y6Br0dRFPaTGOsbrDhY="},
	}
	for _, tc := range cases {
		req := vectorRequest(t, "GET", tc.query+"&Expires="+tc.expires+"&OSSAccessKeyId=ak")
		info := Signer{Version: 1}.signV1(req, "bucket", tc.key, vectorCred, tc.expires)
		if got := strings.TrimPrefix(info.Authorization, "OSS ak:"); got != tc.want {
			t.Errorf("%s: signature %q, want %q (string to sign %q)", tc.key, got, tc.want, info.StringToSign)
		}
	}
}

const v4Query = "param1=value1&%2Bparam1=value3&%7Cparam1=value4&%2Bparam2&%7Cparam2&param2"

func v4VectorHeaders() []string {
	return []string{"x-oss-head1", "value", "abc", "value", "ZAbc", "value", "XYZ", "value", "content-type", "text/plain"}
}

// oss-protocol.md §2.6, SDK TestAuthV4Header / ...Token / ...WithAdditionalHeaders.
func TestSignV4Vectors(t *testing.T) {
	cases := []struct {
		name       string
		unix       int64
		token      string
		additional []string
		wantCR     string
		want       string
	}{
		{name: "header", unix: 1702743657,
			wantCR: "PUT\n/bucket/1234%2B-/123/1.txt\n%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&param1=value1&param2\n" +
				"content-type:text/plain\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20231216T162057Z\nx-oss-head1:value\n\n\nUNSIGNED-PAYLOAD",
			want: "OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,Signature=e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe"},
		{name: "token", unix: 1702784856, token: "token",
			want: "OSS4-HMAC-SHA256 Credential=ak/20231217/cn-hangzhou/oss/aliyun_v4_request,Signature=b94a3f999cf85bcdc00d332fbd3734ba03e48382c36fa4d5af5df817395bd9ea"},
		{name: "additional headers", unix: 1702747512, additional: []string{"ZAbc", "abc"},
			want: "OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=abc;zabc,Signature=4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := vectorRequest(t, "PUT", v4Query, v4VectorHeaders()...)
			cred := vectorCred
			cred.SecurityToken = tc.token
			s := Signer{Version: 4, Region: "cn-hangzhou", AdditionalHeaders: tc.additional}
			info, err := s.Sign(req, "bucket", "1234+-/123/1.txt", cred, time.Unix(tc.unix, 0))
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantCR != "" && info.CanonicalRequest != tc.wantCR {
				t.Errorf("canonical request\n got %q\nwant %q", info.CanonicalRequest, tc.wantCR)
			}
			if got := req.Header.Get("Authorization"); got != tc.want {
				t.Errorf("Authorization\n got %q\nwant %q", got, tc.want)
			}
			if got := req.Header.Get("X-Oss-Content-Sha256"); got != "UNSIGNED-PAYLOAD" {
				t.Errorf("x-oss-content-sha256 = %q", got)
			}
			if got, want := req.Header.Get("X-Oss-Date"), time.Unix(tc.unix, 0).UTC().Format("20060102T150405Z"); got != want {
				t.Errorf("x-oss-date = %q, want %q", got, want)
			}
			if tc.token != "" && req.Header.Get("X-Oss-Security-Token") != tc.token {
				t.Error("no x-oss-security-token header")
			}
		})
	}
}

// The presigned V4 vector (TestAuthV4Query): the x-oss-* query parameters are part of the
// canonical query and the signature goes into the query instead of a header.
func TestSignV4PresignedVector(t *testing.T) {
	q := v4Query + "&x-oss-credential=ak%2F20231217%2Fcn-hangzhou%2Foss%2Faliyun_v4_request" +
		"&x-oss-date=20231217T025437Z&x-oss-expires=599&x-oss-signature-version=OSS4-HMAC-SHA256"
	req := vectorRequest(t, "PUT", q, "x-oss-head1", "value", "content-type", "application/octet-stream")
	info, err := Signer{Version: 4, Region: "cn-hangzhou"}.signV4(req, "bucket", "1234+-/123/1.txt", vectorCred, "20231217T025437Z", "20231217")
	if err != nil {
		t.Fatal(err)
	}
	const want = "a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe"
	if !strings.HasSuffix(info.Authorization, ",Signature="+want) {
		t.Errorf("got %q, want signature %s\ncanonical request %q", info.Authorization, want, info.CanonicalRequest)
	}
}

// Go SDK v1 wire captures: V4 with STS, signed with the RFC 1123 Date as TimeStamp and no
// x-oss-date (oss-protocol.md §2.6, last table).
func TestSignV4WireCaptures(t *testing.T) {
	const date = "Sun, 22 Nov 2026 06:15:13 GMT"
	const id = "0b94f94049a554ef23707696e6de6404"
	cases := []struct {
		method, query, ctype, wantCR, want string
	}{
		{"POST", "uploads", "application/octet-stream",
			"POST\n/sdkbkt/v4/obj.bin\nuploads\ncontent-type:application/octet-stream\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-security-token:tok\n\n\nUNSIGNED-PAYLOAD",
			"f17b6578e708c19553a03a63cce0242c707e132f2ca7edf0339946cf8aa66114"},
		{"PUT", "partNumber=1&uploadId=" + id, "",
			"PUT\n/sdkbkt/v4/obj.bin\npartNumber=1&uploadId=" + id + "\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-security-token:tok\n\n\nUNSIGNED-PAYLOAD",
			"24a053956f76f11c767140c215c485c2995472db14be3f7781fe913a06c72440"},
		{"POST", "uploadId=" + id, "",
			"POST\n/sdkbkt/v4/obj.bin\nuploadId=" + id + "\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-security-token:tok\n\n\nUNSIGNED-PAYLOAD",
			"236c215e941560fd23e9e19f00d9a3abc9bb4b3c9fa6893047816287f86b3139"},
	}
	for _, tc := range cases {
		h := []string{"Date", date, "x-oss-content-sha256", "UNSIGNED-PAYLOAD", "x-oss-security-token", "tok"}
		if tc.ctype != "" {
			h = append(h, "Content-Type", tc.ctype)
		}
		req := vectorRequest(t, tc.method, tc.query, h...)
		cred := Credentials{AccessKeyID: "ak", AccessKeySecret: "sk", SecurityToken: "tok"}
		info, err := Signer{Version: 4, Region: "cn-hangzhou"}.signV4(req, "sdkbkt", "v4/obj.bin", cred, date, "20261122")
		if err != nil {
			t.Fatal(err)
		}
		if info.CanonicalRequest != tc.wantCR {
			t.Errorf("%s %s: canonical request\n got %q\nwant %q", tc.method, tc.query, info.CanonicalRequest, tc.wantCR)
		}
		want := "OSS4-HMAC-SHA256 Credential=ak/20261122/cn-hangzhou/oss/aliyun_v4_request,Signature=" + tc.want
		if info.Authorization != want {
			t.Errorf("%s %s: got %q, want %q", tc.method, tc.query, info.Authorization, want)
		}
	}
}

// c-sdk-surface.md §5.2 (test_oss_sign.c). The C SDK's query table keeps the last value of a
// repeated key, so "|param1=value2" is overwritten by "|param1=value4" and not sent here.
func TestSignV4CSDKVectors(t *testing.T) {
	const key = "test-sign-V4/-!@#$%^&*()/abcdefjhijklmnoqprstuvwxyz/123456789"
	full := "param1=value1&%7Cparam1=value4&%2Bparam1=value3&%2Bparam2&%7Cparam2&param2"
	cases := []struct {
		name, query, stamp, cloudbox, wantCR, want string
		headers                                    []string
	}{
		{name: "full", query: full, stamp: "20221016T040719Z",
			headers: []string{"x-oss-head1", "value", "abc", "value", "ZAbc", "value", "XYZ", "value", "Content-Type", "application/octet-stream"},
			wantCR: "PUT\n/oss-bucket-test/test-sign-V4/-%21%40%23%24%25%5E%26%2A%28%29/abcdefjhijklmnoqprstuvwxyz/123456789\n" +
				"%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&param1=value1&param2\ncontent-type:application/octet-stream\n" +
				"x-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20221016T040719Z\nx-oss-head1:value\n\n\nUNSIGNED-PAYLOAD",
			want: "Credential=ak/20221016/cn-hangzhou/oss/aliyun_v4_request,Signature=16e58322c5aafb55edd82813b02d6521caab8194882c786bf0e77b7987a63979"},
		{name: "without query", stamp: "20221016T091431Z",
			headers: []string{"x-oss-head1", "value", "Content-Type", "application/octet-stream"},
			want:    "Credential=ak/20221016/cn-hangzhou/oss/aliyun_v4_request,Signature=5028172a0a3806285979896982bee6e36e915cbf428ee7100a809e1f0ff43b64"},
		{name: "cloudbox", query: full, stamp: "20221016T091831Z", cloudbox: "cloudbox-id",
			headers: []string{"x-oss-head1", "value", "abc", "value", "ZAbc", "value", "XYZ", "value", "Content-Type", "application/octet-stream"},
			want:    "Credential=ak/20221016/cloudbox-id/oss-cloudbox/aliyun_v4_request,Signature=939eae7d5012d444c8d1dd8c68811275928f780a859e41ddbe52cf10a100adb4"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			now, err := time.Parse("20060102T150405Z", tc.stamp)
			if err != nil {
				t.Fatal(err)
			}
			req := vectorRequest(t, "PUT", tc.query, tc.headers...)
			info, err := Signer{Version: 4, Region: "cn-hangzhou", CloudBoxID: tc.cloudbox}.Sign(req, "oss-bucket-test", key, vectorCred, now)
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantCR != "" && info.CanonicalRequest != tc.wantCR {
				t.Errorf("canonical request\n got %q\nwant %q", info.CanonicalRequest, tc.wantCR)
			}
			if want := "OSS4-HMAC-SHA256 " + tc.want; req.Header.Get("Authorization") != want {
				t.Errorf("got %q\nwant %q", req.Header.Get("Authorization"), want)
			}
		})
	}
	// Observed against the C SDK's mock; the reference gives only the signature's prefix.
	req := vectorRequest(t, "POST", "uploads", "Content-Type", "text/plain")
	now, _ := time.Parse("20060102T150405Z", "20261122T061455Z")
	cred := Credentials{AccessKeyID: "ak", AccessKeySecret: "sk", SecurityToken: "tok"}
	info, err := Signer{Version: 4, Region: "cn-hangzhou"}.Sign(req, "examplebucket", "exampledir/exampleobject.txt", cred, now)
	if err != nil {
		t.Fatal(err)
	}
	const wantCR = "POST\n/examplebucket/exampledir/exampleobject.txt\nuploads\ncontent-type:text/plain\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20261122T061455Z\nx-oss-security-token:tok\n\n\nUNSIGNED-PAYLOAD"
	if info.CanonicalRequest != wantCR || !strings.Contains(info.Authorization, ",Signature=16cd1202") {
		t.Errorf("mock initiate: %q\n%q", info.Authorization, info.CanonicalRequest)
	}
}

func TestSignErrors(t *testing.T) {
	req := vectorRequest(t, "GET", "")
	if _, err := (Signer{Version: 4}).Sign(req, "b", "k", vectorCred, time.Now()); err == nil || !strings.Contains(err.Error(), "Region") {
		t.Errorf("V4 without region: %v", err)
	}
	if _, err := (Signer{Version: 2}).Sign(req, "b", "k", vectorCred, time.Now()); err == nil {
		t.Error("version 2 accepted")
	}
	if _, err := (Signer{Version: 1}).Sign(req, "b", "k", Credentials{AccessKeyID: "ak"}, time.Now()); err == nil {
		t.Error("empty secret accepted")
	}
}
