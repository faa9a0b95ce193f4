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
	// OSS sends Complete's status before it assembles the parts, so an assembly that fails
	// answers 200 OK with an <Error> body: that is a failure, whatever the status says.
	if e, ok := parseErrorXML(data); ok && e.Code != "" {
		return nil, parseError(op, resp.StatusCode, resp.Header, data)
	}
	out := &CompleteOutput{Body: data, Response: response(resp)}
	if out.CRC64, out.HasCRC64, err = responseCRC(op, resp); err != nil {
		return nil, err
	}
	var x completeResultXML
	t := bytes.TrimSpace(data)
	isResult := len(t) > 0 && t[0] == '<' && xml.Unmarshal(t, &x) == nil && x.XMLName.Local == "CompleteMultipartUploadResult"
	if isResult {
		out.Bucket, out.Key, out.ETag, out.Location = x.Bucket, x.Key, x.ETag, x.Location
		if strings.EqualFold(x.EncodingType, "url") {
			out.Key = unescapeQuery(out.Key)
		}
	} else if in.Header.Get("x-oss-callback") == "" {
		// Without a callback the body is OSS's own result; anything else (empty, HTML from a
		// proxy, another document) proves nothing about the object.
		return nil, badResponse(op, resp, "invalid server response: 200 without a CompleteMultipartUploadResult", data)
	}
	if out.ETag == "" {
		out.ETag = resp.Header.Get("ETag")
	}
	return out, nil
}
