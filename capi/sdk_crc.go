package main

/*
#include "bridge.h"
*/
import "C"

import (
	"unsafe"

	"github.com/ossresume/ossresume/core/crc64"
)

//export ossr_go_crc64
func ossr_go_crc64(crc C.uint64_t, p unsafe.Pointer, n C.size_t) (out C.uint64_t) {
	defer func() {
		if recover() != nil {
			out = 0
		}
	}()
	return C.uint64_t(crc64.Update(uint64(crc), unsafe.Slice((*byte)(p), int(n))))
}

//export ossr_go_crc64_combine
func ossr_go_crc64_combine(crc1, crc2 C.uint64_t, len2 C.int64_t) (out C.uint64_t) {
	defer func() {
		if recover() != nil {
			out = 0
		}
	}()
	return C.uint64_t(crc64.Combine(uint64(crc1), uint64(crc2), int64(len2)))
}
