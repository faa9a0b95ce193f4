package main

/*
#include "native_bridge.h"
*/
import "C"

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"unsafe"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// nativeJob is one upload's options, copied out of C and checked.
type nativeJob struct {
	opts upload.Options
	size int64 // the file's size when it was checked
}

// readUploadOptions copies a full-size ossr_upload_options into upload.Options, refuses what
// the struct cannot express (an unknown checkpoint mode, a header line without a colon), then
// lets the core decide the rest (upload.Validate, upload.CheckFile), so that everything a
// caller can get wrong is refused before any traffic with the verdict every surface gives.
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
		// one, so a larger threshold means "below 5 GiB" (a negative one is refused by the core).
		PutThreshold: min(int64(o.multipart_threshold), upload.MaxPartSize),
		// continue_upload_id was appended: native.c zeroes it for a caller passing the older size.
		ContinueUploadID: cString(o.continue_upload_id),
	}}
	switch r := int(o.retries); {
	case r < 0:
		j.opts.Retries = -1
	case r > 0:
		j.opts.Retries = r
	}
	var err error
	j.opts.Checkpoint, j.opts.CheckpointPath, err = readCheckpointMode(o.checkpoint, cString(o.checkpoint_path))
	if err != nil {
		return nil, err
	}
	h, err := readHeaders(o.headers)
	if err != nil {
		return nil, err
	}
	j.opts.Header = h
	if err := upload.Validate(j.opts); err != nil {
		return nil, err
	}
	if j.size, err = upload.CheckFile(j.opts.FilePath); err != nil {
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
		if !ok {
			return nil, badArg(field, strconv.Quote(line)+" is not \"Name: value\"")
		}
		// The rule is the core's; only the index is this surface's.
		var ae *oss.ArgumentError
		if err := oss.ValidateHeader(name, value); errors.As(err, &ae) {
			return nil, badArg(field, ae.Reason)
		}
		h.Add(name, value)
	}
	return nil, badArg("headers", "has no NULL terminator within 10000 entries")
}
