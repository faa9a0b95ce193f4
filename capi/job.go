package main

/*
#include "bridge.h"
*/
import "C"

import (
	"context"
	"net/http"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

var errIsDir = syscall.EISDIR

// job is one upload as Go sees it: everything copied out of the caller's C structures, so
// that nothing C owns is touched once the engine runs.
type job struct {
	cfg            oss.Config
	bucket, key    string
	path           string
	header         http.Header
	partSize       int64
	threads        int
	checkpoint     bool
	checkpointPath string
	skipCRC        bool // enable_crc == 0
}

// staticCredentials are the config's keys, fixed for the call.
type staticCredentials oss.Credentials

func (c staticCredentials) Credentials(context.Context) (oss.Credentials, error) {
	return oss.Credentials(c), nil
}

// goString copies an aos_string_t; ok is false for a NULL pointer.
func goString(s *C.aos_string_t) (v string, ok bool) {
	if s == nil {
		return "", false
	}
	if s.data == nil || s.len <= 0 {
		return "", true
	}
	return C.GoStringN(s.data, s.len), true
}

func cString(p *C.char) string {
	if p == nil {
		return ""
	}
	return C.GoString(p)
}

// readJob copies and checks the call's arguments in the official SDK's order (the bucket name
// first), refusing NULLs by name where the official SDK would crash.
func readJob(call *C.ossr_upload_call) (*job, error) {
	bucket, ok := goString(call.bucket)
	if !ok {
		return nil, &argError{code: aoseInvalidArgument, errorCode: "BucketNameInvalidError", msg: "bucket is NULL"}
	}
	if e := checkBucket(bucket); e != nil {
		return nil, e
	}
	key, ok := goString(call.object)
	if !ok {
		return nil, clientError("object is NULL")
	}
	if e := checkKey(key); e != nil {
		return nil, e
	}
	path, ok := goString(call.filepath)
	if !ok {
		return nil, clientError("filepath is NULL")
	}
	if call.clt_params == nil {
		return nil, clientError("clt_params is NULL: make one with oss_create_resumable_clt_params_content")
	}
	if call.options.config == nil {
		return nil, clientError("options->config is NULL: make one with oss_config_create")
	}
	j := &job{bucket: bucket, key: key, path: path}
	cp := call.clt_params
	j.partSize = partSizeFor(int64(cp.part_size))
	j.threads = upload.CompatThreads(int(cp.thread_num))
	j.checkpoint = cp.enable_checkpoint != 0
	if j.checkpoint {
		j.checkpointPath, _ = goString(&cp.checkpoint_path)
	}

	creds, err := readConfig(call.options, &j.cfg)
	if err != nil {
		return nil, err
	}
	j.skipCRC = crcDisabled(call.options)
	if e := checkConfig(&j.cfg, creds); e != nil {
		return nil, e
	}
	j.header = readTable(call.headers)
	if e := checkHeaders(j.header); e != nil {
		return nil, e
	}
	return j, nil
}

// readConfig fills cfg from options->config and options->ctl->options (the controller and its
// options may be NULL: the defaults apply).
func readConfig(o *C.oss_request_options_t, cfg *oss.Config) (oss.Credentials, error) {
	c := o.config
	str := func(s *C.aos_string_t) string { v, _ := goString(s); return v }
	cfg.Endpoint = strings.TrimSpace(str(&c.endpoint))
	cfg.Region = str(&c.region)
	cfg.CloudBoxID = str(&c.cloudbox_id)
	cfg.CNAME = c.is_cname != 0
	cfg.SignatureVersion = 1
	if c.signature_version == 4 {
		cfg.SignatureVersion = 4
	}
	creds := oss.Credentials{
		AccessKeyID:     str(&c.access_key_id),
		AccessKeySecret: str(&c.access_key_secret),
		SecurityToken:   str(&c.sts_token),
	}
	cfg.Credentials = staticCredentials(creds)
	cfg.UserAgent = "aos-compatible " + cString(C.ossr_user_agent_info())

	ro := C.aos_default_http_request_options
	if o.ctl != nil && o.ctl.options != nil {
		ro = o.ctl.options
	}
	if ro == nil {
		return creds, nil
	}
	if ro.connect_timeout > 0 {
		cfg.ConnectTimeout = time.Duration(ro.connect_timeout) * time.Second
	}
	// The SDK hands speed_limit and speed_time to curl's low-speed limit, which both must set;
	// the client core has the same rule (with more room for a Complete: see oss.Config).
	if ro.speed_limit > 0 && ro.speed_time > 0 {
		cfg.SpeedLimit, cfg.SpeedTime = int64(ro.speed_limit), time.Duration(ro.speed_time)*time.Second
	} else {
		cfg.SpeedLimit = -1
	}
	// enable_crc is read by crcDisabled: it is an engine option, not the client core's.
	cfg.InsecureSkipVerify = ro.verify_ssl == 0
	cfg.CAFile = cString(ro.ca_file)
	cfg.CAPath = cString(ro.ca_path)
	if ph := cString(ro.proxy_host); ph != "" {
		cfg.Proxy = proxyURL(ph, cString(ro.proxy_auth))
	}
	return creds, nil
}

// crcDisabled reports enable_crc == 0 in the request options readConfig reads: the official SDK
// then skips its CRC-64 comparisons, and the engine's SkipCRCCheck does the same.
func crcDisabled(o *C.oss_request_options_t) bool {
	ro := C.aos_default_http_request_options
	if o.ctl != nil && o.ctl.options != nil {
		ro = o.ctl.options
	}
	return ro != nil && ro.enable_crc == 0
}

// proxyURL turns the SDK's proxy_host ("host[:port]" or a URL) and proxy_auth ("user:pass")
// into the client core's proxy URL.
func proxyURL(host, auth string) string {
	scheme := "http://"
	if i := strings.Index(host, "://"); i >= 0 {
		scheme, host = host[:i+3], host[i+3:]
	}
	if auth != "" {
		return scheme + auth + "@" + host
	}
	return scheme + host
}

// readTable copies a caller's table into an http.Header, keeping order and duplicates.
func readTable(t *C.aos_table_t) http.Header {
	h := http.Header{}
	if t == nil {
		return h
	}
	arr := (*C.apr_array_header_t)(unsafe.Pointer(t))
	if arr.nelts <= 0 || arr.elts == nil {
		return h
	}
	for _, e := range unsafe.Slice((*C.apr_table_entry_t)(unsafe.Pointer(arr.elts)), int(arr.nelts)) {
		if e.key == nil || e.val == nil {
			continue
		}
		h.Add(C.GoString(e.key), C.GoString(e.val))
	}
	return h
}
