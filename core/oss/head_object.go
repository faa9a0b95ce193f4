package oss

import (
	"context"
	"net/http"
	"strconv"
)

// HeadObject returns an object's metadata (HEAD /key). Errors come from x-oss-err, HEAD
// having no body.
func (c *Client) HeadObject(ctx context.Context, in *HeadObjectInput) (*HeadObjectOutput, error) {
	const op = "HeadObject"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := checkObject(in.Bucket, in.Key); err != nil {
		return nil, err
	}
	rh := http.Header{}
	for k, vs := range in.Header {
		if err := checkHeaderValues(k, vs); err != nil {
			return nil, err
		}
		rh[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	resp, err := c.do(ctx, &request{op: op, method: http.MethodHead, bucket: in.Bucket, key: in.Key, header: rh})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	h := resp.Header
	out := &HeadObjectOutput{
		ETag:        h.Get("ETag"),
		ContentType: h.Get("Content-Type"),
		ObjectType:  h.Get("x-oss-object-type"),
		Response:    response(resp),
	}
	out.Size, _ = strconv.ParseInt(h.Get("Content-Length"), 10, 64)
	out.LastModified, _ = http.ParseTime(h.Get("Last-Modified"))
	if out.CRC64, out.HasCRC64, err = responseCRC(op, resp); err != nil {
		return nil, err
	}
	return out, nil
}
