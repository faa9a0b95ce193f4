package main

/*
#include "native_bridge.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"syscall"
	"unsafe"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// nativeJob is one upload's options, copied out of C and checked.
type nativeJob struct {
	opts upload.Options
	size int64 // the file's size when it was checked
}

// readUploadOptions copies and checks a full-size ossr_upload_options, then looks at the file,
// so that everything a caller can get wrong is refused before any traffic.
func readUploadOptions(c *nativeClient, o *C.ossr_upload_options) (*nativeJob, error) {
	j := &nativeJob{opts: upload.Options{
		Bucket:        cString(o.bucket),
		Key:           cString(o.key),
		FilePath:      cString(o.file_path),
		Endpoint:      c.endpoint,
		PartSize:      int64(o.part_size),
		Threads:       int(o.threads),
		DisableSHA256: o.disable_sha256 != 0,
		PartSHA256:    o.part_sha256 != 0, // appended: native.c zeroes it for an older size
		Retries:       c.retries,
		// Below multipart_threshold the engine sends one PutObject. OSS takes at most 5 GiB in
		// one, so a larger threshold means "below 5 GiB".
		PutThreshold: min(int64(o.multipart_threshold), upload.MaxPartSize),
	}}
	if err := oss.ValidateBucketName(j.opts.Bucket); err != nil {
		return nil, err
	}
	if err := oss.ValidateObjectKey(j.opts.Key); err != nil {
		return nil, err
	}
	if j.opts.FilePath == "" {
		return nil, badArg("file_path", "is NULL or empty")
	}
	if ps := j.opts.PartSize; ps != 0 && (ps < upload.MinPartSize || ps > upload.MaxPartSize) {
		return nil, badArg("part_size", fmt.Sprintf("%d is outside %d (100 KiB) .. %d (5 GiB); 0 takes the default (8 MiB)",
			ps, upload.MinPartSize, int64(upload.MaxPartSize)))
	}
	if t := j.opts.Threads; t < 0 || t > upload.MaxThreads {
		return nil, badArg("threads", fmt.Sprintf("%d is outside 1..%d; 0 takes the default (%d)", t, upload.MaxThreads, upload.DefaultThreads))
	}
	if o.multipart_threshold < 0 {
		return nil, badArg("multipart_threshold", strconv.FormatInt(int64(o.multipart_threshold), 10)+" is negative")
	}
	switch r := int(o.retries); {
	case r < 0:
		j.opts.Retries = -1
	case r > 0:
		j.opts.Retries = r
	}
	path := cString(o.checkpoint_path)
	switch o.checkpoint {
	case C.OSSR_CHECKPOINT_OFF, C.OSSR_CHECKPOINT_DEFAULT:
		if path != "" {
			return nil, badArg("checkpoint_path", "is set but checkpoint is not OSSR_CHECKPOINT_PATH")
		}
		j.opts.Checkpoint = o.checkpoint == C.OSSR_CHECKPOINT_DEFAULT
	case C.OSSR_CHECKPOINT_PATH:
		if path == "" {
			return nil, badArg("checkpoint_path", "is NULL or empty with OSSR_CHECKPOINT_PATH")
		}
		j.opts.Checkpoint, j.opts.CheckpointPath = true, path
	default:
		return nil, badArg("checkpoint", strconv.Itoa(int(o.checkpoint))+" is not OSSR_CHECKPOINT_OFF (0), _DEFAULT (1) or _PATH (2)")
	}
	// continue_upload_id was appended: native.c zeroes it for a caller passing the older size.
	if id := cString(o.continue_upload_id); id != "" {
		if !j.opts.Checkpoint {
			return nil, badArg("continue_upload_id", "is set with OSSR_CHECKPOINT_OFF: continuing an upload needs a checkpoint, so that a failure never aborts it")
		}
		j.opts.ContinueUploadID = id
	}
	h, err := readHeaders(o.headers)
	if err != nil {
		return nil, err
	}
	j.opts.Header = h
	if j.size, err = checkRegularFile(j.opts.FilePath); err != nil {
		return nil, err
	}
	return j, nil
}

// readHeaders parses a NULL-terminated array of "Name: value" strings.
func readHeaders(p **C.char) (http.Header, error) {
	h := http.Header{}
	if p == nil {
		return h, nil
	}
	const limit = 10000 // a missing NULL terminator should fail, not walk memory forever
	for i, s := range unsafe.Slice(p, limit) {
		if s == nil {
			return h, nil
		}
		line := C.GoString(s)
		name, value, ok := strings.Cut(line, ":")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		field := "headers[" + strconv.Itoa(i) + "]"
		switch {
		case !ok:
			return nil, badArg(field, strconv.Quote(line)+" is not \"Name: value\"")
		case !validHeaderName(name):
			return nil, badArg(field, "invalid header name "+strconv.Quote(name))
		case strings.ContainsAny(value, "\r\n\x00"):
			return nil, badArg(field, "the value of "+name+" holds a line break")
		}
		h.Add(name, value)
	}
	return nil, badArg("headers", "has no NULL terminator within 10000 entries")
}

func validHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("()<>@,;:\\\"/[]?={}", c) >= 0 {
			return false
		}
	}
	return true
}

// checkRegularFile stats and opens path without reading it: a missing or unreadable file, a
// directory or a device is refused with its errno before any traffic. (Opening a FIFO would
// block, hence the stat first.)
func checkRegularFile(path string) (int64, error) {
	fail := func(err error) (int64, error) {
		var eno syscall.Errno
		errors.As(err, &eno)
		return 0, &nativeFileError{path: path, errno: eno, msg: "file_path: " + err.Error()}
	}
	fi, err := os.Stat(path)
	if err != nil {
		return fail(err)
	}
	if fi.IsDir() {
		return fail(&os.PathError{Op: "open", Path: path, Err: syscall.EISDIR})
	}
	if !fi.Mode().IsRegular() {
		return 0, &nativeFileError{path: path, errno: syscall.EINVAL,
			msg: "file_path: " + path + " is not a regular file (" + fi.Mode().Type().String() + ")"}
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(err)
	}
	f.Close()
	return fi.Size(), nil
}
