package main

/*
#include <stdlib.h>
#include "native_bridge.h"
*/
import "C"

import (
	"runtime/cgo"
	"strconv"
	"unsafe"

	"github.com/ossresume/ossresume/core/download"
	"github.com/ossresume/ossresume/core/upload"
)

// The Go halves of ossr_download_file and ossr_download_start (issue 21). They read an
// ossr_download_options into download.Options and run it on the one run loop (run.go); the
// other ossr_download_* calls share the upload's halves, since the run is the same kind.

// readDownloadOptions copies a full-size ossr_download_options into download.Options, refuses
// what the struct cannot express (an unknown checkpoint mode), then lets the core decide the
// rest (download.CheckTarget: the options, then where the file goes), before any traffic.
func readDownloadOptions(c *nativeClient, o *C.ossr_download_options) (download.Options, error) {
	opts := download.Options{
		Bucket:   cString(o.bucket),
		Key:      cString(o.key),
		FilePath: cString(o.file_path),
		Endpoint: c.endpoint,
		PartSize: int64(o.part_size),
		Threads:  int(o.threads),
		Retries:  c.retries,
	}
	switch r := int(o.retries); {
	case r < 0:
		opts.Retries = -1
	case r > 0:
		opts.Retries = r
	}
	var err error
	opts.Checkpoint, opts.CheckpointPath, err = readCheckpointMode(o.checkpoint, cString(o.checkpoint_path))
	if err != nil {
		return opts, err
	}
	return opts, download.CheckTarget(opts)
}

// readCheckpointMode reads the OSSR_CHECKPOINT_* mode and path the upload and download options
// share: whether to keep a record, and where when the caller says.
func readCheckpointMode(mode C.int, path string) (on bool, at string, err error) {
	switch mode {
	case C.OSSR_CHECKPOINT_OFF, C.OSSR_CHECKPOINT_DEFAULT:
		if path != "" {
			return false, "", badArg("checkpoint_path", "is set but checkpoint is not OSSR_CHECKPOINT_PATH")
		}
		return mode == C.OSSR_CHECKPOINT_DEFAULT, "", nil
	case C.OSSR_CHECKPOINT_PATH:
		if path == "" {
			return false, "", badArg("checkpoint_path", "is NULL or empty with OSSR_CHECKPOINT_PATH")
		}
		return true, path, nil
	}
	return false, "", badArg("checkpoint", strconv.Itoa(int(mode))+" is not OSSR_CHECKPOINT_OFF (0), _DEFAULT (1) or _PATH (2)")
}

//export ossrgo_download_file
func ossrgo_download_file(client C.uintptr_t, opts *C.ossr_download_options, progress C.ossr_progress_fn,
	userData unsafe.Pointer, resOut **C.ossr_result, errOut **C.ossr_error) (rc C.int) {
	defer contain(&rc, errOut)
	c := clientOf(client)
	o, err := readDownloadOptions(c, opts)
	if err != nil {
		return failWith(err, cString(opts.file_path), errOut)
	}
	u := startDownloadRun(c.api, o, nil)
	u.relay(nativeReport(progress, userData))
	res, e, code := nativeOutcome(u)
	*resOut, *errOut = res, e
	return C.int(code)
}

//export ossrgo_download_start
func ossrgo_download_start(client C.uintptr_t, opts *C.ossr_download_options, dl *C.ossr_download,
	handle *C.uintptr_t, errOut **C.ossr_error) (rc C.int) {
	defer contain(&rc, errOut)
	c := clientOf(client)
	o, err := readDownloadOptions(c, opts)
	if err != nil {
		return failWith(err, cString(opts.file_path), errOut)
	}
	*handle = C.uintptr_t(cgo.NewHandle(startDownloadRun(c.api, o, dl)))
	return C.OSSR_OK
}

// cDownloadResult copies a finished download into a new C ossr_result (see ossresume.h for
// what each field means for a download); nil when C is out of memory.
func cDownloadResult(res *download.Result) *C.ossr_result {
	r := (*C.ossr_result)(C.calloc(1, C.sizeof_ossr_result))
	if r == nil {
		return nil
	}
	r.size = C.sizeof_ossr_result
	r.http_status = 200
	r.bucket = C.CString(res.Bucket)
	r.key = C.CString(res.Key)
	r.etag = C.CString(res.ETag)
	r.crc64 = C.uint64_t(res.CRC64)
	r.request_id = C.CString(res.RequestID)
	r.upload_id = C.CString("")
	r.version_id = C.CString(res.Header.Get("X-Oss-Version-Id"))
	r.bytes_sent = C.int64_t(res.Fetched)
	r.bytes_resumed = C.int64_t(res.Resumed)
	r.total_bytes = C.int64_t(res.Size)
	r.part_size = C.int64_t(res.PartSize)
	r.parts = C.int(res.Parts)
	r.body = cBytes(nil)
	r.body_len = 0
	r.headers = cHeaderLines(&upload.Result{Header: res.Header})
	if res.Verified {
		r.verified = 1
	}
	return r
}
