package main

/*
#include <stdlib.h>
#include "native_bridge.h"
*/
import "C"

import (
	"strings"
	"unsafe"
)

// The native surface's half of the error taxonomy: a failure (classify.go) copied into the
// ossr_error the caller frees.

// cError copies f into a new C ossr_error; nil only when C is out of memory.
func cError(f failure) *C.ossr_error {
	e := C.ossrn_error_new(C.int(f.code), cstr(f.errorCode), cstr(f.field), cstr(f.message))
	if e == nil {
		return nil
	}
	e.http_status = C.int(f.httpStatus)
	setCString(&e.request_id, f.requestID)
	setCString(&e.ec, f.ec)
	setCString(&e.path, f.path)
	setCString(&e.upload_id, f.uploadID)
	setCString(&e.operation, f.operation)
	setCString(&e.host_id, f.hostID)
	setCString(&e.transport, f.transport)
	e.sys_errno = C.int(f.sysErrno)
	e.part_number = C.int(f.partNumber)
	e.local_crc64 = C.uint64_t(f.localCRC)
	e.server_crc64 = C.uint64_t(f.serverCRC)
	return e
}

// setCString replaces the malloc'd string at *p with a malloc'd copy of s.
func setCString(p **C.char, s string) {
	if s == "" {
		return // ossrn_error_new already put "" there
	}
	C.free(unsafe.Pointer(*p))
	*p = C.CString(s)
}

// cstr is a C string for the duration of one C call that copies it; NUL-terminated, unlike
// cptr. Strings holding a NUL are cut there.
func cstr(s string) *C.char {
	b := make([]byte, len(s)+1)
	copy(b, s)
	if i := strings.IndexByte(s, 0); i >= 0 {
		b[i] = 0
	}
	return (*C.char)(unsafe.Pointer(&b[0]))
}
