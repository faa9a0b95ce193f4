package oss

import (
	"context"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestParseError(t *testing.T) {
	sigXML := `<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>SignatureDoesNotMatch</Code>
  <Message>The request signature we calculated does not match the signature you provided.</Message>
  <RequestId>BODYID</RequestId>
  <HostId>bkt.oss-cn-hangzhou.aliyuncs.com</HostId>
  <OSSAccessKeyId>ak</OSSAccessKeyId>
  <SignatureProvided>xyz</SignatureProvided>
  <StringToSign>PUT&#10;&#10;&#10;Sun, 22 Nov 2026 06:15:13 GMT&#10;/bkt/k</StringToSign>
  <EC>0002-00000040</EC>
</Error>`
	noSuchUpload := `<Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message>` +
		`<RequestId>R1</RequestId><HostId>h</HostId><EC>0017-00000244</EC><UploadId>UP1</UploadId></Error>`
	headErr := base64.StdEncoding.EncodeToString([]byte(`<?xml version="1.0"?><Error><Code>NoSuchKey</Code>` +
		`<Message>The specified key does not exist.</Message><RequestId>R2</RequestId><EC>0026-00000001</EC></Error>`))

	cases := []struct {
		name   string
		status int
		header map[string]string
		body   string
		want   Error
		msg    string // substring of Message when synthesised
	}{
		{name: "xml body", status: 403, body: sigXML, header: map[string]string{"x-oss-request-id": "HDRID"},
			want: Error{StatusCode: 403, Code: "SignatureDoesNotMatch", RequestID: "HDRID", HostID: "bkt.oss-cn-hangzhou.aliyuncs.com",
				EC: "0002-00000040", StringToSign: "PUT\n\n\nSun, 22 Nov 2026 06:15:13 GMT\n/bkt/k"},
			msg: "does not match"},
		{name: "upload id and header EC", status: 404, body: noSuchUpload, header: map[string]string{"x-oss-ec": "0017-99999999"},
			want: Error{StatusCode: 404, Code: "NoSuchUpload", RequestID: "R1", HostID: "h", EC: "0017-99999999", UploadID: "UP1"}},
		{name: "head x-oss-err", status: 404, header: map[string]string{"x-oss-err": headErr, "x-oss-request-id": "R2"},
			want: Error{StatusCode: 404, Code: "NoSuchKey", RequestID: "R2", EC: "0026-00000001"}, msg: "does not exist"},
		{name: "html from a proxy", status: 502, body: "<html><body>Bad Gateway\x01</body></html>",
			want: Error{StatusCode: 502}, msg: "Bad Gateway; body is not OSS error XML: <html><body>Bad Gateway.</body></html>"},
		{name: "plain text", status: 500, body: "upstream exploded", header: map[string]string{"x-oss-request-id": "R3"},
			want: Error{StatusCode: 500, RequestID: "R3"}, msg: "upstream exploded"},
		{name: "empty", status: 404, want: Error{StatusCode: 404}, msg: "Not Found"},
		{name: "truncated xml", status: 400, body: "<Error><Code>InvalidArgument</Code>",
			want: Error{StatusCode: 400}, msg: "<Error><Code>InvalidArgument</Code>"},
		{name: "bad x-oss-err", status: 403, header: map[string]string{"x-oss-err": "!!notbase64"},
			want: Error{StatusCode: 403}, msg: "Forbidden"},
		{name: "callback failed", status: 203, body: `<Error><Code>CallbackFailed</Code><Message>Error status : 502.</Message><RequestId>R4</RequestId></Error>`,
			want: Error{StatusCode: 203, Code: "CallbackFailed", RequestID: "R4"}, msg: "502"},
		{name: "long body cut", status: 500, body: strings.Repeat("x", 1000), want: Error{StatusCode: 500}, msg: strings.Repeat("x", 256) + "..."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for k, v := range tc.header {
				h.Set(k, v)
			}
			got := parseError("Op", tc.status, h, []byte(tc.body))
			msg := got.Message
			got.Message = ""
			want := tc.want
			want.Op = "Op"
			if *got != want {
				t.Errorf("got  %+v\nwant %+v", *got, want)
			}
			if !strings.Contains(msg, tc.msg) {
				t.Errorf("message %q does not contain %q", msg, tc.msg)
			}
			if len(msg) > 400 {
				t.Errorf("message is %d bytes long", len(msg))
			}
		})
	}
}

func TestErrorText(t *testing.T) {
	e := &Error{Op: "UploadPart", StatusCode: 404, Code: "NoSuchUpload", Message: "gone", RequestID: "R1", EC: "0017-00000244"}
	if got, want := e.Error(), "oss: UploadPart: 404 NoSuchUpload: gone (request id R1, EC 0017-00000244)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	te := &TransportError{Op: "PutObject", Kind: TransportReset, Err: io.ErrUnexpectedEOF}
	if got, want := te.Error(), "oss: PutObject: connection reset: unexpected EOF"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestRetryable(t *testing.T) {
	cases := []struct {
		err  error
		want bool
	}{
		{&Error{StatusCode: 500, Code: "InternalError"}, true},
		{&Error{StatusCode: 502}, true},
		{&Error{StatusCode: 503, Code: "ServiceUnavailable"}, true},
		{&Error{StatusCode: 429}, true},
		{&Error{StatusCode: 400, Code: "RequestTimeout"}, true},
		{&Error{StatusCode: 403, Code: "SignatureDoesNotMatch"}, false},
		{&Error{StatusCode: 404, Code: "NoSuchUpload"}, false},
		{&Error{StatusCode: 400, Code: "InvalidPart"}, false},
		{&Error{StatusCode: 203, Code: "CallbackFailed"}, false},
		{&Error{StatusCode: 403, Code: "RequestTimeTooSkewed"}, false},
		{&Error{StatusCode: 403, Code: "RequestTimeTooSkewed", ClockSkewCorrected: true}, true},
		{&TransportError{Kind: TransportReset, Err: io.EOF}, true},
		{&TransportError{Kind: TransportTimeout, Err: os.ErrDeadlineExceeded}, true},
		{&TransportError{Kind: TransportRefused, Err: syscall.ECONNREFUSED}, true},
		{&TransportError{Kind: TransportTLS, Err: errors.New("x509")}, false},
		{&TransportError{Kind: TransportCanceled, Err: context.Canceled}, false},
		{&TransportError{Kind: TransportDNS, Err: &net.DNSError{Err: "no such host", IsNotFound: true}}, false},
		{&TransportError{Kind: TransportDNS, Err: &net.DNSError{Err: "timeout", IsTimeout: true}}, true},
		{fmt.Errorf("part 3: %w", &Error{StatusCode: 503}), true},
		{fmt.Errorf("part 3: %w", &ArgumentError{Field: "x"}), false},
		{errors.New("plain"), false},
		{nil, false},
	}
	for i, tc := range cases {
		if got := IsRetryable(tc.err); got != tc.want {
			t.Errorf("%d: IsRetryable(%v) = %v, want %v", i, tc.err, got, tc.want)
		}
	}
}

func TestTransportKind(t *testing.T) {
	op := func(err error) error {
		return &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", err)}
	}
	cases := []struct {
		err  error
		want TransportKind
	}{
		{op(syscall.ECONNREFUSED), TransportRefused},
		{op(syscall.ECONNRESET), TransportReset},
		{op(syscall.EPIPE), TransportReset},
		{fmt.Errorf("wrapped: %w", io.ErrUnexpectedEOF), TransportReset},
		{errors.New("http: server closed idle connection"), TransportReset},
		{&net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}, TransportTimeout},
		{&net.DNSError{Err: "no such host", Name: "x.invalid", IsNotFound: true}, TransportDNS},
		{x509.UnknownAuthorityError{}, TransportTLS},
		{x509.HostnameError{Host: "x"}, TransportTLS},
		{errors.New("something else"), TransportOther},
	}
	for _, tc := range cases {
		if got := transportKind(tc.err); got != tc.want {
			t.Errorf("transportKind(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	te := classifyTransport(ctx, "Op", op(syscall.ECONNRESET))
	if te.Kind != TransportCanceled || !errors.Is(te, context.Canceled) || !errors.Is(te, syscall.ECONNRESET) {
		t.Errorf("cancelled: %+v", te)
	}
}

func TestCredentialsRedacted(t *testing.T) {
	c := Credentials{AccessKeyID: "AKID", AccessKeySecret: "s3cr3t-value", SecurityToken: "tok3n-value"}
	for _, f := range []string{"%v", "%+v", "%#v", "%s"} {
		s := fmt.Sprintf(f, c)
		if strings.Contains(s, "s3cr3t") || strings.Contains(s, "tok3n") || !strings.Contains(s, "AKID") {
			t.Errorf("%s prints %q", f, s)
		}
	}
	if s := fmt.Sprintf("%v", &c); strings.Contains(s, "s3cr3t") {
		t.Errorf("pointer prints %q", s)
	}
}

func TestCredentialProviders(t *testing.T) {
	ctx := context.Background()
	t.Setenv("OSS_ACCESS_KEY_ID", "envid")
	t.Setenv("OSS_ACCESS_KEY_SECRET", "envsecret")
	t.Setenv("OSS_SESSION_TOKEN", "envtoken")
	c, err := EnvCredentials().Credentials(ctx)
	if err != nil || c != (Credentials{"envid", "envsecret", "envtoken"}) {
		t.Errorf("env: %v %v", c, err)
	}
	t.Setenv("OSS_ACCESS_KEY_SECRET", "")
	_, err = EnvCredentials().Credentials(ctx)
	var ae *ArgumentError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "OSS_ACCESS_KEY_SECRET") {
		t.Errorf("env without secret: %v", err)
	}
	c, err = StaticCredentials("id", "sec", "").Credentials(ctx)
	if err != nil || c != (Credentials{AccessKeyID: "id", AccessKeySecret: "sec"}) {
		t.Errorf("static: %v %v", c, err)
	}
	if _, err := StaticCredentials("", "Zq9secretZq9", "").Credentials(ctx); err == nil || strings.Contains(err.Error(), "Zq9") {
		t.Errorf("static without id: %v", err)
	}
}

func TestNewValidates(t *testing.T) {
	ca := t.TempDir() + "/ca.pem"
	os.WriteFile(ca, []byte("not a certificate"), 0o600)
	cases := []struct {
		name  string
		cfg   Config
		field string
	}{
		{"no region", Config{Endpoint: "oss.example.com"}, "Region"},
		{"bad version", Config{Endpoint: "oss.example.com", SignatureVersion: 2}, "SignatureVersion"},
		{"bad endpoint", Config{Endpoint: "/path-only", SignatureVersion: 1}, "Endpoint"},
		{"bad host", Config{Endpoint: "a$b", SignatureVersion: 1}, "Endpoint"},
		{"missing CA", Config{Endpoint: "oss.example.com", SignatureVersion: 1, CAFile: ca + ".missing"}, "CAFile"},
		{"bad CA", Config{Endpoint: "oss.example.com", SignatureVersion: 1, CAFile: ca}, "CAFile"},
		{"missing CA dir", Config{Endpoint: "oss.example.com", SignatureVersion: 1, CAPath: ca + ".d"}, "CAPath"},
		{"CA dir without certificates", Config{Endpoint: "oss.example.com", SignatureVersion: 1, CAPath: filepath.Dir(ca)}, "CAPath"},
		{"bad proxy", Config{Endpoint: "oss.example.com", SignatureVersion: 1, Proxy: "::user:pa55word@"}, "Proxy"},
		{"bad header", Config{Endpoint: "oss.example.com", Region: "r", AdditionalHeaders: []string{"a b"}}, "AdditionalHeaders"},
		{"user agent", Config{Endpoint: "oss.example.com", SignatureVersion: 1, UserAgent: "x\r\nEvil: 1"}, "UserAgent"},
		{"cname and path style", Config{Endpoint: "oss.example.com", SignatureVersion: 1, CNAME: true, PathStyle: true}, "PathStyle"},
	}
	for _, tc := range cases {
		_, err := New(tc.cfg)
		var ae *ArgumentError
		if !errors.As(err, &ae) || ae.Field != tc.field {
			t.Errorf("%s: %v, want ArgumentError on %s", tc.name, err, tc.field)
		}
		if err != nil && strings.Contains(err.Error(), "pa55word") {
			t.Errorf("%s: error leaks the proxy password: %v", tc.name, err)
		}
	}
	c, err := New(Config{Endpoint: "oss.example.com", Region: "cn-hangzhou"})
	if err != nil {
		t.Fatal(err)
	}
	if c.cfg.SignatureVersion != 4 || c.cfg.MaxIdleConnsPerHost != 128 || c.transport.WriteBufferSize != 256<<10 ||
		c.transport.TLSClientConfig.InsecureSkipVerify || c.transport.Protocols.HTTP2() || !c.transport.Protocols.HTTP1() {
		t.Errorf("defaults not applied: %+v", c.cfg)
	}
	if !strings.HasPrefix(c.userAgent, "ossresume/"+Version+" (") {
		t.Errorf("User-Agent %q", c.userAgent)
	}
}
