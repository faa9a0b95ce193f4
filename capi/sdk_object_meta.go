package main

/*
#include "sdk_object_bridge.h"
*/
import "C"

import (
	"errors"
	"net/http"

	"github.com/ossresume/ossresume/core/oss"
)

// oss_head_object, oss_does_object_exist, oss_delete_object and oss_copy_object: one request
// each, no body either way.

func headObject(k *objCall, s *sdkSession) (oss.Response, error) {
	h, err := readSDKHeaders(k.c.headers)
	if err != nil {
		return oss.Response{}, err
	}
	out, err := s.client.HeadObject(k.ctx(), &oss.HeadObjectInput{Bucket: k.bucket, Key: k.key, Header: h})
	if err != nil {
		return oss.Response{}, err
	}
	return out.Response, nil
}

func doesObjectExist(k *objCall, s *sdkSession) (oss.Response, error) {
	if k.c.exist == nil {
		return oss.Response{}, badArg("object_exist", "NULL: pass an oss_object_exist_status_e to receive the answer")
	}
	resp, err := headObject(k, s)
	var se *oss.Error
	switch {
	case err == nil:
		*k.c.exist = C.OSS_OBJECT_EXIST
	case errors.As(err, &se) && se.StatusCode == http.StatusNotFound && (se.Code == "NoSuchKey" || se.Code == ""):
		// The bucket answered and holds no such key. A HEAD has no body: a server that sends
		// no x-oss-err leaves the code empty, and a missing bucket says NoSuchBucket there.
		*k.c.exist = C.OSS_OBJECT_NON_EXIST
	}
	return resp, err
}

func deleteObject(k *objCall, s *sdkSession) (oss.Response, error) {
	out, err := s.client.DeleteObject(k.ctx(), &oss.DeleteObjectInput{Bucket: k.bucket, Key: k.key})
	if err != nil {
		return oss.Response{}, err
	}
	return out.Response, nil
}

// readCopySource reads oss_copy_object's source names, which its signature puts first.
func (k *objCall) readCopySource() error {
	b, ok := goString(k.c.source_bucket)
	if !ok {
		return badArg("source_bucket", "NULL")
	}
	if err := oss.ValidateBucketName(b); err != nil {
		return err
	}
	key, ok := goString(k.c.source_object)
	if !ok {
		return badArg("source_object", "NULL")
	}
	if err := oss.ValidateObjectKey(key); err != nil {
		return err
	}
	k.srcBucket, k.srcKey = b, key
	return nil
}

func copyObject(k *objCall, s *sdkSession) (oss.Response, error) {
	h, err := readSDKHeaders(k.c.headers)
	if err != nil {
		return oss.Response{}, err
	}
	out, err := s.client.CopyObject(k.ctx(), &oss.CopyObjectInput{SourceBucket: k.srcBucket, SourceKey: k.srcKey,
		Bucket: k.bucket, Key: k.key, Header: h})
	if err != nil {
		return oss.Response{}, err
	}
	return out.Response, nil
}
