package main

/*
#include <stdlib.h>
#include "bridge.h"
*/
import "C"

import (
	"fmt"
	"math"
	"runtime/debug"
	"unsafe"

	"github.com/ossresume/ossresume/core/upload"
)

// ossr_go_upload runs one oss_resumable_upload_file call: the translator reads it into the
// options the native surface builds, and the shared run loop (run.go) runs it. It blocks the
// calling C thread: the engine's workers run on goroutines while this goroutine, still on the
// caller's thread, relays progress to the C callback itself, so the callback never runs on a
// foreign thread or concurrently with itself.
//
//export ossr_go_upload
func ossr_go_upload(call *C.ossr_upload_call) {
	pool := call.options.pool
	var res *upload.Result
	var f *failure
	func() {
		defer func() {
			if r := recover(); r != nil {
				c := classify(panicError(r), nil, "")
				res, f = nil, &c
			}
		}()
		res, f = runSDKCall(call)
	}()
	st := outcome{}
	if f != nil {
		st = sdkStatus(*f)
	} else {
		st = outcome{code: res.StatusCode, requestID: res.RequestID}
	}
	if res != nil {
		fillResponse(call, pool, res)
	}
	fillStatus(call.status, pool, st)
}

// runSDKCall translates the call and runs it on the shared run loop.
func runSDKCall(call *C.ossr_upload_call) (*upload.Result, *failure) {
	k, err := readSDKCall(call)
	if err != nil {
		path, _ := goString(call.filepath)
		f := classify(err, nil, path)
		return nil, &f
	}
	// A client per call (the C SDK has no client object) on the process's shared transport
	// for its settings (sdk_transport.go), so that calls reuse each other's connections.
	client, done, err := sharedClient(k.cfg)
	if err != nil {
		f := classify(err, nil, "")
		return nil, &f
	}
	defer done()
	u := startRun(client, k.opts, k.size, nil)
	relay := sdkRelay{fn: call.progress, userData: call.user_data, last: -1}
	var report func(done, total int64) bool
	if relay.fn != nil {
		report = relay.report
	}
	u.relay(report)
	return u.end()
}

// sdkRelay calls the C SDK's progress callback with strictly increasing values.
type sdkRelay struct {
	fn       C.oss_progress_callback_ex
	userData unsafe.Pointer
	last     int64
}

func (r *sdkRelay) report(consumed, total int64) bool {
	if consumed <= r.last || consumed < 0 {
		return false
	}
	r.last = consumed
	return C.ossr_progress_call(r.fn, r.userData, C.int64_t(consumed), C.int64_t(total)) != 0
}

// fillStatus writes st into the caller's status, its strings copied into pool.
func fillStatus(s *C.aos_status_t, pool *C.aos_pool_t, st outcome) {
	s.code = C.int(st.code)
	s.error_code = nil
	s.error_msg = nil
	if st.errorCode != "" {
		s.error_code = pstr(pool, st.errorCode)
	}
	if st.msg != "" {
		s.error_msg = pstr(pool, st.msg)
	}
	s.req_id = pstr(pool, st.requestID)
}

// fillResponse hands Complete's reply to the caller, allocated in its pool so that it stays
// valid after the call (the official SDK returns it from a pool it has already destroyed).
func fillResponse(call *C.ossr_upload_call, pool *C.aos_pool_t, res *upload.Result) {
	if call.resp_headers != nil && res.Header != nil {
		t := C.ossr_table_make(pool, C.int(len(res.Header)))
		for k, vs := range res.Header {
			for _, v := range vs {
				C.ossr_table_add(t, pstr(pool, k), pstr(pool, v))
			}
		}
		*call.resp_headers = t
	}
	if call.resp_body != nil && len(res.Body) <= math.MaxInt32 {
		b := C.aos_create_buf(pool, C.int(len(res.Body)))
		if b == nil {
			return
		}
		if len(res.Body) > 0 {
			copy(unsafe.Slice((*byte)(unsafe.Pointer(b.last)), len(res.Body)), res.Body)
			b.last = (*C.uint8_t)(unsafe.Add(unsafe.Pointer(b.last), len(res.Body)))
		}
		C.ossr_set_body(call.resp_body, b)
	}
}

// pstr copies s into pool as a C string. Go does the copying: C code never reads Go memory,
// which keeps the boundary simple for valgrind and for the cgo pointer rules.
func pstr(pool *C.aos_pool_t, s string) *C.char {
	p := C.ossr_palloc(pool, C.size_t(len(s)+1))
	if p == nil {
		return nil
	}
	b := unsafe.Slice((*byte)(p), len(s)+1)
	copy(b, s)
	b[len(s)] = 0
	return (*C.char)(p)
}

// panicError turns a recovered panic into the error its status reports.
func panicError(r any) error {
	return fmt.Errorf("internal error (a Go panic, contained): %v\n%s", r, debug.Stack())
}

// logWarn sends the engine's notices to the SDK's log at WARN, as the official SDK logs its
// "part size changed" notice.
func logWarn(msg string) {
	cs := C.CString(msg)
	defer C.free(unsafe.Pointer(cs))
	C.ossr_log_warn(cs)
}
