package upload

import (
	"errors"
	"fmt"
	"os"
	"syscall"

	"github.com/ossresume/ossresume/core/oss"
)

// ErrNotRegular is the error inside the *os.PathError for a source that exists but is not a
// regular file (a FIFO, a device, a socket). It has no errno: an API that reports one says
// what it maps it to.
var ErrNotRegular = errors.New("not a regular file")

// Validate reports what Upload would refuse in opts before it opens the file or sends
// anything: the bucket name and key (OSS's naming rules, oss.ValidateBucketName and
// oss.ValidateObjectKey), every header (oss.ValidateHeader), the part size, and the rest of
// the options. The error is an *OptionError naming the Options field ("Bucket", "Key",
// "Header", "PartSize", ...). Upload applies the same rules, so every API that calls Validate
// to refuse early gives the verdict Upload would.
func Validate(opts Options) error {
	wrap := func(field string, err error) error {
		var ae *oss.ArgumentError
		if errors.As(err, &ae) {
			return &OptionError{Field: field, Reason: ae.Reason}
		}
		return &OptionError{Field: field, Reason: err.Error()}
	}
	if err := oss.ValidateBucketName(opts.Bucket); err != nil {
		return wrap("Bucket", err)
	}
	if err := oss.ValidateObjectKey(opts.Key); err != nil {
		return wrap("Key", err)
	}
	o, err := opts.normalize()
	if err != nil {
		return err
	}
	if ps := o.PartSize; ps != 0 && (ps < o.minPartSize || ps > MaxPartSize) {
		return &OptionError{Field: "PartSize",
			Reason: fmt.Sprintf("%d is outside %d (100 KiB) .. %d (5 GiB); 0 takes the default (8 MiB)", ps, o.minPartSize, int64(MaxPartSize))}
	}
	for name, vs := range o.Header {
		for _, v := range vs {
			if err := oss.ValidateHeader(name, v); err != nil {
				return wrap("Header", err)
			}
		}
	}
	return nil
}

// CheckFile looks at the file to upload without reading it and returns its size: a missing or
// unreadable file, a directory (EISDIR) or anything else that is not a regular file
// (ErrNotRegular) is an *os.PathError naming it. It stats before opening, and opens without
// blocking, because opening a FIFO for reading waits for a writer. Upload checks the file it
// opens the same way; an API calls CheckFile to refuse a bad path before it starts one.
func CheckFile(path string) (int64, error) {
	if path == "" {
		return 0, &OptionError{Field: "FilePath", Reason: "empty"}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	if err := notRegular(path, fi); err != nil {
		return 0, err
	}
	f, err := openSource(path)
	if err != nil {
		return 0, err
	}
	f.Close()
	return fi.Size(), nil
}

// notRegular is the one "is it a regular file" rule, for CheckFile and for the file Upload opens.
func notRegular(path string, fi os.FileInfo) error {
	switch {
	case fi.IsDir():
		return &os.PathError{Op: "open", Path: path, Err: syscall.EISDIR}
	case !fi.Mode().IsRegular():
		return &os.PathError{Op: "open", Path: path, Err: fmt.Errorf("%w (%s)", ErrNotRegular, fi.Mode().Type())}
	}
	return nil
}
