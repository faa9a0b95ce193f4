package oss

import (
	"context"
	"encoding/xml"
	"net/http"
	"strings"
	"time"
)

// CopyObjectInput copies SourceBucket/SourceKey to Bucket/Key inside OSS (no bytes pass
// through the client; OSS copies objects up to 5 GiB this way). Header may carry
// x-oss-metadata-directive (COPY, the default, keeps the source's metadata; REPLACE takes
// this request's Content-Type and x-oss-meta-*), x-oss-copy-source-if-match and the other
// conditions, x-oss-object-acl, x-oss-storage-class, x-oss-forbid-overwrite. A header
// x-oss-copy-source in it is replaced by the one built from SourceBucket and SourceKey.
type CopyObjectInput struct {
	SourceBucket, SourceKey string
	Bucket, Key             string
	Header                  http.Header
}

// CopyObjectOutput is the new object's ETag and modification time, and its CRC-64 when the
// server sent one.
type CopyObjectOutput struct {
	ETag         string
	LastModified time.Time
	CRC64        uint64
	HasCRC64     bool
	Response
}

type copyObjectResultXML struct {
	XMLName      xml.Name
	ETag         string
	LastModified string
}

// maxCopyBody bounds the CopyObjectResult document read.
const maxCopyBody = 64 << 10

// CopyObject copies an object (PUT /key with x-oss-copy-source).
func (c *Client) CopyObject(ctx context.Context, in *CopyObjectInput) (*CopyObjectOutput, error) {
	const op = "CopyObject"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := checkObject(in.SourceBucket, in.SourceKey); err != nil {
		return nil, sourceField(err)
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
	// The source key is percent-encoded as in a request path, "/" included, as the official
	// SDKs send it.
	h.Set("X-Oss-Copy-Source", "/"+in.SourceBucket+"/"+EscapeKey(in.SourceKey))
	resp, err := c.do(ctx, &request{op: op, method: http.MethodPut, bucket: in.Bucket, key: in.Key, header: h})
	if err != nil {
		return nil, err
	}
	data, err := readBody(ctx, op, resp, maxCopyBody)
	if err != nil {
		return nil, err
	}
	// A copy OSS fails after it began answering is a 200 with an <Error> document.
	if e, ok := parseErrorXML(data); ok && e.Code != "" {
		return nil, parseError(op, resp.StatusCode, resp.Header, data)
	}
	var x copyObjectResultXML
	if err := xml.Unmarshal(data, &x); err != nil || x.XMLName.Local != "CopyObjectResult" {
		return nil, badResponse(op, resp, "invalid server response: CopyObject answer is not a CopyObjectResult", data)
	}
	out := &CopyObjectOutput{ETag: strings.TrimSpace(x.ETag), LastModified: parseISOTime(x.LastModified), Response: response(resp)}
	if out.CRC64, out.HasCRC64, err = responseCRC(op, resp); err != nil {
		return nil, err
	}
	return out, nil
}

// sourceField renames a bucket or key verdict to the copy source's field.
func sourceField(err error) error {
	if ae, ok := err.(*ArgumentError); ok {
		return &ArgumentError{Field: "source_" + strings.ToLower(ae.Field), Reason: ae.Reason}
	}
	return err
}

// checkHeaderValues applies ValidateHeader to every value of one header.
func checkHeaderValues(name string, values []string) error {
	for _, v := range values {
		if err := ValidateHeader(name, v); err != nil {
			return err
		}
	}
	return nil
}
