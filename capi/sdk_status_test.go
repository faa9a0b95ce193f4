package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// The C SDK surface's table: each kind of failure, classified once, and the status it becomes.
func TestSDKStatus(t *testing.T) {
	const file = "/data/f"
	wrap := func(err error) error { return fmt.Errorf("upload: %w", err) }
	for _, tc := range []struct {
		name  string
		err   error
		cause error
		want  outcome // msg: a part of the message ("" any non-empty one)
	}{
		{"NULL argument", badArg("object", "NULL"), nil, outcome{code: -994, errorCode: "ClientError", msg: "object"}},
		{"NULL bucket", badArg("bucket", "NULL"), nil, outcome{code: -994, errorCode: "BucketNameInvalidError", msg: "The bucket name is invalid, please check."}},
		{"bucket rule", oss.ValidateBucketName("Bad_Bucket"), nil, outcome{code: -994, errorCode: "BucketNameInvalidError", msg: "The bucket name is invalid, please check."}},
		{"bucket rule through Validate", upload.Validate(upload.Options{Bucket: "ab", Key: "k", FilePath: "f"}), nil, outcome{code: -994, errorCode: "BucketNameInvalidError", msg: "please check"}},
		{"key rule", oss.ValidateObjectKey("/k"), nil, outcome{code: -994, errorCode: "ObjectNameInvalidError", msg: "slash"}},
		{"key rule through Validate", upload.Validate(upload.Options{Bucket: "abc", Key: "bad\xff", FilePath: "f"}), nil, outcome{code: -994, errorCode: "ObjectNameInvalidError", msg: "UTF-8"}},
		{"empty endpoint", oss.ValidateEndpoint(" "), nil, outcome{code: -994, errorCode: "ClientError", msg: "endpoint is empty"}},
		{"bad endpoint", oss.ValidateEndpoint("bad host:80"), nil, outcome{code: -994, errorCode: "ClientError", msg: "endpoint is invalid"}},
		{"bad scheme", oss.ValidateEndpoint("ftp://h"), nil, outcome{code: -994, errorCode: "ClientError", msg: "scheme"}},
		{"client setting", &oss.ArgumentError{Field: "CAPath", Reason: "no PEM certificate"}, nil, outcome{code: -994, errorCode: "ClientError", msg: "invalid ca_path: no PEM"}},
		{"V4 without region", &oss.ArgumentError{Field: "Region", Reason: "needed"}, nil, outcome{code: -994, errorCode: "ClientError", msg: "region"}},
		{"header", upload.Validate(upload.Options{Bucket: "abc", Key: "k", FilePath: "f", Header: map[string][]string{"X-Oss-Meta-A": {"a\r\nb"}}}), nil,
			outcome{code: -994, errorCode: "ClientError", msg: "X-Oss-Meta-A"}},
		{"part size", upload.Validate(upload.Options{Bucket: "abc", Key: "k", FilePath: "f", PartSize: 6 << 30}), nil, outcome{code: -994, errorCode: "ClientError", msg: "PartSize"}},
		{"empty path", &upload.OptionError{Field: "FilePath", Reason: "empty"}, nil, outcome{code: int(syscall.ENOENT), errorCode: "OpenFileFail"}},
		{"file too large", &upload.OptionError{Field: "FilePath", Reason: "need parts over 5 GiB"}, nil, outcome{code: -994, errorCode: "ClientError", msg: "5 GiB"}},
		{"server", wrap(&oss.Error{StatusCode: 404, Code: "NoSuchBucket", Message: "gone", RequestID: "R1"}), nil,
			outcome{code: 404, errorCode: "NoSuchBucket", msg: "gone", requestID: "R1"}},
		{"server without code", &oss.Error{StatusCode: 502, RequestID: "R2"}, nil, outcome{code: 502, errorCode: "UnknownError", requestID: "R2"}},
		{"refused", &oss.TransportError{Op: "Initiate", Kind: oss.TransportRefused, Err: errors.New("refused")}, nil, outcome{code: -998, errorCode: "HttpIoError"}},
		{"dns", &oss.TransportError{Kind: oss.TransportDNS, Err: errors.New("x")}, nil, outcome{code: -990, errorCode: "HttpIoError"}},
		{"timeout", &oss.TransportError{Kind: oss.TransportTimeout, Err: errors.New("x")}, nil, outcome{code: -992, errorCode: "HttpIoError"}},
		{"reset", &oss.TransportError{Kind: oss.TransportReset, Err: errors.New("x")}, nil, outcome{code: -992, errorCode: "HttpIoError"}},
		{"tls", &oss.TransportError{Kind: oss.TransportTLS, Err: errors.New("x")}, nil, outcome{code: -989, errorCode: "HttpIoError"}},
		{"crc", wrap(&upload.InconsistentError{What: "part", PartNumber: 3, RequestID: "R3"}), nil, outcome{code: -978, errorCode: "InconsistentError", requestID: "R3"}},
		{"missing file", &os.PathError{Op: "open", Path: file, Err: syscall.ENOENT}, nil, outcome{code: 2, errorCode: "OpenFileFail"}},
		{"directory", &os.PathError{Op: "open", Path: file, Err: syscall.EISDIR}, nil, outcome{code: 21, errorCode: "OpenFileFail"}},
		{"not regular", &os.PathError{Op: "open", Path: file, Err: upload.ErrNotRegular}, nil, outcome{code: -985, errorCode: "OpenFileFail"}},
		{"checkpoint unwritable", &os.PathError{Op: "open", Path: file + ".cp", Err: syscall.EACCES}, nil, outcome{code: 13, errorCode: "OpenFileFail"}},
		{"checkpoint in use", wrap(checkpoint.ErrInUse), nil, outcome{code: -993, errorCode: "ClientError"}},
		{"cancelled", wrap(context.Canceled), errCancelledByCallback, outcome{code: -997, errorCode: "ClientError", msg: "progress callback"}},
		{"deadline", wrap(context.DeadlineExceeded), nil, outcome{code: -992, errorCode: "HttpIoError"}},
		{"other", errors.New("boom"), nil, outcome{code: -996, errorCode: "ClientError", msg: "boom"}},
	} {
		if tc.err == nil {
			t.Errorf("%s: the core accepted the input", tc.name)
			continue
		}
		got := sdkStatus(classify(tc.err, tc.cause, file))
		if got.code != tc.want.code || got.errorCode != tc.want.errorCode || got.requestID != tc.want.requestID ||
			!strings.Contains(got.msg, tc.want.msg) || got.msg == "" && tc.name != "server without code" {
			t.Errorf("%s: sdkStatus = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
