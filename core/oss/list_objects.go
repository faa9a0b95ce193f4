package oss

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// ListObjectsInput asks for one page of a bucket's objects (ListObjects, v1): keys after
// Marker that start with Prefix, keys sharing a part up to Delimiter folded into one common
// prefix. MaxKeys 0 takes the server's default (100); at most 1000.
type ListObjectsInput struct {
	Bucket, Prefix, Marker, Delimiter string
	MaxKeys                           int
}

// ObjectSummary is one object of a listing.
type ObjectSummary struct {
	Key              string
	ETag             string // with its quotes, as OSS sends it
	Type             string // Normal, Multipart, Appendable, Symlink
	StorageClass     string
	Size             int64
	LastModified     time.Time
	OwnerID          string
	OwnerDisplayName string
}

// ListObjectsOutput is one page: the objects, then the common prefixes, in key order. When
// IsTruncated, the next page starts after NextMarker.
type ListObjectsOutput struct {
	Objects        []ObjectSummary
	CommonPrefixes []string
	IsTruncated    bool
	NextMarker     string
	Response
}

type listObjectsResultXML struct {
	XMLName      xml.Name
	EncodingType string
	IsTruncated  bool
	NextMarker   string
	Contents     []struct {
		Key          string
		LastModified string
		ETag         string
		Type         string
		Size         int64
		StorageClass string
		Owner        struct {
			ID          string
			DisplayName string
		}
	}
	CommonPrefixes []struct {
		Prefix string
	}
}

// maxListBody bounds one listing page read (1000 entries of long keys fit easily).
const maxListBody = 16 << 20

// ListObjects lists one page (GET /?prefix=&marker=&delimiter=&max-keys=). Keys travel
// URL-encoded (encoding-type=url) so that a key holding bytes XML cannot carry still lists;
// the output holds them decoded.
func (c *Client) ListObjects(ctx context.Context, in *ListObjectsInput) (*ListObjectsOutput, error) {
	const op = "ListObjects"
	if in == nil {
		return nil, nilInput(op)
	}
	if err := ValidateBucketName(in.Bucket); err != nil {
		return nil, err
	}
	if in.MaxKeys < 0 || in.MaxKeys > 1000 {
		return nil, &ArgumentError{Field: "MaxKeys", Reason: strconv.Itoa(in.MaxKeys) + " is outside 0..1000"}
	}
	q := map[string]string{"encoding-type": "url"}
	setIf(q, "prefix", in.Prefix)
	setIf(q, "marker", in.Marker)
	setIf(q, "delimiter", in.Delimiter)
	if in.MaxKeys > 0 {
		q["max-keys"] = strconv.Itoa(in.MaxKeys)
	}
	resp, err := c.do(ctx, &request{op: op, method: http.MethodGet, bucket: in.Bucket, query: q})
	if err != nil {
		return nil, err
	}
	data, err := readBody(ctx, op, resp, maxListBody)
	if err != nil {
		return nil, err
	}
	var x listObjectsResultXML
	if err := xml.Unmarshal(data, &x); err != nil || x.XMLName.Local != "ListBucketResult" {
		return nil, badResponse(op, resp, "invalid server response: ListObjects answer is not a ListBucketResult", data)
	}
	dec := func(s string) (string, error) {
		if x.EncodingType != "url" {
			return s, nil
		}
		v, err := url.QueryUnescape(s)
		if err != nil {
			return "", badResponse(op, resp, "invalid server response: a url-encoded name does not decode", []byte(s))
		}
		return v, nil
	}
	out := &ListObjectsOutput{IsTruncated: x.IsTruncated, Response: response(resp)}
	if out.NextMarker, err = dec(x.NextMarker); err != nil {
		return nil, err
	}
	for _, o := range x.Contents {
		key, err := dec(o.Key)
		if err != nil {
			return nil, err
		}
		out.Objects = append(out.Objects, ObjectSummary{Key: key, ETag: o.ETag, Type: o.Type,
			StorageClass: o.StorageClass, Size: o.Size, LastModified: parseISOTime(o.LastModified),
			OwnerID: o.Owner.ID, OwnerDisplayName: o.Owner.DisplayName})
	}
	for _, p := range x.CommonPrefixes {
		v, err := dec(p.Prefix)
		if err != nil {
			return nil, err
		}
		out.CommonPrefixes = append(out.CommonPrefixes, v)
	}
	if out.IsTruncated && out.NextMarker == "" && len(out.Objects)+len(out.CommonPrefixes) > 0 {
		// v1 sends NextMarker only with a delimiter; without one the last key is the marker.
		if n := len(out.Objects); n > 0 {
			out.NextMarker = out.Objects[n-1].Key
		}
	}
	return out, nil
}

// setIf sets q[k] when v is not empty.
func setIf(q map[string]string, k, v string) {
	if v != "" {
		q[k] = v
	}
}
