package main

/*
#include "sdk_object_bridge.h"
*/
import "C"

import (
	"strconv"

	"github.com/ossresume/ossresume/core/oss"
)

// oss_list_object: one page of ListObjects into the caller's oss_list_object_params_t, entries
// appended to its lists and allocated in options->pool.

// isoMillis is how OSS writes times in listings (2006-01-02T15:04:05.000Z).
const isoMillis = "2006-01-02T15:04:05.000Z"

// checkListHead refuses a result list the call could not append to.
func checkListHead(head *C.aos_list_t, field string) error {
	if head.next == nil || head.prev == nil {
		return badArg(field, "not initialised: make the parameters with their oss_create_* function")
	}
	return nil
}

func listObject(k *objCall, s *sdkSession) (oss.Response, error) {
	p := k.c.list_objects
	if p == nil {
		return oss.Response{}, badArg("params", "NULL: make one with oss_create_list_object_params")
	}
	if err := checkListHead(&p.object_list, "params->object_list"); err != nil {
		return oss.Response{}, err
	}
	if err := checkListHead(&p.common_prefix_list, "params->common_prefix_list"); err != nil {
		return oss.Response{}, err
	}
	in := &oss.ListObjectsInput{Bucket: k.bucket, MaxKeys: int(p.max_ret)}
	in.Prefix, _ = goString(&p.prefix)
	in.Marker, _ = goString(&p.marker)
	in.Delimiter, _ = goString(&p.delimiter)
	out, err := s.client.ListObjects(k.ctx(), in)
	if err != nil {
		return oss.Response{}, err
	}
	pool := k.pool
	for _, o := range out.Objects {
		c := C.oss_create_list_object_content(pool)
		if c == nil {
			return out.Response, errOutOfPool
		}
		setString(&c.key, pool, o.Key)
		setString(&c.last_modified, pool, o.LastModified.UTC().Format(isoMillis))
		setString(&c.etag, pool, o.ETag)
		setString(&c.size, pool, strconv.FormatInt(o.Size, 10))
		setString(&c.owner_id, pool, o.OwnerID)
		setString(&c.owner_display_name, pool, o.OwnerDisplayName)
		C.ossr_list_append(&c.node, &p.object_list)
	}
	for _, prefix := range out.CommonPrefixes {
		c := C.oss_create_list_object_common_prefix(pool)
		if c == nil {
			return out.Response, errOutOfPool
		}
		setString(&c.prefix, pool, prefix)
		C.ossr_list_append(&c.node, &p.common_prefix_list)
	}
	p.truncated = 0
	if out.IsTruncated {
		p.truncated = 1
	}
	setString(&p.next_marker, pool, out.NextMarker)
	return out.Response, nil
}

// errOutOfPool is an allocation in options->pool that failed.
var errOutOfPool = &argError{field: "options->pool", reason: "out of memory"}
