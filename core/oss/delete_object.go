package oss

import (
	"context"
	"net/http"
)

// DeleteObjectInput names the object to delete.
type DeleteObjectInput struct {
	Bucket, Key string
}

// DeleteObjectOutput is empty on success. OSS answers 204 whether or not the key held an
// object, so success says the key holds nothing now, not that something was deleted.
type DeleteObjectOutput struct {
	Response
}

// DeleteObject deletes one object (DELETE /key).
func (c *Client) DeleteObject(ctx context.Context, in *DeleteObjectInput) (*DeleteObjectOutput, error) {
	const op = "DeleteObject"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := checkObject(in.Bucket, in.Key); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, &request{op: op, method: http.MethodDelete, bucket: in.Bucket, key: in.Key})
	if err != nil {
		return nil, err
	}
	drain(resp)
	return &DeleteObjectOutput{Response: response(resp)}, nil
}
