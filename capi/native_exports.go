package main

/*
#include "native_bridge.h"
*/
import "C"

import (
	"runtime/cgo"
	"unsafe"
)

// The Go halves of ossresume.h. native.c has already applied the fork guard, refused NULL
// handles and options, and copied the options to full size; the out pointers it passes are
// never NULL. Every export recovers, so no panic reaches C.

// contain turns a panic in an export into OSSR_E_INTERNAL in *rc and *errOut.
func contain(rc *C.int, errOut **C.ossr_error) {
	if r := recover(); r != nil {
		f := failure{code: codeInternal, errorCode: "InternalError", message: panicError(r).Error()}
		*errOut = cError(f)
		*rc = C.int(f.code)
	}
}

// fail reports err (found before an upload ran) through errOut.
func failWith(err error, filePath string, errOut **C.ossr_error) C.int {
	f := classify(err, nil, filePath)
	*errOut = cError(f)
	return C.int(f.code)
}

//export ossrgo_client_new
func ossrgo_client_new(opts *C.ossr_client_options, handle *C.uintptr_t, errOut **C.ossr_error) (rc C.int) {
	defer contain(&rc, errOut)
	c, err := newNativeClient(opts)
	if err != nil {
		return failWith(err, "", errOut)
	}
	*handle = C.uintptr_t(cgo.NewHandle(c))
	return C.OSSR_OK
}

//export ossrgo_client_free
func ossrgo_client_free(h C.uintptr_t) {
	defer func() { _ = recover() }()
	// Idle keep-alive connections would otherwise stay open until their timeout (50 s), so a
	// program creating clients in a loop would run out of descriptors.
	if c, ok := cgo.Handle(h).Value().(*nativeClient); ok {
		c.api.Close()
	}
	cgo.Handle(h).Delete()
}

// clientOf resolves a client handle; native.c has checked that it is live.
func clientOf(h C.uintptr_t) *nativeClient {
	return cgo.Handle(h).Value().(*nativeClient)
}

func uploadOf(h C.uintptr_t) *uploadRun {
	return cgo.Handle(h).Value().(*uploadRun)
}

// nativeReport is the run's progress relay for an ossr_progress_fn; nil when fn is NULL.
func nativeReport(fn C.ossr_progress_fn, userData unsafe.Pointer) func(done, total int64) bool {
	if fn == nil {
		return nil
	}
	return func(done, total int64) bool {
		return C.ossrn_call_progress(fn, C.int64_t(done), C.int64_t(total), userData) != 0
	}
}

// nativeOutcome is a finished run's end as the C structures carry it.
func nativeOutcome(u *uploadRun) (*C.ossr_result, *C.ossr_error, int) {
	res, f := u.end()
	if f == nil {
		var r *C.ossr_result
		if u.dres != nil {
			r = cDownloadResult(u.dres)
		} else {
			r = cResult(res, u.size)
		}
		if r == nil {
			return nil, cError(failure{code: codeInternal, errorCode: "OutOfMemory", message: "out of memory"}), C.OSSR_E_INTERNAL
		}
		return r, nil, C.OSSR_OK
	}
	return nil, cError(*f), f.code
}

//export ossrgo_upload_file
func ossrgo_upload_file(client C.uintptr_t, opts *C.ossr_upload_options, progress C.ossr_progress_fn,
	userData unsafe.Pointer, resOut **C.ossr_result, errOut **C.ossr_error) (rc C.int) {
	defer contain(&rc, errOut)
	c := clientOf(client)
	j, err := readUploadOptions(c, opts)
	if err != nil {
		return failWith(err, cString(opts.file_path), errOut)
	}
	u := startRun(c.api, j.opts, j.size, nil)
	u.relay(nativeReport(progress, userData))
	res, e, code := nativeOutcome(u)
	*resOut, *errOut = res, e
	return C.int(code)
}

//export ossrgo_upload_start
func ossrgo_upload_start(client C.uintptr_t, opts *C.ossr_upload_options, up *C.ossr_upload,
	handle *C.uintptr_t, errOut **C.ossr_error) (rc C.int) {
	defer contain(&rc, errOut)
	c := clientOf(client)
	j, err := readUploadOptions(c, opts)
	if err != nil {
		return failWith(err, cString(opts.file_path), errOut)
	}
	*handle = C.uintptr_t(cgo.NewHandle(startRun(c.api, j.opts, j.size, up)))
	return C.OSSR_OK
}

//export ossrgo_upload_progress
func ossrgo_upload_progress(h C.uintptr_t, done, total *C.int64_t, finished *C.int) (rc C.int) {
	defer func() {
		if recover() != nil {
			rc = C.OSSR_E_INTERNAL
		}
	}()
	u := uploadOf(h)
	// Read finished first: a value read after the end is the final one.
	if u.finished() {
		*finished = 1
	}
	d, t := u.progress()
	*done, *total = C.int64_t(d), C.int64_t(t)
	return C.OSSR_OK
}

//export ossrgo_upload_wait
func ossrgo_upload_wait(h C.uintptr_t, timeoutMS C.int, resOut **C.ossr_result, errOut **C.ossr_error) (rc C.int) {
	defer contain(&rc, errOut)
	u := uploadOf(h)
	if !u.wait(msTimeout(timeoutMS)) {
		return C.OSSR_E_TIMEOUT
	}
	res, e, code := nativeOutcome(u)
	*resOut, *errOut = res, e
	return C.int(code)
}

//export ossrgo_upload_free
func ossrgo_upload_free(h C.uintptr_t) {
	defer func() { _ = recover() }()
	u := uploadOf(h)
	u.cancel(u.causes.free)
	<-u.done
	<-u.polled // after this nothing looks at the C struct native.c is about to free
	cgo.Handle(h).Delete()
}
