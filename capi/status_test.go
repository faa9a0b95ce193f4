package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"testing"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

func TestStatusOf(t *testing.T) {
	wrap := func(err error) error { return fmt.Errorf("upload: %w", err) }
	for _, tc := range []struct {
		name string
		err  error
		want outcome
	}{
		{"argument", clientError("object is NULL"), outcome{code: -994, errorCode: "ClientError", msg: "object is NULL"}},
		{"server", wrap(&oss.Error{StatusCode: 404, Code: "NoSuchBucket", Message: "gone", RequestID: "R1"}),
			outcome{code: 404, errorCode: "NoSuchBucket", msg: "gone", requestID: "R1"}},
		{"server without code", &oss.Error{StatusCode: 502, RequestID: "R2"},
			outcome{code: 502, errorCode: "UnknownError", requestID: "R2"}},
		{"refused", &oss.TransportError{Op: "Initiate", Kind: oss.TransportRefused, Err: errors.New("refused")},
			outcome{code: -998, errorCode: "HttpIoError"}},
		{"dns", &oss.TransportError{Kind: oss.TransportDNS, Err: errors.New("x")}, outcome{code: -990, errorCode: "HttpIoError"}},
		{"timeout", &oss.TransportError{Kind: oss.TransportTimeout, Err: errors.New("x")}, outcome{code: -992, errorCode: "HttpIoError"}},
		{"tls", &oss.TransportError{Kind: oss.TransportTLS, Err: errors.New("x")}, outcome{code: -989, errorCode: "HttpIoError"}},
		{"crc", wrap(&upload.InconsistentError{What: "part", PartNumber: 3, RequestID: "R3"}),
			outcome{code: -978, errorCode: "InconsistentError", requestID: "R3"}},
		{"option", &upload.OptionError{Field: "PartSize", Reason: "too big"}, outcome{code: -994, errorCode: "ClientError"}},
		{"missing file", &os.PathError{Op: "open", Path: "f", Err: syscall.ENOENT}, outcome{code: 2, errorCode: "OpenFileFail"}},
		{"directory", &os.PathError{Op: "open", Path: "d", Err: syscall.EISDIR}, outcome{code: 21, errorCode: "OpenFileFail"}},
		{"checkpoint in use", wrap(checkpoint.ErrInUse), outcome{code: -993, errorCode: "ClientError"}},
		{"cancelled", errCancelled, outcome{code: -997, errorCode: "ClientError"}},
		{"deadline", wrap(context.DeadlineExceeded), outcome{code: -992, errorCode: "HttpIoError"}},
		{"other", errors.New("boom"), outcome{code: -996, errorCode: "ClientError", msg: "boom"}},
	} {
		got := statusOf(tc.err)
		if got.code != tc.want.code || got.errorCode != tc.want.errorCode || got.requestID != tc.want.requestID ||
			(tc.want.msg != "" && got.msg != tc.want.msg) || got.msg == "" && tc.name != "server without code" {
			t.Errorf("%s: statusOf = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}
