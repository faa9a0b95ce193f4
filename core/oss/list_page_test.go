package oss_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// One page at a time, as the C SDK's list calls hand them out: markers move on, the last page
// says so, keys come back decoded, bad page sizes are refused before any request, and a
// truncated page that does not move its marker is an error rather than a loop.
func TestListPages(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	c := newClient(t, srv, nil)
	ctx := context.Background()
	key := "pages/obj"
	up, err := c.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: testBucket, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n <= 3; n++ {
		data := payload(1000+n, byte(n))
		if _, err := c.UploadPart(ctx, &oss.UploadPartInput{Bucket: testBucket, Key: key, UploadID: up.UploadID,
			PartNumber: n, Body: bytes.NewReader(data), Size: int64(len(data))}); err != nil {
			t.Fatal(err)
		}
	}

	var got []int
	marker := 0
	for page := 0; page < 5; page++ {
		out, err := c.ListPartsPage(ctx, &oss.ListPartsPageInput{Bucket: testBucket, Key: key,
			UploadID: up.UploadID, PartNumberMarker: marker, MaxParts: 2})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range out.Parts {
			got = append(got, p.PartNumber)
			if p.Size != int64(1000+p.PartNumber) || p.ETag == "" || !p.HasCRC64 || p.LastModified.IsZero() {
				t.Errorf("part %+v", p)
			}
		}
		if !out.IsTruncated {
			break
		}
		marker = out.NextPartNumberMarker
	}
	if len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 3 {
		t.Errorf("parts over the pages = %v, want [1 2 3]", got)
	}

	// Uploads: three keys under a prefix, one with a space and one with a non-ASCII byte.
	keys := []string{"pages/u/a", "pages/u/b c", "pages/u/d\u00e9"}
	ids := map[string]string{}
	for _, k := range keys {
		out, err := c.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: testBucket, Key: k})
		if err != nil {
			t.Fatal(err)
		}
		ids[k] = out.UploadID
	}
	var listed []string
	in := &oss.ListUploadsPageInput{Bucket: testBucket, Prefix: "pages/u/", MaxUploads: 2}
	for page := 0; page < 5; page++ {
		out, err := c.ListUploadsPage(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range out.Uploads {
			listed = append(listed, u.Key)
			if ids[u.Key] != u.UploadID {
				t.Errorf("upload %+v: want id %s", u, ids[u.Key])
			}
		}
		if !out.IsTruncated {
			break
		}
		in.KeyMarker, in.UploadIDMarker = out.NextKeyMarker, out.NextUploadIDMarker
	}
	if strings.Join(listed, "|") != strings.Join(keys, "|") {
		t.Errorf("uploads over the pages = %q, want %q", listed, keys)
	}
	// A delimiter folds keys into common prefixes.
	out, err := c.ListUploadsPage(ctx, &oss.ListUploadsPageInput{Bucket: testBucket, Prefix: "pages/", Delimiter: "/"})
	if err != nil {
		t.Fatal(err)
	}
	if len(out.CommonPrefixes) != 1 || out.CommonPrefixes[0] != "pages/u/" {
		t.Errorf("common prefixes = %q, want [pages/u/]", out.CommonPrefixes)
	}

	// Refused before any request.
	before := len(srv.Requests())
	var ae *oss.ArgumentError
	if _, err := c.ListPartsPage(ctx, &oss.ListPartsPageInput{Bucket: testBucket, Key: key, UploadID: up.UploadID, MaxParts: 1001}); !errors.As(err, &ae) {
		t.Errorf("MaxParts 1001: %v", err)
	}
	if _, err := c.ListPartsPage(ctx, &oss.ListPartsPageInput{Bucket: testBucket, Key: key}); !errors.As(err, &ae) {
		t.Errorf("no upload id: %v", err)
	}
	if _, err := c.ListUploadsPage(ctx, &oss.ListUploadsPageInput{Bucket: testBucket, MaxUploads: -1}); !errors.As(err, &ae) {
		t.Errorf("MaxUploads -1: %v", err)
	}
	if n := len(srv.Requests()); n != before {
		t.Errorf("%d requests sent for refused input", n-before)
	}
}
