package main

import (
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// argError is a bad argument, refused before any network traffic. code and errorCode follow
// the official SDK where it has a status for the case (an invalid bucket name); where it
// crashes instead (NULL object, path or parameters), the status is -994 "ClientError".
type argError struct {
	code      int
	errorCode string
	msg       string
}

func (e *argError) Error() string { return e.msg }

func clientError(format string, a ...any) *argError {
	return &argError{code: aoseInvalidArgument, errorCode: "ClientError", msg: fmt.Sprintf(format, a...)}
}

const bucketInvalidMessage = "The bucket name is invalid, please check."

// checkBucket applies OSS's bucket-name rule: 3-63 of [a-z0-9-], not starting or ending in '-'.
func checkBucket(name string) *argError {
	bad := &argError{code: aoseInvalidArgument, errorCode: "BucketNameInvalidError", msg: bucketInvalidMessage}
	if len(name) < 3 || len(name) > 63 || name[0] == '-' || name[len(name)-1] == '-' {
		return bad
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
			return bad
		}
	}
	return nil
}

// checkKey applies OSS's object-key rule: 1-1023 bytes of UTF-8, not starting with '/' or '\'.
func checkKey(key string) *argError {
	bad := func(why string) *argError {
		return &argError{code: aoseInvalidArgument, errorCode: "ObjectNameInvalidError",
			msg: "The object name is invalid: " + why}
	}
	switch {
	case key == "":
		return bad("it is empty")
	case len(key) > 1023:
		return bad(fmt.Sprintf("it is %d bytes, more than 1023", len(key)))
	case key[0] == '/' || key[0] == '\\':
		return bad("it starts with a slash")
	case !utf8.ValidString(key):
		return bad("it is not UTF-8")
	}
	return nil
}

// checkEndpoint refuses an empty endpoint or a host with characters no host name has, with the
// official SDK's message for the latter.
func checkEndpoint(ep string) *argError {
	host := ep
	if i := strings.Index(host, "://"); i >= 0 {
		scheme := strings.ToLower(host[:i])
		if scheme != "http" && scheme != "https" {
			return clientError("The endpoint is invalid: scheme %q is neither http nor https.", scheme)
		}
		host = host[i+3:]
	}
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	if i := strings.LastIndexByte(host, '@'); i >= 0 {
		host = host[i+1:]
	}
	if strings.HasPrefix(host, "[") { // IPv6 literal
		if j := strings.IndexByte(host, ']'); j > 0 {
			return nil
		}
		return clientError("The endpoint is invalid.")
	}
	if i := strings.LastIndexByte(host, ':'); i >= 0 {
		host = host[:i]
	}
	if host == "" {
		if ep == "" {
			return clientError("The endpoint is empty: set options->config->endpoint.")
		}
		return clientError("The endpoint is invalid.")
	}
	for i := 0; i < len(host); i++ {
		c := host[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return clientError("The endpoint is invalid.")
		}
	}
	return nil
}

// checkHeaders refuses header names and values that HTTP cannot carry, so that a stray
// newline in a caller's table is reported by name rather than as a transport failure.
func checkHeaders(h http.Header) *argError {
	for k, vs := range h {
		if k == "" || strings.ContainsAny(k, " \t\r\n:") {
			return clientError("header name %q is invalid", k)
		}
		for _, v := range vs {
			if strings.ContainsAny(v, "\r\n\x00") {
				return clientError("header %s has a line break or NUL in its value", k)
			}
		}
	}
	return nil
}

// checkConfig refuses what would only fail later at the server: missing credentials, or V4
// signing without a region.
func checkConfig(cfg *oss.Config, creds oss.Credentials) *argError {
	if e := checkEndpoint(cfg.Endpoint); e != nil {
		return e
	}
	if creds.AccessKeyID == "" {
		return clientError("The access key id is empty: set options->config->access_key_id (OSS_ACCESS_KEY_ID).")
	}
	if creds.AccessKeySecret == "" {
		return clientError("The access key secret is empty: set options->config->access_key_secret (OSS_ACCESS_KEY_SECRET).")
	}
	if cfg.SignatureVersion == 4 && cfg.Region == "" && cfg.CloudBoxID == "" {
		return clientError("Signature version 4 needs a region: set options->config->region.")
	}
	return nil
}

// partSizeFor maps part_size for the engine: 0 or less takes the engine's default; a positive
// size below OSS's minimum is raised to it, since OSS would refuse the smaller parts at
// Complete (the official SDK sends them anyway). The engine grows it further when the file
// would need more than 10,000 parts.
func partSizeFor(ps int64) int64 {
	switch {
	case ps <= 0:
		return 0
	case ps < upload.MinPartSize:
		return upload.MinPartSize
	}
	return ps
}
