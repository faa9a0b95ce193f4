package main

/*
#include "bridge.h"
*/
import "C"

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"os"
	"runtime/debug"
	"unsafe"
)

// ossr_go_upload runs one oss_resumable_upload_file call. It blocks the calling C thread: the
// engine's workers run on goroutines while this goroutine, still on the caller's thread, waits
// on the progress mailbox and calls the C progress callback itself, so the callback never runs
// on a foreign thread or concurrently with itself.
//
//export ossr_go_upload
func ossr_go_upload(call *C.ossr_upload_call) {
	pool := call.options.pool
	var res *result
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = panicError(r)
			}
		}()
		res, err = runCall(call)
	}()
	var st outcome
	if err != nil {
		st = statusOf(err)
	} else {
		st = outcome{code: res.statusCode, requestID: res.requestID}
	}
	if res != nil {
		fillResponse(call, pool, res)
	}
	fillStatus(call.status, pool, st)
}

// runCall reads the call's arguments, refuses bad ones before any traffic, and runs the
// engine with the C progress callback relayed on this thread.
func runCall(call *C.ossr_upload_call) (*result, error) {
	j, err := readJob(call)
	if err != nil {
		return nil, err
	}
	if err := checkFile(j.path); err != nil {
		return nil, err
	}
	relay := progressRelay{fn: call.progress, userData: call.user_data, last: -1}
	return runUpload(j, relay.report)
}

// checkFile gives a missing or unreadable file, a directory, or anything else that is not a
// regular file the official "OpenFileFail" status before any traffic. It stats before opening:
// opening a FIFO for reading blocks until a writer appears, which would hang the caller.
func checkFile(path string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	switch {
	case fi.IsDir():
		return &os.PathError{Op: "open", Path: path, Err: errIsDir}
	case !fi.Mode().IsRegular():
		return &os.PathError{Op: "open", Path: path, Err: errNotRegular}
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	return f.Close()
}

// errNotRegular is no errno, so statusOf reports it as AOSE_OPEN_FILE_ERROR (-985).
var errNotRegular = errors.New("not a regular file")

// progressRelay calls the C callback with strictly increasing values.
type progressRelay struct {
	fn       C.oss_progress_callback_ex
	userData unsafe.Pointer
	last     int64
}

// report calls the callback when consumed moved forward and returns true when it asks to stop.
// An empty file reports nothing (the official SDK's samples divide by total).
func (r *progressRelay) report(consumed, total int64) bool {
	if r.fn == nil || consumed <= r.last || consumed < 0 || total <= 0 {
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
func fillResponse(call *C.ossr_upload_call, pool *C.aos_pool_t, res *result) {
	if call.resp_headers != nil && res.header != nil {
		t := C.ossr_table_make(pool, C.int(len(res.header)))
		for k, vs := range res.header {
			for _, v := range vs {
				C.ossr_table_add(t, pstr(pool, k), pstr(pool, v))
			}
		}
		*call.resp_headers = t
	}
	if call.resp_body != nil && res.bodySet && len(res.body) <= math.MaxInt32 {
		b := C.aos_create_buf(pool, C.int(len(res.body)))
		if b == nil {
			return
		}
		if len(res.body) > 0 {
			copy(unsafe.Slice((*byte)(unsafe.Pointer(b.last)), len(res.body)), res.body)
			b.last = (*C.uint8_t)(unsafe.Add(unsafe.Pointer(b.last), len(res.body)))
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

// result is what a finished engine run returns to the C caller.
type result struct {
	statusCode int
	requestID  string
	header     http.Header // Complete's response headers
	body       []byte      // Complete's response body
	bodySet    bool
}
