package oss

import (
	"errors"
	"strings"
	"testing"
)

// The naming, header and endpoint rules every API applies (through upload.Validate or
// directly): one table each, the verdict and the field.
func TestValidateRules(t *testing.T) {
	for _, tc := range []struct {
		name  string
		err   error
		field string // "" for valid
	}{
		{"bucket", ValidateBucketName("examplebucket"), ""},
		{"bucket 63", ValidateBucketName(strings.Repeat("a", 63)), ""},
		{"bucket 64", ValidateBucketName(strings.Repeat("a", 64)), "bucket"},
		{"bucket short", ValidateBucketName("ab"), "bucket"},
		{"bucket upper", ValidateBucketName("aBc"), "bucket"},
		{"bucket underscore", ValidateBucketName("a_bc"), "bucket"},
		{"bucket dot", ValidateBucketName("a.bc"), "bucket"},
		{"bucket dash", ValidateBucketName("-abc"), "bucket"},
		{"key", ValidateObjectKey("dir/sub/file.txt"), ""},
		{"key 1023", ValidateObjectKey(strings.Repeat("k", 1023)), ""},
		{"key unicode", ValidateObjectKey("中文.txt"), ""},
		{"key empty", ValidateObjectKey(""), "key"},
		{"key 1024", ValidateObjectKey(strings.Repeat("k", 1024)), "key"},
		{"key slash", ValidateObjectKey("/abs"), "key"},
		{"key backslash", ValidateObjectKey(`\win`), "key"},
		{"key not UTF-8", ValidateObjectKey("bad\xff"), "key"},
		{"header", ValidateHeader("X-Oss-Meta-A", "1"), ""},
		{"header empty value", ValidateHeader("Content-Type", ""), ""},
		{"header name space", ValidateHeader("Bad Name", "v"), "Header"},
		{"header name empty", ValidateHeader("", "v"), "Header"},
		{"header name colon", ValidateHeader("A:B", "v"), "Header"},
		{"header value CRLF", ValidateHeader("X-Oss-Meta-A", "one\r\ntwo"), "Header"},
		{"header value NUL", ValidateHeader("X", "nul\x00"), "Header"},
		{"endpoint", ValidateEndpoint("oss-cn-hangzhou.aliyuncs.com"), ""},
		{"endpoint port", ValidateEndpoint("http://127.0.0.1:8080"), ""},
		{"endpoint path", ValidateEndpoint("https://oss-cn-hangzhou.aliyuncs.com/ignored"), ""},
		{"endpoint user", ValidateEndpoint("user@host.example:99"), ""},
		{"endpoint IPv6", ValidateEndpoint("[::1]:8080"), ""},
		{"endpoint empty", ValidateEndpoint(" "), "Endpoint"},
		{"endpoint space", ValidateEndpoint("bad host"), "Endpoint"},
		{"endpoint bang", ValidateEndpoint("ex!ample.com"), "Endpoint"},
		{"endpoint scheme", ValidateEndpoint("ftp://example.com"), "Endpoint"},
		{"endpoint no host", ValidateEndpoint("http://"), "Endpoint"},
		{"endpoint IPv6 open", ValidateEndpoint("[::1"), "Endpoint"},
	} {
		var ae *ArgumentError
		switch {
		case tc.field == "" && tc.err != nil:
			t.Errorf("%s: refused: %v", tc.name, tc.err)
		case tc.field != "" && (!errors.As(tc.err, &ae) || ae.Field != tc.field):
			t.Errorf("%s: err = %v, want an *ArgumentError for %s", tc.name, tc.err, tc.field)
		}
	}
}
