package oss

import (
	"errors"
	"fmt"
	"strings"

	core "github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// ServiceError is an error answer from OSS. As in the v1 SDK it is returned as a value: match it
// with errors.As(err, &serviceError) where serviceError is a ServiceError, or with a type switch
// case ServiceError. Unwrap yields the engine's *core/oss.Error, which also carries the
// operation and whether a retry could help.
type ServiceError struct {
	Code       string // OSS's error code, e.g. "NoSuchBucket", "SignatureDoesNotMatch"
	Message    string
	RequestID  string // x-oss-request-id: quote it to Alibaba Cloud support
	HostID     string
	Endpoint   string // the endpoint OSS says to use instead, when the bucket lives behind another
	Ec         string // OSS's detailed error code (EC)
	RawMessage string // always "": the engine does not keep the raw body
	StatusCode int    // HTTP status

	err *core.Error
}

func (e ServiceError) Error() string {
	s := fmt.Sprintf("oss: service returned error: StatusCode=%d, ErrorCode=%s, ErrorMessage=%q, RequestId=%s",
		e.StatusCode, e.Code, e.Message, e.RequestID)
	if e.Endpoint != "" {
		s += ", Endpoint=" + e.Endpoint
	}
	if e.Ec != "" {
		s += ", Ec=" + e.Ec
	}
	return s
}

// Unwrap returns the engine's error, or nil for a ServiceError made by hand.
func (e ServiceError) Unwrap() error {
	if e.err == nil {
		return nil
	}
	return e.err
}

// CRCCheckError reports data whose CRC-64 as OSS computed it differs from the client's: the
// bytes were changed on the way. Its fields are unexported as in the v1 SDK; the methods below
// (not in v1) read them.
type CRCCheckError struct {
	clientCRC uint64
	serverCRC uint64
	operation string // "UploadPart" or "CompleteMultipartUpload"
	requestID string
	err       error
}

func (e CRCCheckError) Error() string {
	return fmt.Sprintf("oss: the crc of %s is inconsistent, client %d but server %d; request id is %s",
		e.operation, e.clientCRC, e.serverCRC, e.requestID)
}

// ClientCRC is the CRC-64 the client computed over the bytes it sent.
func (e CRCCheckError) ClientCRC() uint64 { return e.clientCRC }

// ServerCRC is the CRC-64 OSS reported.
func (e CRCCheckError) ServerCRC() uint64 { return e.serverCRC }

// Operation is the request whose answer carried ServerCRC.
func (e CRCCheckError) Operation() string { return e.operation }

// RequestID is that answer's x-oss-request-id.
func (e CRCCheckError) RequestID() string { return e.requestID }

// Unwrap returns the engine's *core/upload.InconsistentError.
func (e CRCCheckError) Unwrap() error { return e.err }

// ClientError is a failure on this side of the wire: input refused before any request (a bad
// option, part size, bucket name or credentials), the local file or checkpoint, a connection
// that failed or timed out, or the context given with WithContext ending. Not in the v1 SDK,
// which returns plain errors for these; Unwrap gives the cause, so errors.Is(err,
// context.Canceled) and errors.Is(err, fs.ErrNotExist) work, as does errors.As with the
// engine's *upload.OptionError or *core/oss.TransportError.
type ClientError struct {
	Message string
	Err     error
}

func (e ClientError) Error() string {
	if e.Message == "" && e.Err != nil {
		return e.Err.Error()
	}
	if !strings.HasPrefix(e.Message, "oss: ") {
		return "oss: " + e.Message
	}
	return e.Message
}

func (e ClientError) Unwrap() error { return e.Err }

// clientError wraps an engine error as a ClientError, keeping its message.
func clientError(err error) error { return ClientError{Message: err.Error(), Err: err} }

// translateError gives an engine error the v1 SDK's shape: a server answer is a ServiceError, a
// CRC mismatch a CRCCheckError, anything else a ClientError. An error that the caller's own
// cancel caused is a ClientError even when a request's failure is also in its chain.
func translateError(err error, canceled bool) error {
	if err == nil {
		return nil
	}
	var ie *upload.InconsistentError
	if errors.As(err, &ie) && ie.What != "file" {
		op := "UploadPart"
		if ie.What == "object" {
			op = "CompleteMultipartUpload"
		}
		return CRCCheckError{clientCRC: ie.Local, serverCRC: ie.Server, operation: op, requestID: ie.RequestID, err: err}
	}
	var se *core.Error
	if !canceled && errors.As(err, &se) {
		return ServiceError{Code: se.Code, Message: se.Message, RequestID: se.RequestID, HostID: se.HostID,
			Endpoint: se.Endpoint, Ec: se.EC, StatusCode: se.StatusCode, err: se}
	}
	return clientError(err)
}
