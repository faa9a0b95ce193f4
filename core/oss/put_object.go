package oss

import (
	"context"
	"net/http"
)

// PutObject uploads a whole object in one request (PUT /key), streaming in.Body once.
// Content-Type defaults from the key's extension. Body returns a callback server's reply.
func (c *Client) PutObject(ctx context.Context, in *PutObjectInput) (*PutObjectOutput, error) {
	const op = "PutObject"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := checkObject(in.Bucket, in.Key); err != nil {
		return nil, err
	}
	if err := checkBody(in.Body, in.Size, MaxPartSize); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, &request{op: op, method: http.MethodPut, bucket: in.Bucket, key: in.Key,
		header: objectHeader(in.Header, in.Key), body: in.Body, size: in.Size})
	if err != nil {
		return nil, err
	}
	data, err := readBody(ctx, op, resp, maxCompleteBody)
	if err != nil {
		return nil, err
	}
	out := &PutObjectOutput{ETag: resp.Header.Get("ETag"), Body: data, Response: response(resp)}
	if out.CRC64, out.HasCRC64, err = responseCRC(op, resp); err != nil {
		return nil, err
	}
	return out, nil
}
