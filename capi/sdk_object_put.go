package main

/*
#include "sdk_object_bridge.h"
*/
import "C"

import (
	"fmt"
	"io"
	"os"
	"strings"
	"unsafe"

	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// oss_put_object_from_buffer and oss_put_object_from_file: one PutObject, its body read once
// and hashed as it goes, the CRC-64 compared with the server's when enable_crc is on (the
// official SDK compares it on every put).

func putObjectFromBuffer(k *objCall, s *sdkSession) (oss.Response, error) {
	body, size, err := readBufferList(k.c.buffer, "buffer", oss.MaxPartSize)
	if err != nil {
		return oss.Response{}, err
	}
	return putObject(k, s, body, size, "PutObject from a buffer")
}

func putObjectFromFile(k *objCall, s *sdkSession) (oss.Response, error) {
	path, ok := goString(k.c.filename)
	if !ok {
		return oss.Response{}, badArg("filename", "NULL")
	}
	k.path = path
	f, err := os.Open(path)
	if err != nil {
		return oss.Response{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return oss.Response{}, err
	}
	if !fi.Mode().IsRegular() {
		return oss.Response{}, &os.PathError{Op: "open", Path: path, Err: upload.ErrNotRegular}
	}
	return putObject(k, s, f, fi.Size(), "PutObject from "+path)
}

// putObject sends size bytes of body as the object.
func putObject(k *objCall, s *sdkSession, body io.Reader, size int64, what string) (oss.Response, error) {
	h, err := readSDKHeaders(k.c.headers)
	if err != nil {
		return oss.Response{}, err
	}
	hash := crc64.New()
	out, err := s.client.PutObject(k.ctx(), &oss.PutObjectInput{Bucket: k.bucket, Key: k.key,
		Body: io.TeeReader(body, hash), Size: size, Header: h})
	if err != nil {
		return oss.Response{}, err
	}
	if s.crc && out.HasCRC64 && out.CRC64 != hash.Sum64() {
		return out.Response, crcMismatch(what, hash.Sum64(), out.CRC64, out.Response)
	}
	return out.Response, nil
}

// readBufferList reads a caller's list of aos_buf_t as one body, in place: the caller's
// memory stays put while the call blocks, and core/oss never reads a body after the request
// returns. At most max bytes; a list that was never initialised, or does not lead back to its
// head, is refused by name.
func readBufferList(head *C.aos_list_t, field string, max int64) (io.Reader, int64, error) {
	var (
		readers []io.Reader
		size    int64
	)
	err := listNodes(head, field, maxBufferEntries, func(i int, node unsafe.Pointer) error {
		b := (*C.aos_buf_t)(node) // node is aos_buf_t's first member
		n := int64(uintptr(unsafe.Pointer(b.last)) - uintptr(unsafe.Pointer(b.pos)))
		if b.pos == nil && n != 0 || n < 0 || n > max-size {
			return badArg(field, fmt.Sprintf("entry %d is not a valid aos_buf_t, or the list holds more than %d bytes", i, max))
		}
		if n > 0 {
			readers = append(readers, strings.NewReader(unsafe.String((*byte)(unsafe.Pointer(b.pos)), int(n))))
		}
		size += n
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return io.MultiReader(readers...), size, nil
}
