package main

/*
#include "bridge.h"
#include "sdk_download_bridge.h"
*/
import "C"

import (
	"strings"

	"github.com/ossresume/ossresume/core/download"
	"github.com/ossresume/ossresume/core/oss"
)

// oss_resumable_download_file (issue 21): the translator reads the call into download.Options
// with the C SDK's own mappings (thread_num, part_size, enable_crc, the ".dcp" record), and
// the shared run loop (run.go) runs it on a client of the shared transport, as the upload's.
// Whether a name, option or target is valid is decided by core/oss and core/download.

//export ossr_go_download
func ossr_go_download(call *C.ossr_download_call) {
	pool := call.options.pool
	var res *download.Result
	var f *failure
	func() {
		defer func() {
			if r := recover(); r != nil {
				c := classify(panicError(r), nil, "")
				res, f = nil, &c
			}
		}()
		res, f = runSDKDownload(call)
	}()
	st := outcome{code: 200}
	resp := oss.Response{}
	if f != nil {
		st = sdkDownloadStatus(*f)
	} else {
		st.requestID = res.RequestID
		resp.Header = res.Header
	}
	setRespHeaders(call.resp_headers, pool, resp, f)
	fillStatus(call.status, pool, st)
}

// sdkDownloadStatus is the one table (sdkStatus) with the download's one difference in the
// official SDK: a target or checkpoint that cannot be opened (an empty path included) is
// AOSE_OPEN_FILE_ERROR, not errno.
func sdkDownloadStatus(f failure) outcome {
	st := sdkStatus(f)
	if st.errorCode == "OpenFileFail" {
		st.code = aoseOpenFileError
	}
	return st
}

// runSDKDownload translates the call and runs it on the shared run loop.
func runSDKDownload(call *C.ossr_download_call) (*download.Result, *failure) {
	opts, err := readSDKDownload(call)
	path, _ := goString(call.filepath)
	if err != nil {
		f := classify(err, nil, path)
		return nil, &f
	}
	s, err := openSession(call.options)
	if err != nil {
		f := classify(err, nil, path)
		return nil, &f
	}
	defer s.done()
	opts.SkipCRCCheck = !s.crc
	if err := download.CheckTarget(opts); err != nil {
		f := classify(err, nil, path)
		return nil, &f
	}
	u := startDownloadRun(s.client, opts, nil)
	relay := sdkRelay{fn: call.progress, userData: call.user_data, last: -1}
	var report func(done, total int64) bool
	if relay.fn != nil {
		report = relay.report
	}
	u.relay(report)
	return u.endDownload()
}

// readSDKDownload copies and checks the call's arguments in the official SDK's order (the
// bucket name first), refusing NULLs by name where the official SDK would crash. The config
// (endpoint, keys) is openSession's.
func readSDKDownload(call *C.ossr_download_call) (download.Options, error) {
	var o download.Options
	bucket, ok := goString(call.bucket)
	if !ok {
		return o, badArg("bucket", "NULL")
	}
	if err := oss.ValidateBucketName(bucket); err != nil {
		return o, err
	}
	key, ok := goString(call.object)
	if !ok {
		return o, badArg("object", "NULL")
	}
	if err := oss.ValidateObjectKey(key); err != nil {
		return o, err
	}
	path, ok := goString(call.filepath)
	if !ok {
		return o, badArg("filepath", "NULL")
	}
	if call.clt_params == nil {
		return o, badArg("clt_params", "NULL: make one with oss_create_resumable_clt_params_content")
	}
	if call.options.config == nil {
		return o, badArg("options->config", "NULL: make one with oss_config_create")
	}
	endpoint, _ := goString(&call.options.config.endpoint)
	cp := call.clt_params
	o = download.Options{Bucket: bucket, Key: key, FilePath: path, Endpoint: strings.TrimSpace(endpoint),
		PartSize: max(int64(cp.part_size), 0), Threads: sdkThreads(int(cp.thread_num)), Notify: logWarn}
	if cp.enable_checkpoint != 0 {
		o.Checkpoint = true
		o.CheckpointPath, _ = goString(&cp.checkpoint_path)
	}
	if len(readTable(call.headers)) > 0 {
		logWarn("oss_resumable_download_file: the request headers are not sent (a download sends only HEAD and ranged GETs with If-Match)")
	}
	return o, download.Validate(o)
}
