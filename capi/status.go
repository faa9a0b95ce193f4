package main

import (
	"context"
	"errors"
	"io/fs"
	"syscall"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// The AOSE_* codes of aos_define.h that the Go half reports.
const (
	aoseAbortCallback      = -997
	aoseFailedConnect      = -998
	aoseInternalError      = -996
	aoseInvalidArgument    = -994
	aoseInvalidOperation   = -993
	aoseConnectionFailed   = -992
	aoseNameLookupError    = -990
	aoseFailedVerification = -989
	aoseCRCInconsistent    = -978
	aoseOpenFileError      = -985
)

// outcome is what one call reports through aos_status_t.
type outcome struct {
	code      int
	errorCode string // "" on success: the C status's error_code stays NULL
	msg       string
	requestID string
}

// errCancelled marks an upload the progress callback asked to stop.
var errCancelled = errors.New("the upload was cancelled by the progress callback")

// statusOf maps a failure of the engine, or of the checks before it, onto the official SDK's
// status conventions (c-sdk-surface §3.9): the server's status and code where it answered, a
// negative AOSE_* code below HTTP, a positive errno for a local file that cannot be opened.
func statusOf(err error) outcome {
	var (
		ae  *argError
		oe  *oss.Error
		te  *oss.TransportError
		pe  *fs.PathError
		ie  *upload.InconsistentError
		oe2 *upload.OptionError
		eno syscall.Errno
	)
	switch {
	case errors.As(err, &ae):
		return outcome{code: ae.code, errorCode: ae.errorCode, msg: ae.msg}
	case errors.Is(err, errCancelled):
		return outcome{code: aoseAbortCallback, errorCode: "ClientError", msg: errCancelled.Error()}
	case errors.As(err, &oe):
		return outcome{code: oe.StatusCode, errorCode: nonEmpty(oe.Code, "UnknownError"), msg: oe.Message, requestID: oe.RequestID}
	case errors.As(err, &te):
		return outcome{code: transportCode(te.Kind), errorCode: "HttpIoError", msg: te.Error()}
	case errors.As(err, &oe2):
		return outcome{code: aoseInvalidArgument, errorCode: "ClientError", msg: oe2.Error()}
	case errors.As(err, &ie):
		return outcome{code: aoseCRCInconsistent, errorCode: "InconsistentError", msg: ie.Error(), requestID: ie.RequestID}
	case errors.Is(err, checkpoint.ErrInUse):
		return outcome{code: aoseInvalidOperation, errorCode: "ClientError", msg: err.Error()}
	case errors.As(err, &pe) && errors.As(pe.Err, &eno):
		return outcome{code: int(eno), errorCode: "OpenFileFail", msg: err.Error()}
	case errors.As(err, &pe):
		return outcome{code: aoseOpenFileError, errorCode: "OpenFileFail", msg: err.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		return outcome{code: aoseConnectionFailed, errorCode: "HttpIoError", msg: err.Error()}
	default:
		return outcome{code: aoseInternalError, errorCode: "ClientError", msg: err.Error()}
	}
}

func transportCode(k oss.TransportKind) int {
	switch k {
	case oss.TransportRefused:
		return aoseFailedConnect
	case oss.TransportDNS:
		return aoseNameLookupError
	case oss.TransportTimeout, oss.TransportReset:
		return aoseConnectionFailed
	case oss.TransportTLS:
		return aoseFailedVerification
	default:
		return aoseInternalError
	}
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
