package main

/*
#include "sdk_multipart_bridge.h"
*/
import "C"

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// The manual multipart calls of oss_api.h (oss_init_multipart_upload ... oss_upload_file):
// each reads its C arguments, asks core/oss (or, for oss_upload_file, sdk_upload_file.go),
// and writes the answer into the caller's pool. What is valid is core/oss's verdict; the
// status is the one table's (sdk_status.go).

// mpListTimeout bounds one listing call: each request is bounded by the client's timeouts
// already, and a page is one request.
const mpListTimeout = multipartOpTimeout

// mpOps are the calls by ossr_mp_call.op. Each returns the response to hand back in
// resp_headers (zero when none came) and the error to report.
var mpOps = map[C.int]func(*C.ossr_mp_call) (oss.Response, error){
	C.OSSR_MP_INIT:             mpInit,
	C.OSSR_MP_PART_FROM_BUFFER: mpPartFromBuffer,
	C.OSSR_MP_PART_FROM_FILE:   mpPartFromFile,
	C.OSSR_MP_LIST_PARTS:       mpListParts,
	C.OSSR_MP_COMPLETE:         mpComplete,
	C.OSSR_MP_ABORT:            mpAbort,
	C.OSSR_MP_LIST_UPLOADS:     mpListUploads,
	C.OSSR_MP_UPLOAD_FILE:      mpUploadFile,
}

//export ossr_go_multipart
func ossr_go_multipart(call *C.ossr_mp_call) {
	pool := call.options.pool
	var (
		resp oss.Response
		err  error
	)
	func() {
		defer func() {
			if r := recover(); r != nil {
				err = panicError(r)
			}
		}()
		op, ok := mpOps[call.op]
		if !ok {
			err = badArg("op", strconv.Itoa(int(call.op))+" is not a multipart call")
			return
		}
		resp, err = op(call)
	}()
	if err == nil {
		setRespHeaders(call.resp_headers, pool, resp, nil)
		fillStatus(call.status, pool, outcome{code: resp.StatusCode, requestID: resp.RequestID})
		return
	}
	f := classify(err, nil, mpFilePath(call))
	setRespHeaders(call.resp_headers, pool, resp, &f)
	fillStatus(call.status, pool, sdkStatus(f))
}

// mpFilePath is the local file a call reads, so that classify tells its errors apart.
func mpFilePath(call *C.ossr_mp_call) string {
	var s *C.aos_string_t
	switch {
	case call.upload_file != nil:
		s = &call.upload_file.filename
	case call.filename != nil:
		s = call.filename
	}
	v, _ := goString(s)
	return v
}

// mpTarget reads and checks bucket, object and, when wantID, the upload id, in the official
// SDK's order (the bucket name first).
func mpTarget(call *C.ossr_mp_call, wantKey, wantID bool) (bucket, key, uploadID string, err error) {
	bucket, ok := goString(call.bucket)
	if !ok {
		return "", "", "", badArg("bucket", "NULL")
	}
	if err := oss.ValidateBucketName(bucket); err != nil {
		return "", "", "", err
	}
	if wantKey {
		if key, ok = goString(call.object); !ok {
			return "", "", "", badArg("object", "NULL")
		}
		if err := oss.ValidateObjectKey(key); err != nil {
			return "", "", "", err
		}
	}
	if wantID {
		if uploadID, _ = goString(call.upload_id); uploadID == "" {
			return "", "", "", badArg("upload_id", "NULL or empty: pass the id oss_init_multipart_upload returned")
		}
	}
	return bucket, key, uploadID, nil
}

// withSession opens a client for the call, runs fn and releases it.
func withSession(call *C.ossr_mp_call, fn func(*sdkSession) (oss.Response, error)) (oss.Response, error) {
	s, err := openSession((*C.oss_request_options_t)(unsafe.Pointer(call.options)))
	if err != nil {
		return oss.Response{}, err
	}
	defer s.done()
	return fn(s)
}

func mpInit(call *C.ossr_mp_call) (oss.Response, error) {
	bucket, key, _, err := mpTarget(call, true, false)
	if err != nil {
		return oss.Response{}, err
	}
	if call.upload_id == nil {
		return oss.Response{}, badArg("upload_id", "NULL: pass an aos_string_t to receive the upload id")
	}
	h, err := readSDKHeaders(call.headers)
	if err != nil {
		return oss.Response{}, err
	}
	return withSession(call, func(s *sdkSession) (oss.Response, error) {
		out, err := s.client.InitiateMultipartUpload(context.Background(), &oss.InitiateInput{Bucket: bucket, Key: key, Header: h})
		if err != nil {
			return oss.Response{}, err
		}
		setString(call.upload_id, call.options.pool, out.UploadID)
		return out.Response, nil
	})
}

// maxBufferEntries bounds the walk of a buffer list (a corrupt one must not loop forever).
const maxBufferEntries = 1 << 24

func mpPartFromBuffer(call *C.ossr_mp_call) (oss.Response, error) {
	bucket, key, id, err := mpTarget(call, true, true)
	if err != nil {
		return oss.Response{}, err
	}
	body, size, err := readBufferList(call.buffer, "buffer", oss.MaxPartSize)
	if err != nil {
		return oss.Response{}, err
	}
	return withSession(call, func(s *sdkSession) (oss.Response, error) {
		h := crc64.New()
		return uploadPart(s, &oss.UploadPartInput{Bucket: bucket, Key: key, UploadID: id,
			PartNumber: int(call.part_num), Body: io.TeeReader(body, h), Size: size}, h.Sum64)
	})
}

// uploadPart sends one part and, with enable_crc on, compares the CRC-64 of what was sent
// (crc, read once the body is consumed) with the server's, as the official SDK does.
func uploadPart(s *sdkSession, in *oss.UploadPartInput, crc func() uint64) (oss.Response, error) {
	out, err := s.client.UploadPart(context.Background(), in)
	if err != nil {
		return oss.Response{}, err
	}
	if s.crc && out.HasCRC64 && out.CRC64 != crc() {
		return out.Response, &upload.InconsistentError{What: "part", PartNumber: in.PartNumber,
			Local: crc(), Server: out.CRC64, RequestID: out.RequestID}
	}
	return out.Response, nil
}

// openRange opens path and clamps [pos, last) to its size, as the official SDK's range read
// does; last below pos is refused.
func openRange(path string, pos, last int64) (*os.File, int64, int64, error) {
	if _, err := upload.CheckFile(path); err != nil {
		return nil, 0, 0, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, 0, err
	}
	size := fi.Size()
	pos, last = max(0, min(pos, size)), min(last, size)
	if last < pos {
		f.Close()
		return nil, 0, 0, badArg("upload_file", fmt.Sprintf("file_last %d is before file_pos %d", last, pos))
	}
	return f, pos, last, nil
}

func mpPartFromFile(call *C.ossr_mp_call) (oss.Response, error) {
	bucket, key, id, err := mpTarget(call, true, true)
	if err != nil {
		return oss.Response{}, err
	}
	uf := call.upload_file
	if uf == nil {
		return oss.Response{}, badArg("upload_file", "NULL: make one with oss_create_upload_file")
	}
	path, _ := goString(&uf.filename)
	f, pos, last, err := openRange(path, int64(uf.file_pos), int64(uf.file_last))
	if err != nil {
		return oss.Response{}, err
	}
	defer f.Close()
	return withSession(call, func(s *sdkSession) (oss.Response, error) {
		h := crc64.New()
		body := io.TeeReader(io.NewSectionReader(f, pos, last-pos), h)
		return uploadPart(s, &oss.UploadPartInput{Bucket: bucket, Key: key, UploadID: id,
			PartNumber: int(call.part_num), Body: body, Size: last - pos}, h.Sum64)
	})
}

// checkMaxRet is the params' max_ret: OSS takes 1..1000 a page; 0 leaves the server's default.
func checkMaxRet(n C.int) (int, error) {
	if n < 0 || n > 1000 {
		return 0, badArg("params->max_ret", strconv.Itoa(int(n))+" is outside 1..1000 (0: the server's default)")
	}
	return int(n), nil
}

func mpListParts(call *C.ossr_mp_call) (oss.Response, error) {
	bucket, key, id, err := mpTarget(call, true, true)
	if err != nil {
		return oss.Response{}, err
	}
	p := call.list_parts
	if p == nil {
		return oss.Response{}, badArg("params", "NULL: make one with oss_create_list_upload_part_params")
	}
	if p.part_list.next == nil {
		return oss.Response{}, badArg("params->part_list", "not initialised: call aos_list_init on it first")
	}
	in := &oss.ListPartsPageInput{Bucket: bucket, Key: key, UploadID: id}
	if in.MaxParts, err = checkMaxRet(p.max_ret); err != nil {
		return oss.Response{}, err
	}
	if m, _ := goString(&p.part_number_marker); m != "" {
		if in.PartNumberMarker, err = strconv.Atoi(m); err != nil || in.PartNumberMarker < 0 {
			return oss.Response{}, badArg("params->part_number_marker", strconv.Quote(m)+" is not a part number")
		}
	}
	pool := call.options.pool
	return withSession(call, func(s *sdkSession) (oss.Response, error) {
		ctx, cancel := context.WithTimeout(context.Background(), mpListTimeout)
		defer cancel()
		out, err := s.client.ListPartsPage(ctx, in)
		if err != nil {
			return oss.Response{}, err
		}
		for _, part := range out.Parts {
			e := (*C.oss_list_part_content_t)(C.ossr_pcalloc(pool, C.size_t(unsafe.Sizeof(C.oss_list_part_content_t{}))))
			if e == nil {
				return oss.Response{}, errOutOfMemory
			}
			setString(&e.part_number, pool, strconv.Itoa(part.PartNumber))
			setString(&e.size, pool, strconv.FormatInt(part.Size, 10))
			setString(&e.etag, pool, part.ETag)
			setString(&e.last_modified, pool, isoTime(part.LastModified))
			C.ossr_list_append(&e.node, &p.part_list)
		}
		p.truncated = boolInt(out.IsTruncated)
		if out.NextPartNumberMarker > 0 {
			setString(&p.next_part_number_marker, pool, strconv.Itoa(out.NextPartNumberMarker))
		}
		return out.Response, nil
	})
}

func mpComplete(call *C.ossr_mp_call) (oss.Response, error) {
	bucket, key, id, err := mpTarget(call, true, true)
	if err != nil {
		return oss.Response{}, err
	}
	var parts []oss.CompletedPart
	err = listNodes(call.part_list, "part_list", oss.MaxPartNumber, func(i int, node unsafe.Pointer) error {
		c := (*C.oss_complete_part_content_t)(node)
		num, _ := goString(&c.part_number)
		n, err := strconv.Atoi(strings.TrimSpace(num))
		if err != nil {
			return badArg("part_list", fmt.Sprintf("entry %d: part_number %q is not a number", i, num))
		}
		etag, _ := goString(&c.etag)
		parts = append(parts, oss.CompletedPart{PartNumber: n, ETag: etag})
		return nil
	})
	if err != nil {
		return oss.Response{}, err
	}
	h, err := readSDKHeaders(call.headers)
	if err != nil {
		return oss.Response{}, err
	}
	return withSession(call, func(s *sdkSession) (oss.Response, error) {
		out, err := s.client.CompleteMultipartUpload(context.Background(), &oss.CompleteInput{
			Bucket: bucket, Key: key, UploadID: id, Parts: parts, Header: h})
		if err != nil {
			return oss.Response{}, err
		}
		return out.Response, nil
	})
}

func mpAbort(call *C.ossr_mp_call) (oss.Response, error) {
	bucket, key, id, err := mpTarget(call, true, true)
	if err != nil {
		return oss.Response{}, err
	}
	return withSession(call, func(s *sdkSession) (oss.Response, error) {
		out, err := s.client.AbortMultipartUpload(context.Background(), &oss.AbortInput{Bucket: bucket, Key: key, UploadID: id})
		if err != nil {
			return oss.Response{}, err
		}
		return out.Response, nil
	})
}

func mpListUploads(call *C.ossr_mp_call) (oss.Response, error) {
	bucket, _, _, err := mpTarget(call, false, false)
	if err != nil {
		return oss.Response{}, err
	}
	p := call.list_uploads
	if p == nil {
		return oss.Response{}, badArg("params", "NULL: make one with oss_create_list_multipart_upload_params")
	}
	if p.upload_list.next == nil {
		return oss.Response{}, badArg("params->upload_list", "not initialised: call aos_list_init on it first")
	}
	str := func(s *C.aos_string_t) string { v, _ := goString(s); return v }
	in := &oss.ListUploadsPageInput{Bucket: bucket, Prefix: str(&p.prefix), Delimiter: str(&p.delimiter),
		KeyMarker: str(&p.key_marker), UploadIDMarker: str(&p.upload_id_marker)}
	if in.MaxUploads, err = checkMaxRet(p.max_ret); err != nil {
		return oss.Response{}, err
	}
	pool := call.options.pool
	return withSession(call, func(s *sdkSession) (oss.Response, error) {
		ctx, cancel := context.WithTimeout(context.Background(), mpListTimeout)
		defer cancel()
		out, err := s.client.ListUploadsPage(ctx, in)
		if err != nil {
			return oss.Response{}, err
		}
		for _, u := range out.Uploads {
			e := (*C.oss_list_multipart_upload_content_t)(C.ossr_pcalloc(pool, C.size_t(unsafe.Sizeof(C.oss_list_multipart_upload_content_t{}))))
			if e == nil {
				return oss.Response{}, errOutOfMemory
			}
			setString(&e.key, pool, u.Key)
			setString(&e.upload_id, pool, u.UploadID)
			setString(&e.initiated, pool, isoTime(u.Initiated))
			C.ossr_list_append(&e.node, &p.upload_list)
		}
		p.truncated = boolInt(out.IsTruncated)
		setString(&p.next_key_marker, pool, out.NextKeyMarker)
		setString(&p.next_upload_id_marker, pool, out.NextUploadIDMarker)
		return out.Response, nil
	})
}

func mpUploadFile(call *C.ossr_mp_call) (oss.Response, error) {
	bucket, key, _, err := mpTarget(call, true, false)
	if err != nil {
		return oss.Response{}, err
	}
	if call.upload_id == nil {
		return oss.Response{}, badArg("upload_id", "NULL: pass an aos_string_t, its data NULL to start a new upload")
	}
	id, _ := goString(call.upload_id)
	if call.filename == nil {
		return oss.Response{}, badArg("filename", "NULL")
	}
	path, _ := goString(call.filename)
	if _, err := upload.CheckFile(path); err != nil {
		return oss.Response{}, err
	}
	h, err := readSDKHeaders(call.headers)
	if err != nil {
		return oss.Response{}, err
	}
	in := sdkUploadFileInput{Bucket: bucket, Key: key, UploadID: id, Path: path,
		PartSize: int64(call.part_size), Header: h}
	if err := in.check(); err != nil {
		return oss.Response{}, err
	}
	pool := call.options.pool
	return withSession(call, func(s *sdkSession) (oss.Response, error) {
		in.CheckCRC = s.crc
		// The id is the caller's as soon as it exists, so that a failed call can go on with it.
		in.Started = func(id string) { setString(call.upload_id, pool, id) }
		return sdkUploadFile(context.Background(), s.client, in)
	})
}

// errOutOfMemory is a pool allocation that failed.
var errOutOfMemory = fmt.Errorf("out of memory: a pool allocation failed")

func boolInt(b bool) C.int {
	if b {
		return 1
	}
	return 0
}
