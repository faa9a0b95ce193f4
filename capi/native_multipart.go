package main

/*
#include <stdlib.h>
#include "native_bridge.h"
*/
import "C"

import (
	"context"
	"encoding/json"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// The calls on multipart uploads as such (ossr_list_parts, ossr_list_uploads,
// ossr_abort_upload), which ali-oss's surface exposes beside multipartUpload, and
// ossr_client_set_credentials for its refreshed STS tokens.

// swapCredentials is a client's static credentials, replaceable while uploads run.
type swapCredentials struct {
	cur atomic.Pointer[oss.Credentials]
}

func newSwapCredentials(id, secret, token string) *swapCredentials {
	s := &swapCredentials{}
	s.cur.Store(&oss.Credentials{AccessKeyID: id, AccessKeySecret: secret, SecurityToken: token})
	return s
}

func (s *swapCredentials) Credentials(ctx context.Context) (oss.Credentials, error) {
	return oss.StaticCredentials(s.cur.Load().AccessKeyID, s.cur.Load().AccessKeySecret, s.cur.Load().SecurityToken).Credentials(ctx)
}

//export ossrgo_client_set_credentials
func ossrgo_client_set_credentials(client C.uintptr_t, id, secret, token *C.char, errOut **C.ossr_error) (rc C.int) {
	defer contain(&rc, errOut)
	c := clientOf(client)
	var err error
	switch {
	case c.cred == nil:
		err = badArg("client", "reads its credentials from the environment (access_key_id was NULL): set the variables instead")
	case cString(id) == "":
		err = badArg("access_key_id", "is NULL or empty")
	case cString(secret) == "":
		err = badArg("access_key_secret", "is NULL or empty")
	}
	if err != nil {
		return failWith(err, "", errOut)
	}
	c.cred.cur.Store(&oss.Credentials{AccessKeyID: cString(id), AccessKeySecret: cString(secret), SecurityToken: cString(token)})
	return C.OSSR_OK
}

// multipartOpTimeout bounds one call as a whole (every page of a listing): each request is
// bounded by the client's timeouts already; this keeps a server paging forever from holding
// the caller's thread.
const multipartOpTimeout = 10 * time.Minute

type jsonPart struct {
	Number       int    `json:"number"`
	ETag         string `json:"etag"`
	Size         int64  `json:"size"`
	LastModified string `json:"lastModified,omitempty"`
	CRC64        string `json:"crc64"`
}

type jsonUpload struct {
	Key       string `json:"key"`
	UploadID  string `json:"uploadId"`
	Initiated string `json:"initiated"`
}

func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

//export ossrgo_multipart_op
func ossrgo_multipart_op(client C.uintptr_t, op C.int, bucketC, aC, bC *C.char, resOut **C.ossr_result, errOut **C.ossr_error) (rc C.int) {
	defer contain(&rc, errOut)
	c := clientOf(client)
	bucket, a, b := cString(bucketC), cString(aC), cString(bC)
	if err := oss.ValidateBucketName(bucket); err != nil {
		return failWith(err, "", errOut)
	}
	if op != C.OSSRN_OP_LIST_UPLOADS {
		if err := oss.ValidateObjectKey(a); err != nil {
			return failWith(err, "", errOut)
		}
		if b == "" {
			return failWith(badArg("upload_id", "is NULL or empty"), "", errOut)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), multipartOpTimeout)
	defer cancel()
	var (
		resp oss.Response
		body any
		err  error
	)
	key, uploadID := a, b
	switch op {
	case C.OSSRN_OP_LIST_PARTS:
		var out *oss.ListPartsOutput
		if out, err = c.api.ListParts(ctx, &oss.ListPartsInput{Bucket: bucket, Key: a, UploadID: b}); err == nil {
			parts := make([]jsonPart, 0, len(out.Parts))
			for _, p := range out.Parts {
				crc := ""
				if p.HasCRC64 {
					crc = strconv.FormatUint(p.CRC64, 10)
				}
				parts = append(parts, jsonPart{p.PartNumber, p.ETag, p.Size, isoTime(p.LastModified), crc})
			}
			resp, body = out.Response, map[string]any{"parts": parts}
		}
	case C.OSSRN_OP_LIST_UPLOADS:
		key, uploadID = "", ""
		var out *oss.ListMultipartUploadsOutput
		if out, err = c.api.ListMultipartUploads(ctx, &oss.ListMultipartUploadsInput{Bucket: bucket, Prefix: a}); err == nil {
			ups := make([]jsonUpload, 0, len(out.Uploads))
			for _, u := range out.Uploads {
				ups = append(ups, jsonUpload{u.Key, u.UploadID, isoTime(u.Initiated)})
			}
			resp, body = out.Response, map[string]any{"uploads": ups}
		}
	case C.OSSRN_OP_ABORT:
		var out *oss.AbortOutput
		if out, err = c.api.AbortMultipartUpload(ctx, &oss.AbortInput{Bucket: bucket, Key: a, UploadID: b}); err == nil {
			resp = out.Response
		}
	default:
		err = badArg("op", strconv.Itoa(int(op))+" is not a known operation")
	}
	if err != nil {
		return failWith(err, "", errOut)
	}
	var data []byte
	if body != nil {
		if data, err = json.Marshal(body); err != nil {
			return failWith(err, "", errOut)
		}
	}
	*resOut = cOpResult(resp, bucket, key, uploadID, data)
	if *resOut == nil {
		*errOut = cError(failure{code: codeInternal, errorCode: "OutOfMemory", message: "out of memory"})
		return C.OSSR_E_INTERNAL
	}
	return C.OSSR_OK
}

// cOpResult is a new C ossr_result for one of these calls: the response's status, request id
// and headers, the names, and body (JSON) as the body.
func cOpResult(resp oss.Response, bucket, key, uploadID string, body []byte) *C.ossr_result {
	r := (*C.ossr_result)(C.calloc(1, C.sizeof_ossr_result))
	if r == nil {
		return nil
	}
	r.size = C.sizeof_ossr_result
	r.http_status = C.int(resp.StatusCode)
	r.bucket = C.CString(bucket)
	r.key = C.CString(key)
	r.etag = C.CString("")
	r.request_id = C.CString(resp.RequestID)
	r.upload_id = C.CString(uploadID)
	r.version_id = C.CString("")
	r.body = cBytes(body)
	r.body_len = C.size_t(len(body))
	r.headers = cHeaderLines(&upload.Result{Header: resp.Header})
	return r
}

type jsonFile struct {
	Size    int64  `json:"size"`
	MtimeNs string `json:"mtimeNs"` // strings: beyond a JavaScript number's exact range
	CtimeNs string `json:"ctimeNs"`
	Dev     string `json:"dev"`
	Ino     string `json:"ino"`
}

type jsonState struct {
	UploadID  string     `json:"uploadId"`
	PartSize  int64      `json:"partSize"`
	PartCount int        `json:"partCount"`
	File      jsonFile   `json:"file"`
	Parts     []jsonPart `json:"parts"`
}

//export ossrgo_upload_state
func ossrgo_upload_state(h C.uintptr_t, resOut **C.ossr_result, errOut **C.ossr_error) (rc C.int) {
	defer contain(&rc, errOut)
	u := uploadOf(h)
	st := jsonState{Parts: []jsonPart{}}
	rec, ok := u.rec.Load()
	if ok {
		st.UploadID, st.PartSize, st.PartCount = rec.UploadID, rec.PartSize, rec.PartCount
		f := rec.File
		st.File = jsonFile{Size: f.Size, MtimeNs: strconv.FormatInt(f.MtimeNs, 10), CtimeNs: strconv.FormatInt(f.CtimeNs, 10),
			Dev: strconv.FormatUint(f.Dev, 10), Ino: strconv.FormatUint(f.Ino, 10)}
		for _, p := range rec.Parts {
			crc := ""
			if p.HasCRC {
				crc = strconv.FormatUint(p.CRC64, 10)
			}
			st.Parts = append(st.Parts, jsonPart{Number: p.Number, ETag: p.ETag, Size: p.Size, CRC64: crc})
		}
	} else {
		st.File.Size = u.size
	}
	data, err := json.Marshal(st)
	if err != nil {
		return failWith(err, "", errOut)
	}
	r := cOpResult(oss.Response{}, rec.Bucket, rec.Key, st.UploadID, data)
	if r == nil {
		*errOut = cError(failure{code: codeInternal, errorCode: "OutOfMemory", message: "out of memory"})
		return C.OSSR_E_INTERNAL
	}
	r.part_size = C.int64_t(st.PartSize)
	r.parts = C.int(st.PartCount)
	r.total_bytes = C.int64_t(st.File.Size)
	*resOut = r
	return C.OSSR_OK
}
