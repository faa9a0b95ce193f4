//go:build js

package main

import (
	"context"
	"errors"
	"io/fs"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// The native API's error taxonomy (capi/classify.go), for the errors a browser run can meet:
// the same ossr_code names and numbers, and the same fields, plus the browser's own failures
// (CORS, an unreadable File, the storage quota) under the codes they belong to.

type code struct {
	name   string
	number int
}

var (
	codeArg             = code{"E_ARG", 1}
	codeFile            = code{"E_FILE", 2}
	codeServer          = code{"E_SERVER", 3}
	codeNetwork         = code{"E_NETWORK", 4}
	codeInconsistent    = code{"E_INCONSISTENT", 5}
	codeCancelled       = code{"E_CANCELLED", 6}
	codeCheckpointInUse = code{"E_CHECKPOINT_IN_USE", 7}
	codeCheckpoint      = code{"E_CHECKPOINT", 8}
	codeInternal        = code{"E_INTERNAL", 10}
	codeTimeout         = code{"E_TIMEOUT", 11}
	codeCredentials     = code{"E_CREDENTIALS", 12}
)

// argError is an argument this surface refuses before any traffic because it cannot express
// it (a wrong type, an unknown handle, part_sha256 in a browser).
type argError struct{ field, reason string }

func (e *argError) Error() string { return e.field + ": " + e.reason }

func badArg(field, reason string) error { return &argError{field: field, reason: reason} }

// errCancelled is the cause of an upload.cancel.
var errCancelled = errors.New("the upload was cancelled by upload.cancel")

type failure struct {
	code                                     code
	httpStatus                               int
	errorCode, message, requestID, ec, field string
	uploadID, operation, hostID, transport   string
	partNumber                               int
	localCRC, serverCRC                      uint64
}

var transportNames = map[oss.TransportKind]string{
	oss.TransportOther: "other", oss.TransportRefused: "refused", oss.TransportReset: "reset",
	oss.TransportTimeout: "timeout", oss.TransportDNS: "dns", oss.TransportTLS: "tls",
	oss.TransportCanceled: "other",
}

// Field names of the core, as the options objects spell them.
var fieldNames = map[string]string{
	"Bucket": "bucket", "Key": "key", "FilePath": "file", "Source": "file", "PartSize": "part_size",
	"Threads": "threads", "Checkpoint": "checkpoint", "Header": "headers", "Retries": "retries",
	"Endpoint": "endpoint", "Region": "region", "SignatureVersion": "signature_version",
	"UserAgent": "user_agent", "PathStyle": "path_style", "CNAME": "cname",
	"ConnectTimeout": "connect_timeout_ms", "ReadWriteTimeout": "read_write_timeout_ms",
	"PutThreshold": "multipart_threshold", "ContinueUploadID": "continue_upload_id",
}

func fieldName(f string) string {
	if n, ok := fieldNames[f]; ok {
		return n
	}
	return f
}

// classify sorts an error as capi's classifyErr does; the browser's own errors come first,
// since they wrap the generic ones.
func classify(err error) failure {
	var (
		ae   *argError
		oae  *oss.ArgumentError
		uoe  *upload.OptionError
		se   *oss.Error
		te   *oss.TransportError
		ie   *upload.InconsistentError
		fe   *oss.FetchError
		che  *oss.CORSHeaderError
		ue   *upload.UnreadableError
		qe   *checkpoint.QuotaError
		pe   *fs.PathError
		cerr *credentialsTimeout
	)
	switch {
	case errors.As(err, &ae):
		return failure{code: codeArg, errorCode: "InvalidArgument", field: ae.field, message: ae.Error()}
	case errors.Is(err, errCancelled) || errors.Is(err, context.Canceled):
		return failure{code: codeCancelled, errorCode: "Cancelled", message: "the upload was cancelled; " +
			"the checkpoint, if enabled, is kept: start the same upload again to resume"}
	case errors.As(err, &cerr):
		return failure{code: codeCredentials, errorCode: "SecurityTokenExpired", message: err.Error()}
	case errors.As(err, &oae) && oae.Field == "credentials":
		return failure{code: codeCredentials, errorCode: "CredentialsError", field: "access_key_id", message: oae.Error()}
	case errors.As(err, &oae):
		f := fieldName(oae.Field)
		return failure{code: codeArg, errorCode: "InvalidArgument", field: f, message: f + ": " + oae.Reason}
	case errors.As(err, &uoe):
		f := fieldName(uoe.Field)
		return failure{code: codeArg, errorCode: "InvalidArgument", field: f, message: f + ": " + uoe.Reason}
	case errors.As(err, &ue):
		return failure{code: codeFile, errorCode: "NotReadableError", field: "file", message: ue.Error()}
	case errors.As(err, &qe):
		return failure{code: codeCheckpoint, errorCode: "QuotaExceededError", message: qe.Error()}
	case errors.Is(err, checkpoint.ErrInUse):
		return failure{code: codeCheckpointInUse, errorCode: "CheckpointInUse", message: err.Error()}
	case errors.As(err, &che):
		return failure{code: codeNetwork, errorCode: "CORSHeaderHidden", field: che.Header, transport: "cors", message: che.Error()}
	case errors.As(err, &se):
		return failure{code: codeServer, httpStatus: se.StatusCode, errorCode: nonEmpty(se.Code, "UnknownError"),
			message: nonEmpty(se.Message, err.Error()), requestID: se.RequestID, ec: se.EC,
			uploadID: se.UploadID, operation: se.Op, hostID: se.HostID}
	case errors.As(err, &ie):
		return failure{code: codeInconsistent, errorCode: "InconsistentError", message: ie.Error(),
			requestID: ie.RequestID, partNumber: ie.PartNumber, localCRC: ie.Local, serverCRC: ie.Server}
	case errors.As(err, &fe):
		f := failure{code: codeNetwork, errorCode: "NetworkError", transport: "cors", message: fe.Error()}
		if errors.As(err, &te) {
			f.operation = te.Op
		}
		return f
	case errors.As(err, &te):
		return failure{code: codeNetwork, errorCode: "NetworkError", message: te.Error(), operation: te.Op,
			transport: transportNames[te.Kind]}
	case errors.As(err, &pe):
		return failure{code: codeCheckpoint, errorCode: "CheckpointError", message: err.Error()}
	case errors.Is(err, context.DeadlineExceeded):
		return failure{code: codeNetwork, errorCode: "NetworkError", message: err.Error(), transport: "timeout"}
	}
	return failure{code: codeInternal, errorCode: "InternalError", message: err.Error()}
}

func nonEmpty(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// errorObject is an ossr_error as the page receives it.
func errorObject(f failure) map[string]any {
	return map[string]any{
		"code": f.code.name, "code_number": f.code.number, "http_status": f.httpStatus,
		"error_code": f.errorCode, "message": f.message, "request_id": f.requestID, "ec": f.ec,
		"field": f.field, "upload_id": f.uploadID, "operation": f.operation,
		"part_number": f.partNumber, "host_id": f.hostID, "transport": f.transport,
		"local_crc64": uitoa(f.localCRC), "server_crc64": uitoa(f.serverCRC),
	}
}
