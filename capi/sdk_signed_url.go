package main

/*
#include "sdk_object_bridge.h"
*/
import "C"

import (
	"net/http"
	"time"

	"github.com/ossresume/ossresume/core/oss"
)

// oss_gen_signed_url: core/oss signs the URL; nothing is sent. The status it fills stays
// inside the library (the C entry returns the URL or NULL), so its refusals are also logged.

// sdkMethods spells http_method_e.
var sdkMethods = map[C.http_method_e]string{
	C.HTTP_GET: http.MethodGet, C.HTTP_HEAD: http.MethodHead, C.HTTP_PUT: http.MethodPut,
	C.HTTP_POST: http.MethodPost, C.HTTP_DELETE: http.MethodDelete,
}

func signedURL(k *objCall, s *sdkSession) (oss.Response, error) {
	req := k.c.req
	if req == nil {
		return oss.Response{}, badArg("req", "NULL: make one with aos_http_request_create")
	}
	method, ok := sdkMethods[req.method]
	if !ok {
		return oss.Response{}, badArg("req->method", "not an http_method_e")
	}
	h, err := readSDKHeaders(req.headers)
	if err != nil {
		return oss.Response{}, err
	}
	q := map[string]string{}
	for name, vs := range readTable(req.query_params) {
		if len(vs) > 0 {
			q[name] = vs[0]
		}
	}
	u, err := s.client.Presign(k.ctx(), &oss.PresignInput{Method: method, Bucket: k.bucket, Key: k.key,
		Expires: time.Unix(int64(k.c.expires), 0), Header: h, Query: q})
	if err != nil {
		return oss.Response{}, err
	}
	k.c.url = pstr(k.pool, u)
	if k.c.url == nil {
		return oss.Response{}, errOutOfPool
	}
	return oss.Response{StatusCode: http.StatusOK}, nil
}
