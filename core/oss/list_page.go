package oss

import (
	"context"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"
)

// One page of ListParts or ListMultipartUploads, for callers that page themselves (the C SDK's
// oss_list_upload_part and oss_list_multipart_upload hand each page and its markers to their
// caller). ListParts and ListMultipartUploads follow every page instead.

// ListPartsPageInput names an upload and where the page starts.
type ListPartsPageInput struct {
	Bucket, Key, UploadID string
	PartNumberMarker      int // list parts after this number; 0: from the first
	MaxParts              int // 1..1000; 0: the server's default (1000)
}

// ListPartsPageOutput is one page, in the server's order.
type ListPartsPageOutput struct {
	Parts                []Part
	IsTruncated          bool
	NextPartNumberMarker int // where the next page starts, when IsTruncated
	Response
}

// ListPartsPage lists one page of an upload's parts (GET /key?uploadId=ID).
func (c *Client) ListPartsPage(ctx context.Context, in *ListPartsPageInput) (*ListPartsPageOutput, error) {
	const op = "ListParts"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := checkUpload(in.Bucket, in.Key, in.UploadID); err != nil {
		return nil, err
	}
	if in.MaxParts < 0 || in.MaxParts > 1000 {
		return nil, &ArgumentError{Field: "MaxParts", Reason: strconv.Itoa(in.MaxParts) + " is outside 0..1000"}
	}
	if in.PartNumberMarker < 0 || in.PartNumberMarker > MaxPartNumber {
		return nil, &ArgumentError{Field: "PartNumberMarker", Reason: strconv.Itoa(in.PartNumberMarker) + " is outside 0..10000"}
	}
	q := map[string]string{"uploadId": in.UploadID}
	if in.MaxParts > 0 {
		q["max-parts"] = strconv.Itoa(in.MaxParts)
	}
	if in.PartNumberMarker > 0 {
		q["part-number-marker"] = strconv.Itoa(in.PartNumberMarker)
	}
	resp, err := c.do(ctx, &request{op: op, method: http.MethodGet, bucket: in.Bucket, key: in.Key, query: q})
	if err != nil {
		return nil, err
	}
	data, err := readBody(ctx, op, resp, 64<<20)
	if err != nil {
		return nil, err
	}
	var x listPartsResultXML
	if err := xml.Unmarshal(data, &x); err != nil {
		return nil, badResponse(op, resp, "malformed ListPartsResult", data)
	}
	out := &ListPartsPageOutput{IsTruncated: x.IsTruncated, NextPartNumberMarker: x.NextPartNumberMarker, Response: response(resp)}
	for _, p := range x.Parts {
		part := Part{PartNumber: p.PartNumber, ETag: p.ETag, Size: p.Size, LastModified: parseISOTime(p.LastModified)}
		part.CRC64, part.HasCRC64 = parseCRC64(p.HashCrc64ecma)
		out.Parts = append(out.Parts, part)
	}
	// A caller that pages on must move forward, or it would never end.
	if x.IsTruncated && x.NextPartNumberMarker <= in.PartNumberMarker {
		return nil, badResponse(op, resp, "truncated ListPartsResult without a new NextPartNumberMarker", nil)
	}
	return out, nil
}

// ListUploadsPageInput filters the bucket's open uploads and says where the page starts.
type ListUploadsPageInput struct {
	Bucket, Prefix, Delimiter string
	KeyMarker, UploadIDMarker string
	MaxUploads                int // 1..1000; 0: the server's default (1000)
}

// ListUploadsPageOutput is one page. Keys (and markers) are decoded.
type ListUploadsPageOutput struct {
	Uploads                           []Upload
	CommonPrefixes                    []string
	IsTruncated                       bool
	NextKeyMarker, NextUploadIDMarker string
	Response
}

// ListUploadsPage lists one page of the bucket's open uploads (GET /?uploads). Keys are
// requested URL-encoded so that any byte survives the XML.
func (c *Client) ListUploadsPage(ctx context.Context, in *ListUploadsPageInput) (*ListUploadsPageOutput, error) {
	const op = "ListMultipartUploads"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := ValidateBucketName(in.Bucket); err != nil {
		return nil, err
	}
	if in.MaxUploads < 0 || in.MaxUploads > 1000 {
		return nil, &ArgumentError{Field: "MaxUploads", Reason: strconv.Itoa(in.MaxUploads) + " is outside 0..1000"}
	}
	q := map[string]string{"uploads": "", "encoding-type": "url"}
	for k, v := range map[string]string{"prefix": in.Prefix, "delimiter": in.Delimiter,
		"key-marker": in.KeyMarker, "upload-id-marker": in.UploadIDMarker} {
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
	var x listUploadsPageXML
	if err := xml.Unmarshal(data, &x); err != nil {
		return nil, badResponse(op, resp, "malformed ListMultipartUploadsResult", data)
	}
	decode := func(s string) string { return s }
	if strings.EqualFold(x.EncodingType, "url") {
		decode = unescapeQuery
	}
	out := &ListUploadsPageOutput{IsTruncated: x.IsTruncated, NextKeyMarker: decode(x.NextKeyMarker),
		NextUploadIDMarker: x.NextUploadIdMarker, Response: response(resp)}
	for _, u := range x.Uploads {
		out.Uploads = append(out.Uploads, Upload{Key: decode(u.Key), UploadID: u.UploadId, Initiated: parseISOTime(u.Initiated)})
	}
	for _, p := range x.CommonPrefixes {
		out.CommonPrefixes = append(out.CommonPrefixes, decode(p.Prefix))
	}
	if x.IsTruncated && out.NextKeyMarker == in.KeyMarker && out.NextUploadIDMarker == in.UploadIDMarker {
		return nil, badResponse(op, resp, "truncated ListMultipartUploadsResult without new markers", nil)
	}
	return out, nil
}

// listUploadsPageXML is listUploadsResultXML with the common prefixes a delimiter folds.
type listUploadsPageXML struct {
	listUploadsResultXML
	CommonPrefixes []struct {
		Prefix string
	}
}
