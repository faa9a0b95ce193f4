package oss

import "strconv"

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
