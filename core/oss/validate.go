package oss

import (
	"strconv"
	"strings"
)

// Limits of the multipart API.
const (
	MaxPartNumber = 10000
	MaxPartSize   = 5 << 30 // also the largest PutObject
)

// checkObject validates the bucket and key every object operation names.
func checkObject(bucket, key string) error {
	if err := ValidateBucketName(bucket); err != nil {
		return err
	}
	return ValidateObjectKey(key)
}

// checkUpload also requires an upload id.
func checkUpload(bucket, key, uploadID string) error {
	if err := checkObject(bucket, key); err != nil {
		return err
	}
	if uploadID == "" {
		return &ArgumentError{Field: "UploadID", Reason: "must not be empty"}
	}
	return nil
}

func checkPartNumber(n int) error {
	if n < 1 || n > MaxPartNumber {
		return &ArgumentError{Field: "PartNumber", Reason: strconv.Itoa(n) + " is outside 1..10000"}
	}
	return nil
}

// checkBody validates a streamed body of size bytes.
func checkBody(body any, size, max int64) error {
	switch {
	case size < 0:
		return &ArgumentError{Field: "Size", Reason: "must not be negative"}
	case size > max:
		return &ArgumentError{Field: "Size", Reason: strconv.FormatInt(size, 10) + " exceeds the limit of " + strconv.FormatInt(max, 10) + " bytes"}
	case size > 0 && body == nil:
		return &ArgumentError{Field: "Body", Reason: "is nil but Size is " + strconv.FormatInt(size, 10)}
	}
	return nil
}

func nilInput(op string) error {
	return &ArgumentError{Field: op + " input", Reason: "must not be nil"}
}

// ValidateHeader checks one header a caller asks to send with an object: the name must be an
// HTTP token (RFC 9110: no space, colon or control character) and the value must hold no CR,
// LF or NUL, which could split the request. Refused here, by name, rather than as a transport
// failure in the middle of an upload. Every API's header rule is this one.
func ValidateHeader(name, value string) error {
	switch {
	case !headerName.MatchString(name):
		return &ArgumentError{Field: "Header", Reason: "invalid header name " + strconv.Quote(name)}
	case strings.ContainsAny(value, "\r\n\x00"):
		return &ArgumentError{Field: "Header", Reason: "the value of " + name + " holds a line break or NUL"}
	}
	return nil
}

// ValidateEndpoint checks an endpoint as New reads it (see parseEndpoint); the error is an
// *ArgumentError for the field "Endpoint", with Reason "empty" for an empty or blank one.
func ValidateEndpoint(raw string) error {
	if strings.TrimSpace(raw) == "" {
		return &ArgumentError{Field: "Endpoint", Reason: "empty"}
	}
	_, err := parseEndpoint(raw)
	return err
}
