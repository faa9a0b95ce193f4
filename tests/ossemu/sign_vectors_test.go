package ossemu

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Every vector of oss-protocol.md §2.6, sent as it appears on the wire, to a server whose clock
// reads the vector's time: the server must accept it, and refuse it once the signature is
// altered, naming the string it signed.

type vector struct {
	name    string
	at      time.Time
	method  string
	target  string // path and raw query, as on the wire
	headers [][2]string
	body    string
	status  int    // what the server answers once the signature is accepted
	code    string // its error code, if any
	sts     string // V1 header vectors: the string to sign the reference gives
}

const vecDate = "Wed, 28 Dec 2022 10:27:41 GMT"
const capDate = "Sun, 22 Nov 2026 06:15:13 GMT"

func mustHTTPTime(s string) time.Time {
	t, err := time.Parse(http.TimeFormat, s)
	if err != nil {
		panic(err)
	}
	return t
}

var v1Common = [][2]string{{"Content-MD5", "eB5eJF1ptWaXm4bijSPyxw=="}, {"Content-Type", "text/html"},
	{"x-oss-meta-author", "alice"}, {"x-oss-meta-magic", "abracadabra"}, {"x-oss-date", vecDate}, {"Date", vecDate}}

var v4Params = "%2Bparam1=value3&%2Bparam2&%7Cparam1=value4&%7Cparam2&param1=value1&param2"

func v4Headers(extra ...[2]string) [][2]string {
	return append([][2]string{{"x-oss-head1", "value"}, {"abc", "value"}, {"ZAbc", "value"}, {"XYZ", "value"}}, extra...)
}

var vectors = []vector{
	{name: "V1 header #1", at: mustHTTPTime(vecDate), method: "PUT", target: "/examplebucket/nelson", body: "0123456789",
		headers: append(v1Common, [2]string{"Authorization", "OSS ak:kSHKmLxlyEAKtZPkJhG9bZb5k7M="}), status: 200,
		sts: "PUT\neB5eJF1ptWaXm4bijSPyxw==\ntext/html\n" + vecDate + "\nx-oss-date:" + vecDate + "\nx-oss-meta-author:alice\nx-oss-meta-magic:abracadabra\n/examplebucket/nelson"},
	{name: "V1 header #2 acl", at: mustHTTPTime(vecDate), method: "PUT", target: "/examplebucket/nelson?acl", body: "0123456789",
		headers: append(v1Common, [2]string{"Authorization", "OSS ak:/afkugFbmWDQ967j1vr6zygBLQk="}), status: 501, code: "NotImplemented"},
	{name: "V1 header #3 resourceGroup", at: mustHTTPTime(vecDate), method: "GET", target: "/examplebucket/?resourceGroup",
		headers: [][2]string{{"x-oss-date", vecDate}, {"Date", vecDate}, {"Authorization", "OSS ak:vkQmfuUDyi1uDi3bKt67oemssIs="}}, status: 501, code: "NotImplemented"},
	{name: "V1 header #4 acl&resourceGroup", at: mustHTTPTime(vecDate), method: "GET", target: "/examplebucket/?acl&resourceGroup",
		headers: [][2]string{{"x-oss-date", vecDate}, {"Date", vecDate}, {"Authorization", "OSS ak:x3E5TgOvl/i7PN618s5mEvpJDYk="}}, status: 501, code: "NotImplemented"},
	{name: "V1 query", at: time.Unix(1699807420-60, 0), method: "GET",
		target: "/bucket/key?Expires=1699807420&OSSAccessKeyId=ak&Signature=dcLTea%2BYh9ApirQ8o8dOPqtvJXQ%3D&versionId=versionId", status: 404, code: "NoSuchKey"},
	{name: "V1 query STS", at: time.Unix(1699808204-60, 0), method: "GET",
		target: "/bucket/key%2B123?Expires=1699808204&OSSAccessKeyId=ak&Signature=jzKYRrM5y6Br0dRFPaTGOsbrDhY%3D&security-token=token&versionId=versionId", status: 404, code: "NoSuchKey"},
	{name: "V4 header", at: time.Unix(1702743657, 0), method: "PUT", target: "/bucket/1234%2B-%2F123%2F1.txt?" + v4Params,
		headers: v4Headers([2]string{"Content-Type", "text/plain"}, [2]string{"x-oss-content-sha256", "UNSIGNED-PAYLOAD"},
			[2]string{"x-oss-date", "20231216T162057Z"}, [2]string{"Date", "Sat, 16 Dec 2023 16:20:57 GMT"},
			[2]string{"Authorization", "OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,Signature=e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe"}),
		status: 200,
		sts:    "OSS4-HMAC-SHA256\n20231216T162057Z\n20231216/cn-hangzhou/oss/aliyun_v4_request\nf4613657f1b108998e8dbd10a1aa5da621dc2c6e02c9ddec0f163664848704c4"},
	{name: "V4 header, key slashes literal", at: time.Unix(1702743657, 0), method: "PUT", target: "/bucket/1234%2B-/123/1.txt?" + v4Params,
		headers: v4Headers([2]string{"Content-Type", "text/plain"}, [2]string{"x-oss-content-sha256", "UNSIGNED-PAYLOAD"},
			[2]string{"x-oss-date", "20231216T162057Z"}, [2]string{"Date", "Sat, 16 Dec 2023 16:20:57 GMT"},
			[2]string{"Authorization", "OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request, Signature=e21d18daa82167720f9b1047ae7e7f1ce7cb77a31e8203a7d5f4624fa0284afe"}),
		status: 200},
	{name: "V4 header STS", at: time.Unix(1702784856, 0), method: "PUT", target: "/bucket/1234%2B-%2F123%2F1.txt?" + v4Params,
		headers: v4Headers([2]string{"Content-Type", "text/plain"}, [2]string{"x-oss-content-sha256", "UNSIGNED-PAYLOAD"},
			[2]string{"x-oss-date", "20231217T034736Z"}, [2]string{"Date", time.Unix(1702784856, 0).UTC().Format(http.TimeFormat)},
			[2]string{"x-oss-security-token", "token"},
			[2]string{"Authorization", "OSS4-HMAC-SHA256 Credential=ak/20231217/cn-hangzhou/oss/aliyun_v4_request,Signature=b94a3f999cf85bcdc00d332fbd3734ba03e48382c36fa4d5af5df817395bd9ea"}),
		status: 200},
	{name: "V4 header AdditionalHeaders", at: time.Unix(1702747512, 0), method: "PUT", target: "/bucket/1234%2B-%2F123%2F1.txt?" + v4Params,
		headers: v4Headers([2]string{"Content-Type", "text/plain"}, [2]string{"x-oss-content-sha256", "UNSIGNED-PAYLOAD"},
			[2]string{"x-oss-date", "20231216T172512Z"}, [2]string{"Date", time.Unix(1702747512, 0).UTC().Format(http.TimeFormat)},
			[2]string{"Authorization", "OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=abc;zabc,Signature=4a4183c187c07c8947db7620deb0a6b38d9fbdd34187b6dbaccb316fa251212f"}),
		status: 200},
	{name: "V4 query", at: time.Unix(1702781677, 0), method: "PUT",
		target:  "/bucket/1234%2B-%2F123%2F1.txt?%2Bparam1=value3&%2Bparam2&param1=value1&param2&x-oss-credential=ak%2F20231217%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-date=20231217T025437Z&x-oss-expires=599&x-oss-signature=a39966c61718be0d5b14e668088b3fa07601033f6518ac7b523100014269c0fe&x-oss-signature-version=OSS4-HMAC-SHA256&%7Cparam1=value4&%7Cparam2",
		headers: v4Headers([2]string{"Content-Type", "application/octet-stream"}), status: 200},
	{name: "V4 query STS", at: time.Unix(1702785388, 0), method: "PUT",
		target:  "/bucket/1234%2B-%2F123%2F1.txt?%2Bparam1=value3&%2Bparam2&param1=value1&param2&x-oss-credential=ak%2F20231217%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-date=20231217T035628Z&x-oss-expires=599&x-oss-security-token=token&x-oss-signature=3817ac9d206cd6dfc90f1c09c00be45005602e55898f26f5ddb06d7892e1f8b5&x-oss-signature-version=OSS4-HMAC-SHA256&%7Cparam1=value4&%7Cparam2",
		headers: v4Headers([2]string{"Content-Type", "application/octet-stream"}), status: 200},
	{name: "V4 query AdditionalHeaders", at: time.Unix(1702783809, 0), method: "PUT",
		target:  "/bucket/1234%2B-%2F123%2F1.txt?%2Bparam1=value3&%2Bparam2&param1=value1&param2&x-oss-additional-headers=abc%3Bzabc&x-oss-credential=ak%2F20231217%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-date=20231217T033009Z&x-oss-expires=599&x-oss-signature=6bd984bfe531afb6db1f7550983a741b103a8c58e5e14f83ea474c2322dfa2b7&x-oss-signature-version=OSS4-HMAC-SHA256&%7Cparam1=value4&%7Cparam2",
		headers: v4Headers([2]string{"Content-Type", "application/octet-stream"}), status: 200},
	{name: "capture V1 Initiate", at: mustHTTPTime(capDate), method: "POST", target: "/sdkbkt/mp%2Fobj.bin?uploads",
		headers: [][2]string{{"Content-Type", "application/octet-stream"}, {"X-Oss-Meta-K", "v"}, {"Date", capDate}, {"Authorization", "OSS ak:Ptvc/zDge6yfhlsn+VuV83ysVb4="}},
		status:  200, sts: "POST\n\napplication/octet-stream\n" + capDate + "\nx-oss-meta-k:v\n/sdkbkt/mp/obj.bin?uploads"},
	{name: "capture V1 UploadPart", at: mustHTTPTime(capDate), method: "PUT", target: "/sdkbkt/mp%2Fobj.bin?partNumber=3&uploadId=e0e263e1e126fdacb07fe1b59977d100",
		headers: [][2]string{{"Date", capDate}, {"Authorization", "OSS ak:cnsNI/OH6DxYoEfe6jDNT+4ck/g="}}, body: "part",
		status: 404, code: "NoSuchUpload"},
	{name: "capture V1 Complete", at: mustHTTPTime(capDate), method: "POST", target: "/sdkbkt/mp%2Fobj.bin?uploadId=e0e263e1e126fdacb07fe1b59977d100",
		headers: [][2]string{{"Date", capDate}, {"Authorization", "OSS ak:2PQDrBHbQqcu786jJ0dxxZpkY8g="}}, body: "<CompleteMultipartUpload></CompleteMultipartUpload>",
		status: 404, code: "NoSuchUpload"},
	{name: "capture V1 PutObject", at: mustHTTPTime(capDate), method: "PUT", target: "/sdkbkt/small.txt",
		headers: [][2]string{{"Content-Type", "text/plain"}, {"Date", capDate}, {"Authorization", "OSS ak:aNHAeuusBE3LJcZTC9fe3YOCQFE="}}, body: "small",
		status: 200},
	{name: "capture V1 HEAD", at: mustHTTPTime(capDate), method: "HEAD", target: "/sdkbkt/small.txt",
		headers: [][2]string{{"Date", capDate}, {"Authorization", "OSS ak:ik0qshD/6Zqt0bTdixSbdkyVlcU="}}, status: 200},
	{name: "capture V4 STS Initiate (Date as timestamp)", at: mustHTTPTime(capDate), method: "POST", target: "/sdkbkt/v4%2Fobj.bin?uploads",
		headers: [][2]string{{"Content-Type", "application/octet-stream"}, {"x-oss-content-sha256", "UNSIGNED-PAYLOAD"}, {"x-oss-security-token", "tok"}, {"Date", capDate},
			{"Authorization", "OSS4-HMAC-SHA256 Credential=ak/20261122/cn-hangzhou/oss/aliyun_v4_request,Signature=f17b6578e708c19553a03a63cce0242c707e132f2ca7edf0339946cf8aa66114"}},
		status: 200},
	{name: "capture V4 STS UploadPart", at: mustHTTPTime(capDate), method: "PUT", target: "/sdkbkt/v4%2Fobj.bin?partNumber=1&uploadId=0b94f94049a554ef23707696e6de6404",
		headers: [][2]string{{"x-oss-content-sha256", "UNSIGNED-PAYLOAD"}, {"x-oss-security-token", "tok"}, {"Date", capDate},
			{"Authorization", "OSS4-HMAC-SHA256 Credential=ak/20261122/cn-hangzhou/oss/aliyun_v4_request,Signature=24a053956f76f11c767140c215c485c2995472db14be3f7781fe913a06c72440"}},
		body: "part", status: 404, code: "NoSuchUpload"},
	{name: "capture V4 STS Complete", at: mustHTTPTime(capDate), method: "POST", target: "/sdkbkt/v4%2Fobj.bin?uploadId=0b94f94049a554ef23707696e6de6404",
		headers: [][2]string{{"x-oss-content-sha256", "UNSIGNED-PAYLOAD"}, {"x-oss-security-token", "tok"}, {"Date", capDate},
			{"Authorization", "OSS4-HMAC-SHA256 Credential=ak/20261122/cn-hangzhou/oss/aliyun_v4_request,Signature=236c215e941560fd23e9e19f00d9a3abc9bb4b3c9fa6893047816287f86b3139"}},
		body: "<CompleteMultipartUpload></CompleteMultipartUpload>", status: 404, code: "NoSuchUpload"},
}

// rawRequest writes the request byte for byte, so the target reaches the server exactly as the
// SDK sent it (net/http would re-encode it).
func rawRequest(t *testing.T, s *Server, method, target string, headers [][2]string, body string) (int, http.Header, []byte) {
	t.Helper()
	conn, err := net.Dial("tcp", s.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, target, s.Endpoint())
	for _, h := range headers {
		fmt.Fprintf(&b, "%s: %s\r\n", h[0], h[1])
	}
	if method != "HEAD" && method != "GET" {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
	}
	b.WriteString("Connection: close\r\n\r\n" + body)
	if _, err := io.WriteString(conn, b.String()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: method})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, data
}

func TestSignatureVectors(t *testing.T) {
	for _, v := range vectors {
		t.Run(v.name, func(t *testing.T) {
			at := v.at
			s := startServer(t, Options{Keys: []Key{{"ak", "sk"}}, STSTokens: []string{"token", "tok"},
				Buckets: []string{"examplebucket", "bucket", "sdkbkt"}, Now: func() time.Time { return at }})
			if v.method == "HEAD" { // the object it reads
				rawRequest(t, s, "PUT", "/sdkbkt/small.txt", [][2]string{{"Content-Type", "text/plain"}, {"Date", capDate}, {"Authorization", "OSS ak:aNHAeuusBE3LJcZTC9fe3YOCQFE="}}, "small")
			}
			status, h, body := rawRequest(t, s, v.method, v.target, v.headers, v.body)
			if status != v.status {
				t.Fatalf("status %d, want %d: %s", status, v.status, body)
			}
			if v.code != "" && !strings.Contains(string(body), "<Code>"+v.code+"</Code>") {
				t.Fatalf("want code %s: %s", v.code, body)
			}

			// The same request with one signature character changed must be refused.
			tampered := append([][2]string(nil), v.headers...)
			target := v.target
			changed := false
			for i, hv := range tampered {
				if hv[0] == "Authorization" {
					tampered[i][1] = flipLast(hv[1])
					changed = true
				}
			}
			if !changed {
				for _, p := range []string{"Signature=", "x-oss-signature="} {
					if i := strings.Index(target, "&"+p); i >= 0 || strings.HasPrefix(target[strings.Index(target, "?")+1:], p) {
						j := strings.Index(target, p) + len(p)
						target = target[:j] + "AAAA" + target[j+4:]
						changed = true
						break
					}
				}
			}
			if !changed {
				t.Fatal("no signature to alter")
			}
			status, h, body = rawRequest(t, s, v.method, target, tampered, v.body)
			if status != 403 {
				t.Fatalf("tampered signature: status %d, want 403: %s", status, body)
			}
			e := (&reply{Response: &http.Response{Header: h, Request: &http.Request{Method: v.method}}, body: body}).err()
			if e.Code != "SignatureDoesNotMatch" {
				t.Fatalf("tampered signature: code %q, want SignatureDoesNotMatch", e.Code)
			}
			if v.sts != "" && e.StringToSign != v.sts {
				t.Fatalf("server's string to sign\n%q\nwant\n%q", e.StringToSign, v.sts)
			}
		})
	}
}

func flipLast(s string) string {
	last := s[len(s)-2] // before any trailing "=" of base64
	repl := byte('A')
	if last == 'A' {
		repl = 'B'
	}
	return s[:len(s)-2] + string(repl) + s[len(s)-1:]
}
