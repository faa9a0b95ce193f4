package main

/*
#include "sdk_object_bridge.h"
*/
import "C"

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"os"
	"unsafe"

	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
)

// oss_get_object_to_buffer and oss_get_object_to_file: one GetObject, the body hashed as it
// arrives and, when enable_crc is on and the whole object was asked for (no Range, no
// x-oss-process: the official SDK's rule), compared with the server's CRC-64 before anything
// is handed over.

// getChunk is the largest aos_buf_t one body is read into: big bodies become a list of
// buffers, so that no single pool allocation has to hold the whole object.
const getChunk = 16 << 20

// getRequest reads the call's headers and params into a GetObject.
func getRequest(k *objCall) (*oss.GetObjectInput, error) {
	h, err := readSDKHeaders(k.c.headers)
	if err != nil {
		return nil, err
	}
	q := map[string]string{}
	for name, vs := range readTable(k.c.params) {
		if len(vs) > 0 {
			q[name] = vs[0]
		}
	}
	return &oss.GetObjectInput{Bucket: k.bucket, Key: k.key, Header: h, Query: q}, nil
}

// wholeObject reports whether in asks for the whole object as stored, so that its CRC-64 can
// be compared.
func wholeObject(in *oss.GetObjectInput) bool {
	if in.Header.Get("Range") != "" {
		return false
	}
	for name := range in.Query {
		if http.CanonicalHeaderKey(name) == "X-Oss-Process" {
			return false
		}
	}
	return true
}

// checkGet compares the CRC-64 of the bytes received with the server's.
func checkGet(s *sdkSession, in *oss.GetObjectInput, out *oss.GetObjectOutput, local uint64, what string) error {
	if s.crc && out.HasCRC64 && wholeObject(in) && local != out.CRC64 {
		return crcMismatch(what, local, out.CRC64, out.Response)
	}
	return nil
}

// bodyError makes a failure while reading the body a transport failure, as curl's would be.
func bodyError(err error) error {
	var te *oss.TransportError
	if errors.As(err, &te) {
		return err
	}
	return &oss.TransportError{Op: "GetObject", Kind: oss.TransportReset, Err: err}
}

func getObjectToBuffer(k *objCall, s *sdkSession) (oss.Response, error) {
	if k.c.buffer == nil {
		return oss.Response{}, badArg("buffer", "NULL: pass an aos_list_t initialised with aos_list_init")
	}
	in, err := getRequest(k)
	if err != nil {
		return oss.Response{}, err
	}
	out, err := s.client.GetObject(k.ctx(), in)
	if err != nil {
		return oss.Response{}, err
	}
	defer out.Body.Close()
	hash := crc64.New()
	var (
		bufs []*C.aos_buf_t
		read int64
	)
	for {
		n := int64(getChunk)
		if out.ContentLength >= 0 {
			if read >= out.ContentLength {
				break
			}
			n = min(n, out.ContentLength-read)
		}
		b := C.aos_create_buf(k.pool, C.int(n))
		if b == nil {
			return out.Response, errors.New("out of memory in options->pool")
		}
		got, rerr := io.ReadFull(out.Body, unsafe.Slice((*byte)(unsafe.Pointer(b.start)), int(n)))
		if got > 0 {
			b.last = (*C.uint8_t)(unsafe.Add(unsafe.Pointer(b.start), got))
			hash.Write(unsafe.Slice((*byte)(unsafe.Pointer(b.start)), got))
			bufs = append(bufs, b)
			read += int64(got)
		}
		if rerr == nil {
			continue
		}
		if out.ContentLength < 0 && (rerr == io.EOF || rerr == io.ErrUnexpectedEOF) {
			break // the body's end, its length unannounced
		}
		return out.Response, bodyError(rerr)
	}
	if err := checkGet(s, in, out, hash.Sum64(), "GetObject into a buffer"); err != nil {
		return out.Response, err
	}
	// Only now does the caller's list change: its entries are replaced by the body's.
	head := k.c.buffer
	head.next, head.prev = head, head
	for _, b := range bufs {
		C.ossr_list_append(&b.node, head)
	}
	return out.Response, nil
}

func getObjectToFile(k *objCall, s *sdkSession) (oss.Response, error) {
	path, ok := goString(k.c.filename)
	if !ok {
		return oss.Response{}, badArg("filename", "NULL")
	}
	if path == "" {
		return oss.Response{}, badArg("filename", "empty")
	}
	k.path = path
	in, err := getRequest(k)
	if err != nil {
		return oss.Response{}, err
	}
	// The temporary file is made before the request, so that a directory that cannot take
	// the file fails before any traffic, as the official SDK's open does.
	tmp, err := createTemp(path)
	if err != nil {
		return oss.Response{}, err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	out, err := s.client.GetObject(k.ctx(), in)
	if err != nil {
		return oss.Response{}, err
	}
	defer out.Body.Close()
	hash := crc64.New()
	if _, err := io.Copy(io.MultiWriter(tmp, hash), out.Body); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			pe.Path = path
			return out.Response, err
		}
		return out.Response, bodyError(err)
	}
	if err := checkGet(s, in, out, hash.Sum64(), "GetObject into "+path); err != nil {
		return out.Response, err
	}
	if err := tmp.Close(); err != nil {
		return out.Response, &os.PathError{Op: "close", Path: path, Err: err}
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return out.Response, &os.PathError{Op: "rename", Path: path, Err: err}
	}
	done = true
	return out.Response, nil
}

// createTemp makes a new file beside path for its body, with the mode a plain create gives
// (0666 less the umask, as the official SDK's files get); errors name path itself.
func createTemp(path string) (*os.File, error) {
	var rnd [6]byte
	for i := 0; ; i++ {
		if _, err := rand.Read(rnd[:]); err != nil {
			return nil, err
		}
		name := path + "." + hex.EncodeToString(rnd[:]) + ".tmp"
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			return f, nil
		}
		var pe *os.PathError
		if !errors.As(err, &pe) || !os.IsExist(err) || i == 9 {
			if pe != nil {
				pe.Path = path
			}
			return nil, err
		}
	}
}
