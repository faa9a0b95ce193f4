package main

import (
	"errors"
	"strings"
	"syscall"

	"github.com/ossresume/ossresume/core/oss"
)

// The C SDK surface's half of the error taxonomy: a failure (classify.go) mapped onto the
// official SDK's status conventions (c-sdk-surface §3.9) by one table: the server's status and
// code where it answered, a negative AOSE_* code below HTTP, a positive errno for a local file
// that cannot be opened. Only the wording is this surface's; what failed was decided once.

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

// sdkStatus is the table from a failure to the status oss_resumable_upload_file returns.
func sdkStatus(f failure) outcome {
	msg := f.message
	if f.err != nil {
		msg = f.err.Error()
	}
	switch f.code {
	case codeArg:
		return sdkArgStatus(f, msg)
	case codeCredentials:
		return outcome{code: aoseInvalidArgument, errorCode: "ClientError", msg: msg}
	case codeFile, codeCheckpoint:
		// A file that cannot be opened is its errno; one that is not a regular file has none.
		code := f.sysErrno
		if code <= 0 || f.notRegular {
			code = aoseOpenFileError
		}
		return outcome{code: code, errorCode: "OpenFileFail", msg: msg}
	case codeCancelled:
		return outcome{code: aoseAbortCallback, errorCode: "ClientError", msg: f.message}
	case codeCheckpointInUse:
		return outcome{code: aoseInvalidOperation, errorCode: "ClientError", msg: msg}
	case codeServer:
		return outcome{code: f.httpStatus, errorCode: f.errorCode, msg: f.message, requestID: f.requestID}
	case codeInconsistent:
		return outcome{code: aoseCRCInconsistent, errorCode: "InconsistentError", msg: msg, requestID: f.requestID}
	case codeNetwork:
		return outcome{code: transportCode(f.transport), errorCode: "HttpIoError", msg: msg}
	}
	return outcome{code: aoseInternalError, errorCode: "ClientError", msg: msg}
}

// sdkArgStatus words an argument refused before any traffic as the official SDK does where it
// has a status for the case (an invalid bucket or object name); elsewhere (where it would
// crash, or has no check) it is -994 "ClientError" naming the argument.
func sdkArgStatus(f failure, msg string) outcome {
	bad := func(m string) outcome { return outcome{code: aoseInvalidArgument, errorCode: "ClientError", msg: m} }
	reason, _ := strings.CutPrefix(f.message, f.field+": ") // classify's spelling: "field: reason"
	switch f.field {
	case "bucket":
		return outcome{code: aoseInvalidArgument, errorCode: "BucketNameInvalidError", msg: "The bucket name is invalid, please check."}
	case "key":
		return outcome{code: aoseInvalidArgument, errorCode: "ObjectNameInvalidError", msg: "The object name is invalid: " + reason}
	case "endpoint":
		if reason == "empty" {
			return bad("The endpoint is empty: set options->config->endpoint.")
		}
		return bad("The endpoint is invalid: " + reason)
	case "region":
		return bad("Signature version 4 needs a region: set options->config->region.")
	case "access_key_id", "access_key_secret":
		return bad(reason)
	case "file_path":
		if reason == "empty" {
			// The official SDK opens whatever path it is given: an empty one is open(2)'s ENOENT.
			return outcome{code: int(syscall.ENOENT), errorCode: "OpenFileFail", msg: "open \"\": the file path is empty"}
		}
	}
	var ae *oss.ArgumentError
	if errors.As(f.err, &ae) { // the client's settings, named as the C structs spell them
		return bad("invalid " + f.field + ": " + reason)
	}
	return bad(msg)
}

// transportCode maps ossr_error.transport onto the AOSE code curl's failure would give.
func transportCode(kind string) int {
	switch kind {
	case "refused":
		return aoseFailedConnect
	case "dns":
		return aoseNameLookupError
	case "timeout", "reset":
		return aoseConnectionFailed
	case "tls":
		return aoseFailedVerification
	}
	return aoseInternalError
}
