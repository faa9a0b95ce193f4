package oss

import (
	"context"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
)

// ListMultipartUploads lists the bucket's open uploads (GET /?uploads), following all pages.
// Keys are requested URL-encoded so that any byte survives the XML.
func (c *Client) ListMultipartUploads(ctx context.Context, in *ListMultipartUploadsInput) (*ListMultipartUploadsOutput, error) {
	const op = "ListMultipartUploads"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := ValidateBucketName(in.Bucket); err != nil {
		return nil, err
	}
	if in.MaxUploads < 0 || in.MaxUploads > 1000 {
		return nil, &ArgumentError{Field: "MaxUploads", Reason: "must be 0..1000"}
	}
	if in.MaxPages < 0 {
		return nil, &ArgumentError{Field: "MaxPages", Reason: "must not be negative"}
	}
	out := &ListMultipartUploadsOutput{}
	keyMarker, idMarker := in.KeyMarker, in.UploadIDMarker
	for page := 1; ; page++ {
		q := map[string]string{"uploads": "", "encoding-type": "url"}
		for k, v := range map[string]string{"prefix": in.Prefix, "key-marker": keyMarker, "upload-id-marker": idMarker} {
			if v != "" {
				q[k] = v
			}
		}
		if in.MaxUploads > 0 {
			q["max-uploads"] = strconv.Itoa(in.MaxUploads)
		}
		resp, err := c.do(ctx, &request{op: op, method: http.MethodGet, bucket: in.Bucket, query: q})
		if err != nil {
			return nil, err
		}
		data, err := readBody(ctx, op, resp, 64<<20)
		if err != nil {
			return nil, err
		}
		var x listUploadsResultXML
		if err := xml.Unmarshal(data, &x); err != nil {
			return nil, badResponse(op, resp, "malformed ListMultipartUploadsResult", data)
		}
		decode := func(s string) string { return s }
		if strings.EqualFold(x.EncodingType, "url") {
			decode = unescapeQuery
		}
		for _, u := range x.Uploads {
			out.Uploads = append(out.Uploads, Upload{Key: decode(u.Key), UploadID: u.UploadId, Initiated: parseISOTime(u.Initiated)})
		}
		out.Response = response(resp)
		if !x.IsTruncated {
			return out, nil
		}
		nextKey, nextID := decode(x.NextKeyMarker), x.NextUploadIdMarker
		switch {
		case nextKey == keyMarker && nextID == idMarker, nextKey < keyMarker:
			return nil, badResponse(op, resp, "truncated ListMultipartUploadsResult without new markers", nil)
		case in.MaxPages > 0 && page >= in.MaxPages:
			out.Truncated = true
			return out, nil
		case page >= MaxListPages:
			return nil, badResponse(op, resp, "ListMultipartUploadsResult still truncated after "+strconv.Itoa(MaxListPages)+" pages", nil)
		}
		keyMarker, idMarker = nextKey, nextID
	}
}
