package main

/*
#include "sdk_object_bridge.h"
*/
import "C"

import (
	"context"
	"strconv"
	"unsafe"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// The object and bucket calls of oss_api.h (oss_put_object_from_buffer ... oss_list_bucket):
// each reads its C arguments in the official SDK's order (the bucket name first), asks
// core/oss, and writes the answer into the caller's pool. What is valid is core/oss's
// verdict; the status is the one table's (sdk_status.go). One file per group of calls:
// sdk_object_put.go, sdk_object_get.go, sdk_object_meta.go (head, exists, delete, copy),
// sdk_object_list.go, sdk_bucket.go, sdk_signed_url.go.

// objCall is one call: its C arguments, and what every call reads first.
type objCall struct {
	c           *C.ossr_obj_call
	pool        *C.aos_pool_t
	bucket, key string
	srcBucket   string // oss_copy_object's source
	srcKey      string
	path        string // the local file the call reads or writes, for classify
}

// objOp is one call kind: whether it names an object, and what it does once the names are
// valid. run returns the response to hand back in resp_headers (zero when none came).
type objOp struct {
	noBucket bool // oss_list_bucket names none
	key      bool
	run      func(k *objCall, s *sdkSession) (oss.Response, error)
}

var objOps = map[C.int]objOp{
	C.OSSR_OBJ_PUT_BUFFER: {key: true, run: putObjectFromBuffer},
	C.OSSR_OBJ_PUT_FILE:   {key: true, run: putObjectFromFile},
	C.OSSR_OBJ_GET_BUFFER: {key: true, run: getObjectToBuffer},
	C.OSSR_OBJ_GET_FILE:   {key: true, run: getObjectToFile},
	C.OSSR_OBJ_HEAD:       {key: true, run: headObject},
	C.OSSR_OBJ_EXIST:      {key: true, run: doesObjectExist},
	C.OSSR_OBJ_DELETE:     {key: true, run: deleteObject},
	C.OSSR_OBJ_COPY:       {key: true, run: copyObject},
	C.OSSR_OBJ_LIST:       {run: listObject},
	C.OSSR_OBJ_SIGNED_URL: {key: true, run: signedURL},
	C.OSSR_BUCKET_CREATE:  {run: createBucket},
	C.OSSR_BUCKET_DELETE:  {run: deleteBucket},
	C.OSSR_BUCKET_LIST:    {noBucket: true, run: listBucket},
}

//export ossr_go_object
func ossr_go_object(call *C.ossr_obj_call) {
	k := &objCall{c: call, pool: call.options.pool}
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
		resp, err = runObject(k)
	}()
	if err == nil {
		setRespHeaders(call.resp_headers, k.pool, resp, nil)
		fillStatus(call.status, k.pool, outcome{code: resp.StatusCode, requestID: resp.RequestID})
		return
	}
	f := classify(err, nil, k.path)
	setRespHeaders(call.resp_headers, k.pool, resp, &f)
	st := sdkStatus(f)
	if call.op == C.OSSR_OBJ_SIGNED_URL {
		logWarn("oss_gen_signed_url: " + st.errorCode + ": " + st.msg) // its caller sees only NULL
	}
	fillStatus(call.status, k.pool, st)
}

// runObject checks the names, opens a client and runs the call.
func runObject(k *objCall) (oss.Response, error) {
	op, ok := objOps[k.c.op]
	if !ok {
		return oss.Response{}, badArg("op", strconv.Itoa(int(k.c.op))+" is not an object or bucket call")
	}
	if !op.noBucket {
		if k.c.op == C.OSSR_OBJ_COPY {
			if err := k.readCopySource(); err != nil {
				return oss.Response{}, err
			}
		}
		b, ok := goString(k.c.bucket)
		if !ok {
			return oss.Response{}, badArg(k.bucketField(), "NULL")
		}
		if err := oss.ValidateBucketName(b); err != nil {
			return oss.Response{}, err
		}
		k.bucket = b
	}
	if op.key {
		key, ok := goString(k.c.object)
		if !ok {
			return oss.Response{}, badArg(k.objectField(), "NULL")
		}
		if err := oss.ValidateObjectKey(key); err != nil {
			return oss.Response{}, err
		}
		k.key = key
	}
	s, err := openSession((*C.oss_request_options_t)(unsafe.Pointer(k.c.options)))
	if err != nil {
		return oss.Response{}, err
	}
	defer s.done()
	return op.run(k, s)
}

// bucketField and objectField name the arguments as the call's signature spells them.
func (k *objCall) bucketField() string {
	if k.c.op == C.OSSR_OBJ_COPY {
		return "dest_bucket"
	}
	return "bucket"
}

func (k *objCall) objectField() string {
	if k.c.op == C.OSSR_OBJ_COPY {
		return "dest_object"
	}
	return "object"
}

// ctx is every call's context: one request each, bounded by the client's connect timeout and
// low-speed limit, as curl bounds the official SDK's.
func (k *objCall) ctx() context.Context { return context.Background() }

// crcMismatch is the error for a whole transfer whose CRC-64 disagrees with the server's.
func crcMismatch(what string, local, server uint64, resp oss.Response) error {
	return &upload.InconsistentError{What: "transfer", Detail: what, Local: local, Server: server, RequestID: resp.RequestID}
}
