package oss

import (
	"context"
	"encoding/xml"
	"net/http"
	"sort"
	"strconv"
)

// ListParts lists every uploaded part of an upload (GET /key?uploadId=ID), following all
// pages, in ascending part order.
func (c *Client) ListParts(ctx context.Context, in *ListPartsInput) (*ListPartsOutput, error) {
	const op = "ListParts"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := checkUpload(in.Bucket, in.Key, in.UploadID); err != nil {
		return nil, err
	}
	if in.MaxParts < 0 || in.MaxParts > 1000 {
		return nil, &ArgumentError{Field: "MaxParts", Reason: "must be 0..1000"}
	}
	if in.MaxPages < 0 {
		return nil, &ArgumentError{Field: "MaxPages", Reason: "must not be negative"}
	}
	out := &ListPartsOutput{}
	marker := 0
	for page := 1; ; page++ {
		// Asked for explicitly: a server's smaller default would take more pages.
		q := map[string]string{"uploadId": in.UploadID, "max-parts": "1000"}
		if in.MaxParts > 0 {
			q["max-parts"] = strconv.Itoa(in.MaxParts)
		}
		if marker > 0 {
			q["part-number-marker"] = strconv.Itoa(marker)
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
		for _, p := range x.Parts {
			part := Part{PartNumber: p.PartNumber, ETag: p.ETag, Size: p.Size, LastModified: parseISOTime(p.LastModified)}
			part.CRC64, part.HasCRC64 = parseCRC64(p.HashCrc64ecma)
			out.Parts = append(out.Parts, part)
		}
		out.Response = response(resp)
		if !x.IsTruncated {
			break
		}
		// A truncated page must move the marker forward and stay within OSS's part numbers,
		// and the pages must end: otherwise this loop would never end.
		switch {
		case x.NextPartNumberMarker <= marker:
			return nil, badResponse(op, resp, "truncated ListPartsResult without a new NextPartNumberMarker", nil)
		case x.NextPartNumberMarker >= MaxPartNumber:
			return nil, badResponse(op, resp, "truncated ListPartsResult past part "+strconv.Itoa(MaxPartNumber), nil)
		case len(out.Parts) > MaxPartNumber:
			return nil, badResponse(op, resp, "ListPartsResult lists more than "+strconv.Itoa(MaxPartNumber)+" parts", nil)
		case in.MaxPages > 0 && page >= in.MaxPages:
			out.Truncated = true
			return sortParts(out), nil
		case page >= MaxListPages:
			return nil, badResponse(op, resp, "ListPartsResult still truncated after "+strconv.Itoa(MaxListPages)+" pages", nil)
		}
		marker = x.NextPartNumberMarker
	}
	return sortParts(out), nil
}

func sortParts(out *ListPartsOutput) *ListPartsOutput {
	sort.Slice(out.Parts, func(i, j int) bool { return out.Parts[i].PartNumber < out.Parts[j].PartNumber })
	return out
}
