package main

/*
#include "bridge.h"
*/
import "C"

import (
	"context"
	"net/http"
	"strings"
	"time"
	"unsafe"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// The C SDK surface's translator: one oss_resumable_upload_file call read into the
// (oss.Config, upload.Options) the native surface builds too. It refuses only what the C
// structs cannot express (NULLs) and applies the C SDK's own mappings (thread_num, part_size,
// enable_crc); whether a name, key, header, endpoint, option or file is valid is decided by
// core/oss and core/upload, in the C SDK's order (the bucket name first).

// sdkCall is one call's arguments, copied out of the caller's C structures, so that nothing C
// owns is touched once the engine runs.
type sdkCall struct {
	cfg  oss.Config
	opts upload.Options
	size int64 // the file's size when it was checked
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

// readSDKCall copies and checks the call's arguments in the official SDK's order (the bucket
// name first), refusing NULLs by name where the official SDK would crash.
func readSDKCall(call *C.ossr_upload_call) (*sdkCall, error) {
	bucket, ok := goString(call.bucket)
	if !ok {
		return nil, badArg("bucket", "NULL")
	}
	if err := oss.ValidateBucketName(bucket); err != nil {
		return nil, err
	}
	key, ok := goString(call.object)
	if !ok {
		return nil, badArg("object", "NULL")
	}
	if err := oss.ValidateObjectKey(key); err != nil {
		return nil, err
	}
	path, ok := goString(call.filepath)
	if !ok {
		return nil, badArg("filepath", "NULL")
	}
	if call.clt_params == nil {
		return nil, badArg("clt_params", "NULL: make one with oss_create_resumable_clt_params_content")
	}
	if call.options.config == nil {
		return nil, badArg("options->config", "NULL: make one with oss_config_create")
	}
	k := &sdkCall{opts: upload.Options{Bucket: bucket, Key: key, FilePath: path, Notify: logWarn}}
	cp := call.clt_params
	k.opts.PartSize = sdkPartSize(int64(cp.part_size))
	// A file that fits in one part goes as one CRC-checked PutObject, not Initiate, the part
	// and Complete: a legacy loop of one call per small file makes a third of the requests.
	k.opts.PutThreshold = upload.OnePartThreshold(k.opts.PartSize)
	k.opts.Threads = sdkThreads(int(cp.thread_num))
	k.opts.Checkpoint = cp.enable_checkpoint != 0
	if k.opts.Checkpoint {
		k.opts.CheckpointPath, _ = goString(&cp.checkpoint_path)
	}
	creds := readConfig(call.options, &k.cfg)
	k.opts.Endpoint = k.cfg.Endpoint
	k.opts.SkipCRCCheck = crcDisabled(call.options)
	if err := oss.ValidateEndpoint(k.cfg.Endpoint); err != nil {
		return nil, err
	}
	if creds.AccessKeyID == "" {
		return nil, badArg("access_key_id", "The access key id is empty: set options->config->access_key_id (OSS_ACCESS_KEY_ID).")
	}
	if creds.AccessKeySecret == "" {
		return nil, badArg("access_key_secret", "The access key secret is empty: set options->config->access_key_secret (OSS_ACCESS_KEY_SECRET).")
	}
	k.opts.Header = readTable(call.headers)
	sha, err := partSHA256Param(readTable(call.params))
	if err != nil {
		return nil, err
	}
	k.opts.PartSHA256 = sha
	if err := upload.Validate(k.opts); err != nil {
		return nil, err
	}
	size, err := upload.CheckFile(k.opts.FilePath)
	if err != nil {
		return nil, err
	}
	k.size = size
	return k, nil
}

// sdkThreads is the C SDK's thread_num rule: anything outside 1..1024 becomes 1.
func sdkThreads(n int) int {
	if n < 1 || n > upload.MaxThreads {
		return 1
	}
	return n
}

// sdkPartSize maps part_size for the engine: 0 or less takes the engine's default; a positive
// size below OSS's minimum is raised to it, since OSS would refuse the smaller parts at
// Complete (the official SDK sends them anyway). The engine grows it further when the file
// would need more than 10,000 parts.
func sdkPartSize(ps int64) int64 {
	switch {
	case ps <= 0:
		return 0
	case ps < upload.MinPartSize:
		return upload.MinPartSize
	}
	return ps
}

// readConfig fills cfg from options->config and options->ctl->options (the controller and its
// options may be NULL: the defaults apply) and returns the static credentials it set.
func readConfig(o *C.oss_request_options_t, cfg *oss.Config) oss.Credentials {
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

	ro := requestOptions(o)
	if ro == nil {
		return creds
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
	return creds
}

// requestOptions is options->ctl->options, or the SDK's defaults when the controller or its
// options are NULL.
func requestOptions(o *C.oss_request_options_t) *C.aos_http_request_options_t {
	if o.ctl != nil && o.ctl.options != nil {
		return o.ctl.options
	}
	return C.aos_default_http_request_options
}

// crcDisabled reports enable_crc == 0 in the request options readConfig reads: the official SDK
// then skips its CRC-64 comparisons, and the engine's SkipCRCCheck does the same.
func crcDisabled(o *C.oss_request_options_t) bool {
	ro := requestOptions(o)
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
