package main

/*
#include "sdk_object_bridge.h"
*/
import "C"

import (
	"strconv"

	"github.com/ossresume/ossresume/core/oss"
)

// oss_create_bucket, oss_delete_bucket and oss_list_bucket.

// sdkACLs spells oss_acl_e as x-oss-acl does; OSS_ACL_DEFAULT sends none.
var sdkACLs = map[C.int]string{
	C.OSS_ACL_PRIVATE: "private", C.OSS_ACL_PUBLIC_READ: "public-read",
	C.OSS_ACL_PUBLIC_READ_WRITE: "public-read-write", C.OSS_ACL_DEFAULT: "",
}

func createBucket(k *objCall, s *sdkSession) (oss.Response, error) {
	acl, ok := sdkACLs[k.c.acl]
	if !ok {
		return oss.Response{}, badArg("oss_acl", strconv.Itoa(int(k.c.acl))+" is not an oss_acl_e")
	}
	out, err := s.client.CreateBucket(k.ctx(), &oss.CreateBucketInput{Bucket: k.bucket, ACL: acl})
	if err != nil {
		return oss.Response{}, err
	}
	return out.Response, nil
}

func deleteBucket(k *objCall, s *sdkSession) (oss.Response, error) {
	out, err := s.client.DeleteBucket(k.ctx(), &oss.BucketInput{Bucket: k.bucket})
	if err != nil {
		return oss.Response{}, err
	}
	return out.Response, nil
}

func listBucket(k *objCall, s *sdkSession) (oss.Response, error) {
	p := k.c.list_buckets
	if p == nil {
		return oss.Response{}, badArg("params", "NULL: make one with oss_create_list_buckets_params")
	}
	if err := checkListHead(&p.bucket_list, "params->bucket_list"); err != nil {
		return oss.Response{}, err
	}
	in := &oss.ListBucketsInput{MaxKeys: int(p.max_keys)}
	in.Prefix, _ = goString(&p.prefix)
	in.Marker, _ = goString(&p.marker)
	out, err := s.client.ListBuckets(k.ctx(), in)
	if err != nil {
		return oss.Response{}, err
	}
	pool := k.pool
	for _, b := range out.Buckets {
		c := C.oss_create_list_bucket_content(pool)
		if c == nil {
			return out.Response, errOutOfPool
		}
		created := ""
		if !b.CreationDate.IsZero() {
			created = b.CreationDate.UTC().Format(isoMillis)
		}
		setString(&c.create_date, pool, created)
		setString(&c.extranet_endpoint, pool, b.ExtranetEndpoint)
		setString(&c.intranet_endpoint, pool, b.IntranetEndpoint)
		setString(&c.location, pool, b.Location)
		setString(&c.name, pool, b.Name)
		setString(&c.storage_class, pool, b.StorageClass)
		C.ossr_list_append(&c.node, &p.bucket_list)
	}
	p.truncated = 0
	if out.IsTruncated {
		p.truncated = 1
	}
	setString(&p.next_marker, pool, out.NextMarker)
	setString(&p.owner_id, pool, out.OwnerID)
	setString(&p.owner_name, pool, out.OwnerDisplayName)
	return out.Response, nil
}
