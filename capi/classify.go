package main

/*
#include "native_bridge.h"
*/
import "C"

import (
	"context"
	"errors"
	"io/fs"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/download"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// The one error classification of the library. Whatever a run or a check before it returns,
// classify sorts it into a failure: an ossr_code and the fields an ossr_error carries. The
// native surface copies a failure into an ossr_error (cError); the C SDK surface maps it onto
// aos_status_t through one table (sdkStatus). Neither looks at the error itself again.

// The ossr_code values, for Go code and tests (which cannot use cgo).
const (
	codeOK              = int(C.OSSR_OK)
	codeArg             = int(C.OSSR_E_ARG)
	codeFile            = int(C.OSSR_E_FILE)
	codeServer          = int(C.OSSR_E_SERVER)
	codeNetwork         = int(C.OSSR_E_NETWORK)
	codeInconsistent    = int(C.OSSR_E_INCONSISTENT)
	codeCancelled       = int(C.OSSR_E_CANCELLED)
	codeCheckpointInUse = int(C.OSSR_E_CHECKPOINT_IN_USE)
	codeCheckpoint      = int(C.OSSR_E_CHECKPOINT)
	codeInternal        = int(C.OSSR_E_INTERNAL)
	codeTimeout         = int(C.OSSR_E_TIMEOUT)
	codeCredentials     = int(C.OSSR_E_CREDENTIALS)
)

// argError is an argument a translator refuses before any traffic because its surface cannot
// express it (a NULL, an enum value out of range, a malformed header line): what is valid for
// an upload is decided by core/oss and core/upload, never here. field is the argument's name as
// the surface spells it.
type argError struct {
	field, reason string
}

func (e *argError) Error() string { return e.field + ": " + e.reason }

func badArg(field, reason string) error { return &argError{field: field, reason: reason} }

// Why an upload was cancelled, as context causes.
var (
	errCancelledByCallback = errors.New("the upload was cancelled by its progress callback")
	errCancelledByHandle   = errors.New("the upload was cancelled by ossr_upload_cancel")
	errCancelledByFree     = errors.New("the upload was cancelled by ossr_upload_free")
)

// cancelCauses are the causes a run of one kind is cancelled with.
type cancelCauses struct{ callback, handle, free error }

var (
	uploadCauses   = cancelCauses{errCancelledByCallback, errCancelledByHandle, errCancelledByFree}
	downloadCauses = cancelCauses{ // issue 21: download
		errors.New("the download was cancelled by its progress callback"),
		errors.New("the download was cancelled by ossr_download_cancel"),
		errors.New("the download was cancelled by ossr_download_free"),
	}
)

// transportNames spell oss.TransportKind as ossr_error.transport does.
var transportNames = map[oss.TransportKind]string{
	oss.TransportOther: "other", oss.TransportRefused: "refused", oss.TransportReset: "reset",
	oss.TransportTimeout: "timeout", oss.TransportDNS: "dns", oss.TransportTLS: "tls",
	oss.TransportCanceled: "other",
}

// failure is one classified error: an ossr_error in Go terms, with the error it came from (for
// a surface's wording, never for a second classification).
type failure struct {
	code                                           int
	httpStatus                                     int
	errorCode, message, requestID, ec, field, path string
	uploadID, operation                            string
	hostID, transport                              string
	sysErrno                                       int
	partNumber                                     int
	localCRC, serverCRC                            uint64
	notRegular                                     bool // a file that is not a regular one (upload.ErrNotRegular)
	err                                            error
}

// Names the Go packages give fields, as the native header spells them.
var fieldNames = map[string]string{
	"Bucket": "bucket", "Key": "key", "FilePath": "file_path", "PartSize": "part_size",
	"Threads": "threads", "Checkpoint": "checkpoint", "CheckpointPath": "checkpoint_path",
	"Header": "headers", "Retries": "retries", "Endpoint": "endpoint", "Region": "region",
	"SignatureVersion": "signature_version", "CloudBoxID": "cloudbox_id", "CAFile": "ca_file", "CAPath": "ca_path",
	"Proxy": "proxy", "UserAgent": "user_agent", "PathStyle": "path_style", "CNAME": "cname",
	"ConnectTimeout": "connect_timeout_ms", "ReadWriteTimeout": "read_write_timeout_ms",
	"PutThreshold": "multipart_threshold", "ContinueUploadID": "continue_upload_id",
}

func fieldName(f string) string {
	if n, ok := fieldNames[f]; ok {
		return n
	}
	return strings.ToLower(f)
}

// classify turns what an upload (or a check before it) returned into a failure. cause is
// context.Cause of the upload's context, nil while it was not cancelled; filePath tells the
// local file's errors from the checkpoint's.
func classify(err error, cause error, filePath string) failure {
	f := classifyErr(err, cause, filePath)
	f.err = err
	return f
}

func classifyErr(err error, cause error, filePath string) failure {
	var (
		ae  *argError
		oae *oss.ArgumentError
		uoe *upload.OptionError
		se  *oss.Error
		te  *oss.TransportError
		ie  *upload.InconsistentError
		pe  *fs.PathError
		// issue 21: download
		doe *download.OptionError
		dte *download.TargetError
		die *download.InconsistentError
		dce *download.ObjectChangedError
	)
	switch {
	case errors.As(err, &ae):
		return failure{code: codeArg, errorCode: "InvalidArgument", field: ae.field, message: ae.Error()}
	case cause != nil && isCancel(err):
		return failure{code: codeCancelled, errorCode: "Cancelled", message: cause.Error() +
			"; the checkpoint, if enabled, is kept: run the same call again to resume"}
	case errors.As(err, &oae) && oae.Field == "credentials":
		return failure{code: codeCredentials, errorCode: "CredentialsError", field: "access_key_id", message: oae.Error()}
	case errors.As(err, &oae):
		f := fieldName(oae.Field)
		return failure{code: codeArg, errorCode: "InvalidArgument", field: f, message: f + ": " + oae.Reason}
	case errors.As(err, &uoe):
		f := fieldName(uoe.Field)
		return failure{code: codeArg, errorCode: "InvalidArgument", field: f, message: f + ": " + uoe.Reason}
	case errors.As(err, &doe):
		f := fieldName(doe.Field)
		return failure{code: codeArg, errorCode: "InvalidArgument", field: f, message: f + ": " + doe.Reason}
	case errors.As(err, &dte):
		return targetFailure(dte, filePath)
	case errors.As(err, &die):
		return failure{code: codeInconsistent, errorCode: "InconsistentError", message: die.Error(),
			requestID: die.RequestID, localCRC: die.Local, serverCRC: die.Server}
	case errors.As(err, &dce):
		return failure{code: codeInconsistent, errorCode: "ObjectChanged", message: dce.Error(), requestID: dce.RequestID}
	case errors.Is(err, checkpoint.ErrInUse):
		return failure{code: codeCheckpointInUse, errorCode: "CheckpointInUse", message: err.Error() +
			" (another upload or download with this checkpoint is running)"}
	case errors.As(err, &se):
		return failure{code: codeServer, httpStatus: se.StatusCode, errorCode: nonEmpty(se.Code, "UnknownError"),
			message: nonEmpty(se.Message, err.Error()), requestID: se.RequestID, ec: se.EC,
			uploadID: se.UploadID, operation: se.Op, hostID: se.HostID}
	case errors.As(err, &ie):
		return failure{code: codeInconsistent, errorCode: "InconsistentError", message: ie.Error(),
			requestID: ie.RequestID, partNumber: ie.PartNumber, localCRC: ie.Local, serverCRC: ie.Server}
	case errors.As(err, &te):
		return failure{code: codeNetwork, errorCode: "NetworkError", message: te.Error(), operation: te.Op,
			transport: transportNames[te.Kind]}
	case errors.As(err, &pe):
		f := failure{code: codeCheckpoint, errorCode: "CheckpointError", path: pe.Path, message: err.Error()}
		if pe.Path == filePath {
			f.code, f.errorCode, f.message = codeFile, "FileError", "file_path: "+err.Error()
		}
		var eno syscall.Errno
		switch {
		case errors.As(pe.Err, &eno):
			f.sysErrno = int(eno)
		case errors.Is(pe.Err, upload.ErrNotRegular):
			f.sysErrno, f.notRegular = int(syscall.EINVAL), true
		}
		return f
	case errors.Is(err, context.DeadlineExceeded):
		return failure{code: codeNetwork, errorCode: "NetworkError", message: err.Error(), transport: "timeout"}
	case isCancel(err):
		// A context cancelled without a cause of ours cannot happen; report it plainly.
		return failure{code: codeCancelled, errorCode: "Cancelled", message: err.Error()}
	}
	return failure{code: codeInternal, errorCode: "InternalError", message: err.Error()}
}

// targetFailure classifies where a download's file goes: OSSR_E_FILE for the target, its
// directory and the temporary file beside it; OSSR_E_CHECKPOINT for a checkpoint elsewhere.
func targetFailure(e *download.TargetError, filePath string) failure {
	f := failure{code: codeFile, errorCode: "FileError", path: e.Path, message: "file_path: " + e.Error()}
	dir := filepath.Dir(filePath)
	if e.Path != filePath && e.Path != dir && filepath.Dir(e.Path) != dir {
		f.code, f.errorCode, f.message = codeCheckpoint, "CheckpointError", e.Error()
	}
	var eno syscall.Errno
	if errors.As(e.Err, &eno) {
		f.sysErrno = int(eno)
	}
	f.notRegular = errors.Is(e.Err, syscall.EISDIR) || errors.Is(e.Err, syscall.EEXIST)
	return f
}

func isCancel(err error) bool {
	var te *oss.TransportError
	return errors.Is(err, context.Canceled) || errors.As(err, &te) && te.Kind == oss.TransportCanceled
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
