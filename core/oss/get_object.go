package oss

import (
	"context"
	"net/http"
	"strconv"
)

// GetObject streams an object or a byte range of it (GET /key); the caller closes Body. ctx
// governs the whole read, so it must stay live until Body is drained.
func (c *Client) GetObject(ctx context.Context, in *GetObjectInput) (*GetObjectOutput, error) {
	const op = "GetObject"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := checkObject(in.Bucket, in.Key); err != nil {
		return nil, err
	}
	h := http.Header{}
	for k, vs := range in.Header {
		if err := checkHeaderValues(k, vs); err != nil {
			return nil, err
		}
		h[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	if in.HasRange {
		if in.RangeStart < 0 || in.RangeEnd >= 0 && in.RangeEnd < in.RangeStart {
			return nil, &ArgumentError{Field: "Range", Reason: "start must be >= 0 and end (when >= 0) >= start"}
		}
		r := "bytes=" + strconv.FormatInt(in.RangeStart, 10) + "-"
		if in.RangeEnd >= 0 {
			r += strconv.FormatInt(in.RangeEnd, 10)
		}
		h.Set("Range", r)
	}
	resp, err := c.do(ctx, &request{op: op, method: http.MethodGet, bucket: in.Bucket, key: in.Key, header: h, query: in.Query})
	if err != nil {
		return nil, err
	}
	out := &GetObjectOutput{Body: resp.Body, ContentLength: resp.ContentLength,
		ETag: resp.Header.Get("ETag"), Response: response(resp)}
	if out.CRC64, out.HasCRC64, err = responseCRC(op, resp); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return out, nil
}
