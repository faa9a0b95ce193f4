//go:build js

package main

import (
	"context"
	"strconv"
	"syscall/js"
	"time"

	"github.com/ossresume/ossresume/core/oss"
)

// multipartOpTimeout bounds one of these calls as the native API does.
const multipartOpTimeout = 10 * time.Minute

func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// multipartArgs reads { client, bucket, key, upload_id } and checks them before any traffic.
func multipartArgs(args js.Value, withUpload bool) (c *client, bucket, key, uploadID string, err error) {
	if c, err = clientOf(args); err != nil {
		return
	}
	if bucket, err = argString(args, "bucket"); err != nil {
		return
	}
	if err = oss.ValidateBucketName(bucket); err != nil {
		return
	}
	if !withUpload {
		key, err = argString(args, "prefix")
		return
	}
	if key, err = argString(args, "key"); err != nil {
		return
	}
	if err = oss.ValidateObjectKey(key); err != nil {
		return
	}
	if uploadID, err = argString(args, "upload_id"); err == nil && uploadID == "" {
		err = badArg("upload_id", "is missing or empty")
	}
	return
}

func opResult(resp oss.Response, bucket, key, uploadID string, body any) map[string]any {
	return map[string]any{"http_status": resp.StatusCode, "bucket": bucket, "key": key,
		"request_id": resp.RequestID, "upload_id": uploadID, "body": body}
}

// multipartAbort: { client, bucket, key, upload_id }.
func multipartAbort(ctx context.Context, args js.Value) (any, error) {
	c, bucket, key, id, err := multipartArgs(args, true)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, multipartOpTimeout)
	defer cancel()
	out, err := callOnce(c, ctx, func() (*oss.AbortOutput, error) {
		return c.api.AbortMultipartUpload(ctx, &oss.AbortInput{Bucket: bucket, Key: key, UploadID: id})
	})
	if err != nil {
		return nil, err
	}
	return opResult(out.Response, bucket, key, id, nil), nil
}

// multipartListParts: { client, bucket, key, upload_id } -> body { parts: [...] } as
// ossr_list_parts.
func multipartListParts(ctx context.Context, args js.Value) (any, error) {
	c, bucket, key, id, err := multipartArgs(args, true)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, multipartOpTimeout)
	defer cancel()
	out, err := callOnce(c, ctx, func() (*oss.ListPartsOutput, error) {
		return c.api.ListParts(ctx, &oss.ListPartsInput{Bucket: bucket, Key: key, UploadID: id})
	})
	if err != nil {
		return nil, err
	}
	parts := make([]any, 0, len(out.Parts))
	for _, p := range out.Parts {
		crc := ""
		if p.HasCRC64 {
			crc = strconv.FormatUint(p.CRC64, 10)
		}
		m := map[string]any{"number": p.PartNumber, "etag": p.ETag, "size": p.Size, "crc64": crc}
		if s := isoTime(p.LastModified); s != "" {
			m["lastModified"] = s
		}
		parts = append(parts, m)
	}
	return opResult(out.Response, bucket, key, id, map[string]any{"parts": parts}), nil
}

// multipartListUploads: { client, bucket, prefix } -> body { uploads: [...] }.
func multipartListUploads(ctx context.Context, args js.Value) (any, error) {
	c, bucket, prefix, _, err := multipartArgs(args, false)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, multipartOpTimeout)
	defer cancel()
	out, err := callOnce(c, ctx, func() (*oss.ListMultipartUploadsOutput, error) {
		return c.api.ListMultipartUploads(ctx, &oss.ListMultipartUploadsInput{Bucket: bucket, Prefix: prefix})
	})
	if err != nil {
		return nil, err
	}
	ups := make([]any, 0, len(out.Uploads))
	for _, u := range out.Uploads {
		ups = append(ups, map[string]any{"key": u.Key, "uploadId": u.UploadID, "initiated": isoTime(u.Initiated)})
	}
	return opResult(out.Response, bucket, "", "", map[string]any{"uploads": ups}), nil
}
