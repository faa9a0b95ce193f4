package oss

import (
	"context"
	"net/http"
	"strconv"
)

// UploadPart sends one part (PUT /key?partNumber=N&uploadId=ID), streaming in.Body once with
// Content-Length in.Size. It returns the ETag as received and the server's CRC-64; checking
// them against the data is the caller's job, since the caller hashes what it reads.
func (c *Client) UploadPart(ctx context.Context, in *UploadPartInput) (*UploadPartOutput, error) {
	const op = "UploadPart"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := checkUpload(in.Bucket, in.Key, in.UploadID); err != nil {
		return nil, err
	}
	if err := checkPartNumber(in.PartNumber); err != nil {
		return nil, err
	}
	if err := checkBody(in.Body, in.Size, MaxPartSize); err != nil {
		return nil, err
	}
	h := http.Header{}
	if in.ContentMD5 != "" {
		h.Set("Content-MD5", in.ContentMD5)
	}
	resp, err := c.do(ctx, &request{op: op, method: http.MethodPut, bucket: in.Bucket, key: in.Key,
		query:  map[string]string{"partNumber": strconv.Itoa(in.PartNumber), "uploadId": in.UploadID},
		header: h, body: in.Body, size: in.Size})
	if err != nil {
		return nil, err
	}
	drain(resp)
	out := &UploadPartOutput{ETag: resp.Header.Get("ETag"), Response: response(resp)}
	if out.ETag == "" {
		// Complete cannot name the part without it: the answer is broken, not the library.
		return nil, badResponse(op, resp, "invalid server response: UploadPart answer has no ETag", nil)
	}
	if out.CRC64, out.HasCRC64, err = responseCRC(op, resp); err != nil {
		return nil, err
	}
	return out, nil
}
