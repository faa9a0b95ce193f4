package oss

import (
	"bytes"
	"context"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
)

// maxCompleteBody caps the Complete answer, which may be a callback server's reply.
const maxCompleteBody = 16 << 20

// CompleteMultipartUpload assembles the object from in.Parts (POST /key?uploadId=ID). The
// parts must be in strictly ascending order. The raw body is returned too: with x-oss-callback
// it is the callback server's reply rather than OSS's XML.
func (c *Client) CompleteMultipartUpload(ctx context.Context, in *CompleteInput) (*CompleteOutput, error) {
	const op = "CompleteMultipartUpload"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := checkUpload(in.Bucket, in.Key, in.UploadID); err != nil {
		return nil, err
	}
	for i, p := range in.Parts {
		if err := checkPartNumber(p.PartNumber); err != nil {
			return nil, err
		}
		if i > 0 && p.PartNumber <= in.Parts[i-1].PartNumber {
			return nil, &ArgumentError{Field: "Parts", Reason: "part " + strconv.Itoa(p.PartNumber) +
				" follows part " + strconv.Itoa(in.Parts[i-1].PartNumber) + "; parts must be in ascending order without repeats"}
		}
		if p.ETag == "" {
			return nil, &ArgumentError{Field: "Parts", Reason: "part " + strconv.Itoa(p.PartNumber) + " has no ETag"}
		}
	}
	body := completeBodyXML(in.Parts)
	resp, err := c.do(ctx, &request{op: op, method: http.MethodPost, bucket: in.Bucket, key: in.Key,
		query: map[string]string{"uploadId": in.UploadID}, header: in.Header.Clone(),
		body: bytes.NewReader(body), size: int64(len(body))})
	if err != nil {
		return nil, err
	}
	data, err := readBody(ctx, op, resp, maxCompleteBody)
	if err != nil {
		return nil, err
	}
	out := &CompleteOutput{Body: data, Response: response(resp)}
	out.CRC64, out.HasCRC64 = parseCRC64(resp.Header.Get("x-oss-hash-crc64ecma"))
	var x completeResultXML
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '<' && xml.Unmarshal(t, &x) == nil {
		out.Bucket, out.Key, out.ETag, out.Location = x.Bucket, x.Key, x.ETag, x.Location
		if strings.EqualFold(x.EncodingType, "url") {
			out.Key = unescapeQuery(out.Key)
		}
	}
	if out.ETag == "" {
		out.ETag = resp.Header.Get("ETag")
	}
	return out, nil
}
