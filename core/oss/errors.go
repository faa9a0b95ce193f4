package oss

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// Error is a failure the server reported: an HTTP status with OSS's error XML, the same XML
// base64-encoded in x-oss-err (HEAD), or a synthesised error for a body that is not XML.
type Error struct {
	Op           string // the operation, e.g. "UploadPart"
	StatusCode   int
	Code         string // e.g. "NoSuchUpload"
	Message      string
	RequestID    string
	HostID       string
	EC           string
	StringToSign string // the server's, on SignatureDoesNotMatch
	UploadID     string // when the error names one
	Endpoint     string // the endpoint to use instead, when the bucket lives behind another

	// ClockSkew is the server's clock minus ours, measured from the response's Date when
	// the server answered RequestTimeTooSkewed; the client has already applied it, so a
	// retry signs with the server's time.
	ClockSkew          time.Duration
	ClockSkewCorrected bool
}

// TransportKind classifies a failure below HTTP.
type TransportKind int

const (
	TransportOther    TransportKind = iota
	TransportRefused                // connection refused
	TransportReset                  // connection reset or closed mid-request
	TransportTimeout                // connect, read or write deadline passed
	TransportDNS                    // name resolution failed
	TransportTLS                    // handshake or verification failed
	TransportCanceled               // the caller's context was cancelled or its deadline passed
)

var transportKindNames = [...]string{"transport error", "connection refused", "connection reset",
	"timeout", "name resolution failed", "TLS failure", "canceled"}

func (k TransportKind) String() string {
	if int(k) < len(transportKindNames) {
		return transportKindNames[k]
	}
	return "TransportKind(" + strconv.Itoa(int(k)) + ")"
}

// TransportError is a failure before a complete HTTP response arrived.
type TransportError struct {
	Op   string
	Kind TransportKind
	Err  error
}

func (e *TransportError) Unwrap() error { return e.Err }

func (e *TransportError) Error() string {
	return "oss: " + e.Op + ": " + e.Kind.String() + ": " + e.Err.Error()
}

// Retryable reports whether sending the same request again could succeed: after a reset,
// a timeout, a refused connection (a server restarting) or a temporary DNS failure, but not
// after a TLS verification failure or the caller's own cancel.
func (e *TransportError) Retryable() bool {
	switch e.Kind {
	case TransportReset, TransportTimeout, TransportRefused:
		return true
	case TransportDNS:
		var d interface{ Temporary() bool }
		return errors.As(e.Err, &d) && d.Temporary()
	}
	return false
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("oss: " + e.Op + ": " + strconv.Itoa(e.StatusCode))
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request id " + e.RequestID)
		if e.EC != "" {
			b.WriteString(", EC " + e.EC)
		}
		b.WriteString(")")
	}
	return b.String()
}

// retryableCodes are server error codes that describe a transient condition.
var retryableCodes = map[string]bool{
	"InternalError":      true,
	"ServiceUnavailable": true,
	"RequestTimeout":     true,
	"SlowDown":           true,
	"Throttling":         true,
	"TooManyRequests":    true,
}

// Retryable reports whether the same request could succeed if sent again: server faults
// (5xx), throttling (429, 503), transient codes, and a skewed clock once it has been corrected.
func (e *Error) Retryable() bool {
	switch {
	case e.StatusCode >= 500, e.StatusCode == 429:
		return true
	case e.Code == "RequestTimeTooSkewed":
		return e.ClockSkewCorrected
	}
	return retryableCodes[e.Code]
}

// IsRetryable reports whether err is one that a retry of the same request could cure.
func IsRetryable(err error) bool {
	var r interface{ Retryable() bool }
	return errors.As(err, &r) && r.Retryable()
}

// ArgumentError is input refused before any network traffic.
type ArgumentError struct {
	Field  string // the input that is wrong, e.g. "PartNumber", "Endpoint"
	Reason string
}

func (e *ArgumentError) Error() string { return "oss: invalid " + e.Field + ": " + e.Reason }
