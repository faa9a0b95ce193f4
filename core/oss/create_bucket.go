package oss

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/http"
)

// CreateBucketInput names a new bucket. ACL ("private", "public-read", "public-read-write";
// "" leaves the server's default, private) travels as x-oss-acl; StorageClass ("Standard",
// "IA", "Archive", ...; "" is Standard) as a CreateBucketConfiguration body.
type CreateBucketInput struct {
	Bucket, ACL, StorageClass string
}

var bucketACLs = map[string]bool{"private": true, "public-read": true, "public-read-write": true}

// CreateBucket creates a bucket (PUT /). PutBucket is the same request with neither setting.
func (c *Client) CreateBucket(ctx context.Context, in *CreateBucketInput) (*BucketOutput, error) {
	const op = "PutBucket"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := ValidateBucketName(in.Bucket); err != nil {
		return nil, err
	}
	h := http.Header{}
	if in.ACL != "" {
		if !bucketACLs[in.ACL] {
			return nil, &ArgumentError{Field: "ACL", Reason: "must be private, public-read or public-read-write, not " + in.ACL}
		}
		h.Set("X-Oss-Acl", in.ACL)
	}
	r := &request{op: op, method: http.MethodPut, bucket: in.Bucket, header: h}
	if in.StorageClass != "" {
		var b bytes.Buffer
		b.WriteString("<CreateBucketConfiguration><StorageClass>")
		xml.EscapeText(&b, []byte(in.StorageClass))
		b.WriteString("</StorageClass></CreateBucketConfiguration>")
		h.Set("Content-Type", "application/xml")
		r.body, r.size = bytes.NewReader(b.Bytes()), int64(b.Len())
	}
	resp, err := c.do(ctx, r)
	if err != nil {
		return nil, err
	}
	drain(resp)
	return &BucketOutput{Response: response(resp)}, nil
}
