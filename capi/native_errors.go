package main

/*
#include <stdlib.h>
#include "native_bridge.h"
*/
import "C"

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"syscall"
	"unsafe"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

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

// nativeArgError is an argument of the native API refused before any traffic; field is its
// name as the header spells it.
type nativeArgError struct {
	field, reason string
}

func (e *nativeArgError) Error() string { return e.field + ": " + e.reason }

func badArg(field, reason string) error { return &nativeArgError{field: field, reason: reason} }

// nativeFileError is the local file refused before any traffic.
type nativeFileError struct {
	path  string
	errno syscall.Errno
	msg   string
}

func (e *nativeFileError) Error() string { return e.msg }

// Why an upload was cancelled, as context causes.
var (
	errCancelledByCallback = errors.New("the upload was cancelled by its progress callback")
	errCancelledByHandle   = errors.New("the upload was cancelled by ossr_upload_cancel")
	errCancelledByFree     = errors.New("the upload was cancelled by ossr_upload_free")
)

// transportNames spell oss.TransportKind as ossr_error.transport does.
var transportNames = map[oss.TransportKind]string{
	oss.TransportOther: "other", oss.TransportRefused: "refused", oss.TransportReset: "reset",
	oss.TransportTimeout: "timeout", oss.TransportDNS: "dns", oss.TransportTLS: "tls",
	oss.TransportCanceled: "other",
}

// failure is an ossr_error in Go terms.
type failure struct {
	code                                           int
	httpStatus                                     int
	errorCode, message, requestID, ec, field, path string
	uploadID, operation                            string
	hostID, transport                              string
	sysErrno                                       int
	partNumber                                     int
	localCRC, serverCRC                            uint64
}

// Names the Go packages give fields, as the header spells them.
var fieldNames = map[string]string{
	"Bucket": "bucket", "Key": "key", "FilePath": "file_path", "PartSize": "part_size",
	"Threads": "threads", "Checkpoint": "checkpoint", "CheckpointPath": "checkpoint_path",
	"Header": "headers", "Retries": "retries", "Endpoint": "endpoint", "Region": "region",
	"SignatureVersion": "signature_version", "CloudBoxID": "cloudbox_id", "CAFile": "ca_file", "CAPath": "ca_path",
	"Proxy": "proxy", "UserAgent": "user_agent", "PathStyle": "path_style", "CNAME": "cname",
	"ConnectTimeout": "connect_timeout_ms", "ReadWriteTimeout": "read_write_timeout_ms",
}

func fieldName(f string) string {
	if n, ok := fieldNames[f]; ok {
		return n
	}
	return strings.ToLower(f)
}

// classify turns what an upload (or a check before it) returned into an ossr_error's content.
// cause is context.Cause of the upload's context, nil while it was not cancelled; filePath
// tells the local file's errors from the checkpoint's.
func classify(err error, cause error, filePath string) failure {
	var (
		ae  *nativeArgError
		fe  *nativeFileError
		oae *oss.ArgumentError
		uoe *upload.OptionError
		se  *oss.Error
		te  *oss.TransportError
		ie  *upload.InconsistentError
		pe  *fs.PathError
	)
	switch {
	case errors.As(err, &ae):
		return failure{code: codeArg, errorCode: "InvalidArgument", field: ae.field, message: ae.Error()}
	case errors.As(err, &fe):
		return failure{code: codeFile, errorCode: "FileError", path: fe.path, sysErrno: int(fe.errno), message: fe.msg}
	case cause != nil && isCancel(err):
		return failure{code: codeCancelled, errorCode: "Cancelled", message: cause.Error() +
			"; the checkpoint, if enabled, is kept: run the same upload again to resume"}
	case errors.As(err, &oae) && oae.Field == "credentials":
		return failure{code: codeCredentials, errorCode: "CredentialsError", field: "access_key_id", message: oae.Error()}
	case errors.As(err, &oae):
		f := fieldName(oae.Field)
		return failure{code: codeArg, errorCode: "InvalidArgument", field: f, message: f + ": " + oae.Reason}
	case errors.As(err, &uoe):
		f := fieldName(uoe.Field)
		return failure{code: codeArg, errorCode: "InvalidArgument", field: f, message: f + ": " + uoe.Reason}
	case errors.Is(err, checkpoint.ErrInUse):
		return failure{code: codeCheckpointInUse, errorCode: "CheckpointInUse", message: err.Error() +
			" (another upload of this file is running)"}
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
			f.code, f.errorCode = codeFile, "FileError"
		}
		var eno syscall.Errno
		if errors.As(pe.Err, &eno) {
			f.sysErrno = int(eno)
		}
		return f
	case isCancel(err):
		// A context cancelled without a cause of ours cannot happen; report it plainly.
		return failure{code: codeCancelled, errorCode: "Cancelled", message: err.Error()}
	}
	return failure{code: codeInternal, errorCode: "InternalError", message: err.Error()}
}

func isCancel(err error) bool {
	var te *oss.TransportError
	return errors.Is(err, context.Canceled) || errors.As(err, &te) && te.Kind == oss.TransportCanceled
}

// cError copies f into a new C ossr_error; nil only when C is out of memory.
func cError(f failure) *C.ossr_error {
	e := C.ossrn_error_new(C.int(f.code), cstr(f.errorCode), cstr(f.field), cstr(f.message))
	if e == nil {
		return nil
	}
	e.http_status = C.int(f.httpStatus)
	setCString(&e.request_id, f.requestID)
	setCString(&e.ec, f.ec)
	setCString(&e.path, f.path)
	setCString(&e.upload_id, f.uploadID)
	setCString(&e.operation, f.operation)
	setCString(&e.host_id, f.hostID)
	setCString(&e.transport, f.transport)
	e.sys_errno = C.int(f.sysErrno)
	e.part_number = C.int(f.partNumber)
	e.local_crc64 = C.uint64_t(f.localCRC)
	e.server_crc64 = C.uint64_t(f.serverCRC)
	return e
}

// setCString replaces the malloc'd string at *p with a malloc'd copy of s.
func setCString(p **C.char, s string) {
	if s == "" {
		return // ossrn_error_new already put "" there
	}
	C.free(unsafe.Pointer(*p))
	*p = C.CString(s)
}

// cstr is a C string for the duration of one C call that copies it; NUL-terminated, unlike
// cptr. Strings holding a NUL are cut there.
func cstr(s string) *C.char {
	b := make([]byte, len(s)+1)
	copy(b, s)
	if i := strings.IndexByte(s, 0); i >= 0 {
		b[i] = 0
	}
	return (*C.char)(unsafe.Pointer(&b[0]))
}
