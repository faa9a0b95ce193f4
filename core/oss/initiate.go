package oss

import (
	"context"
	"encoding/xml"
	"net/http"
)

// InitiateMultipartUpload starts a multipart upload (POST /key?uploads). The object's headers
// go here; Content-Type defaults from the key's extension.
func (c *Client) InitiateMultipartUpload(ctx context.Context, in *InitiateInput) (*InitiateOutput, error) {
	const op = "InitiateMultipartUpload"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := checkObject(in.Bucket, in.Key); err != nil {
		return nil, err
	}
	h := objectHeader(in.Header, in.Key)
	resp, err := c.do(ctx, &request{op: op, method: http.MethodPost, bucket: in.Bucket, key: in.Key,
		query: map[string]string{"uploads": ""}, header: h})
	if err != nil {
		return nil, err
	}
	data, err := readBody(ctx, op, resp, maxErrorBody)
	if err != nil {
		return nil, err
	}
	var x initiateResultXML
	if err := xml.Unmarshal(data, &x); err != nil || x.UploadId == "" {
		return nil, badResponse(op, resp, "no UploadId in InitiateMultipartUploadResult", data)
	}
	return &InitiateOutput{Bucket: x.Bucket, Key: x.Key, UploadID: x.UploadId, Response: response(resp)}, nil
}

// objectHeader copies the caller's headers and adds a Content-Type from the key when absent.
func objectHeader(in http.Header, key string) http.Header {
	h := in.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", ContentTypeByKey(key))
	}
	return h
}

// badResponse is a 2xx answer this package cannot use; it is reported like a server error so
// that the request id travels with it.
func badResponse(op string, resp *http.Response, reason string, body []byte) *Error {
	e := &Error{Op: op, StatusCode: resp.StatusCode, Code: "InvalidResponse",
		Message: reason, RequestID: resp.Header.Get("x-oss-request-id")}
	if s := snippet(body, 128); s != "" {
		e.Message += ": " + s
	}
	return e
}
