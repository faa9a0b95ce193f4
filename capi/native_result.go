package main

/*
#include <stdlib.h>
#include <string.h>
#include "native_bridge.h"
*/
import "C"

import (
	"sort"
	"unsafe"

	"github.com/ossresume/ossresume/core/upload"
)

// cResult copies res into a new C ossr_result, every string malloc'd so that ossr_result_free
// releases it in C; nil when C is out of memory.
func cResult(res *upload.Result, size int64) *C.ossr_result {
	r := (*C.ossr_result)(C.calloc(1, C.sizeof_ossr_result))
	if r == nil {
		return nil
	}
	r.size = C.sizeof_ossr_result
	r.http_status = C.int(res.StatusCode)
	r.bucket = C.CString(res.Bucket)
	r.key = C.CString(res.Key)
	r.etag = C.CString(res.ETag)
	r.crc64 = C.uint64_t(res.CRC64)
	r.request_id = C.CString(res.RequestID)
	r.upload_id = C.CString(res.UploadID)
	r.version_id = C.CString(res.Header.Get("X-Oss-Version-Id"))
	r.bytes_sent = C.int64_t(res.BytesSent)
	r.bytes_resumed = C.int64_t(res.BytesResumed)
	r.total_bytes = C.int64_t(size)
	r.part_size = C.int64_t(res.PartSize)
	r.parts = C.int(res.Parts)
	r.body = cBytes(res.Body)
	r.body_len = C.size_t(len(res.Body))
	r.headers = cHeaderLines(res)
	if res.Verified {
		r.verified = 1
	}
	return r
}

// cBytes is a malloc'd, NUL-terminated copy of b (which may hold NULs itself).
func cBytes(b []byte) *C.char {
	p := (*C.char)(C.malloc(C.size_t(len(b) + 1)))
	dst := unsafe.Slice((*byte)(unsafe.Pointer(p)), len(b)+1)
	copy(dst, b)
	dst[len(b)] = 0
	return p
}

// cHeaderLines is a malloc'd, NULL-terminated array of "Name: value" strings, names sorted.
func cHeaderLines(res *upload.Result) **C.char {
	var lines []string
	names := make([]string, 0, len(res.Header))
	for k := range res.Header {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		for _, v := range res.Header[k] {
			lines = append(lines, k+": "+v)
		}
	}
	arr := (**C.char)(C.calloc(C.size_t(len(lines)+1), C.size_t(unsafe.Sizeof((*C.char)(nil)))))
	s := unsafe.Slice(arr, len(lines)+1)
	for i, l := range lines {
		s[i] = C.CString(l)
	}
	s[len(lines)] = nil
	return arr
}
