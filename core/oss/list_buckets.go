package oss

import (
	"context"
	"encoding/xml"
	"net/http"
	"strconv"
	"time"
)

// ListBucketsInput asks for one page of the account's buckets (ListBuckets, GetService):
// names after Marker that start with Prefix. MaxKeys 0 takes the server's default (100); at
// most 1000.
type ListBucketsInput struct {
	Prefix, Marker string
	MaxKeys        int
}

// BucketSummary is one bucket of the listing.
type BucketSummary struct {
	Name             string
	CreationDate     time.Time
	Location         string
	Region           string
	StorageClass     string
	ExtranetEndpoint string
	IntranetEndpoint string
}

// ListBucketsOutput is one page in name order; when IsTruncated, the next starts after
// NextMarker.
type ListBucketsOutput struct {
	Buckets          []BucketSummary
	OwnerID          string
	OwnerDisplayName string
	IsTruncated      bool
	NextMarker       string
	Response
}

type listBucketsResultXML struct {
	XMLName     xml.Name
	IsTruncated bool
	NextMarker  string
	Owner       struct {
		ID          string
		DisplayName string
	}
	Buckets []struct {
		Name             string
		CreationDate     string
		Location         string
		Region           string
		StorageClass     string
		ExtranetEndpoint string
		IntranetEndpoint string
	} `xml:"Buckets>Bucket"`
}

// ListBuckets lists one page of buckets (GET / on the endpoint itself).
func (c *Client) ListBuckets(ctx context.Context, in *ListBucketsInput) (*ListBucketsOutput, error) {
	const op = "ListBuckets"
	if in == nil {
		return nil, nilInput(op)
	}
	if in.MaxKeys < 0 || in.MaxKeys > 1000 {
		return nil, &ArgumentError{Field: "MaxKeys", Reason: strconv.Itoa(in.MaxKeys) + " is outside 0..1000"}
	}
	q := map[string]string{}
	setIf(q, "prefix", in.Prefix)
	setIf(q, "marker", in.Marker)
	if in.MaxKeys > 0 {
		q["max-keys"] = strconv.Itoa(in.MaxKeys)
	}
	resp, err := c.do(ctx, &request{op: op, method: http.MethodGet, query: q})
	if err != nil {
		return nil, err
	}
	data, err := readBody(ctx, op, resp, maxListBody)
	if err != nil {
		return nil, err
	}
	var x listBucketsResultXML
	if err := xml.Unmarshal(data, &x); err != nil || x.XMLName.Local != "ListAllMyBucketsResult" {
		return nil, badResponse(op, resp, "invalid server response: ListBuckets answer is not a ListAllMyBucketsResult", data)
	}
	out := &ListBucketsOutput{OwnerID: x.Owner.ID, OwnerDisplayName: x.Owner.DisplayName,
		IsTruncated: x.IsTruncated, NextMarker: x.NextMarker, Response: response(resp)}
	for _, b := range x.Buckets {
		out.Buckets = append(out.Buckets, BucketSummary{Name: b.Name, CreationDate: parseISOTime(b.CreationDate),
			Location: b.Location, Region: b.Region, StorageClass: b.StorageClass,
			ExtranetEndpoint: b.ExtranetEndpoint, IntranetEndpoint: b.IntranetEndpoint})
	}
	return out, nil
}
