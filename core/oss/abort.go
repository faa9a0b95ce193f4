package oss

import (
	"context"
	"net/http"
)

// AbortMultipartUpload discards an upload and its parts (DELETE /key?uploadId=ID).
func (c *Client) AbortMultipartUpload(ctx context.Context, in *AbortInput) (*AbortOutput, error) {
	const op = "AbortMultipartUpload"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := checkUpload(in.Bucket, in.Key, in.UploadID); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, &request{op: op, method: http.MethodDelete, bucket: in.Bucket, key: in.Key,
		query: map[string]string{"uploadId": in.UploadID}})
	if err != nil {
		return nil, err
	}
	drain(resp)
	return &AbortOutput{Response: response(resp)}, nil
}
