package compat

import (
	"bytes"
	"context"
	"errors"
	"testing"

	oss "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	osdk "github.com/aliyun/aliyun-oss-go-sdk/oss"
)

// ossemu's CopyObject as both official Go SDKs call it: the copy holds the source's bytes and,
// by default, its metadata; REPLACE takes the request's; a missing source is NoSuchKey.
func TestSDKCopyObject(t *testing.T) {
	ctx := context.Background()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			src := "copy/src naïve+%.bin"
			_, data := randomFile(t, 40_000)
			b := e.v1Bucket(t, m.v4, e.key.Secret)
			if err := b.PutObject(src, bytes.NewReader(data), osdk.Meta("Who", "src"), osdk.ContentType("text/x-src")); err != nil {
				t.Fatal(err)
			}

			// v1, metadata copied.
			if _, err := b.CopyObject(src, "copy/v1 dst"); err != nil {
				t.Fatalf("v1 CopyObject: %v", err)
			}
			if got := readAllV1(t, b, "copy/v1 dst"); !bytes.Equal(got, data) {
				t.Fatalf("v1 copy holds %d bytes, not the source's %d", len(got), len(data))
			}
			meta, err := b.GetObjectDetailedMeta("copy/v1 dst")
			if err != nil {
				t.Fatal(err)
			}
			if meta.Get("X-Oss-Meta-Who") != "src" || meta.Get("Content-Type") != "text/x-src" {
				t.Fatalf("v1 COPY directive: meta %q, type %q", meta.Get("X-Oss-Meta-Who"), meta.Get("Content-Type"))
			}

			// v2, metadata replaced.
			c := e.v2Client(m.v4, e.key.Secret, "")
			res, err := c.CopyObject(ctx, &oss.CopyObjectRequest{Bucket: oss.Ptr(emuBucket), Key: oss.Ptr("copy/v2 dst"),
				SourceKey: oss.Ptr(src), MetadataDirective: oss.Ptr("REPLACE"), Metadata: map[string]string{"who": "v2"}})
			if err != nil {
				t.Fatalf("v2 CopyObject: %v", err)
			}
			if res.ETag == nil || *res.ETag == "" {
				t.Fatal("v2 CopyObject: no ETag in the result")
			}
			e.checkStored(t, "copy/v2 dst", data)
			head, err := c.HeadObject(ctx, &oss.HeadObjectRequest{Bucket: oss.Ptr(emuBucket), Key: oss.Ptr("copy/v2 dst")})
			if err != nil {
				t.Fatal(err)
			}
			if head.Metadata["Who"] != "v2" && head.Metadata["who"] != "v2" {
				t.Fatalf("v2 REPLACE directive: metadata %v", head.Metadata)
			}

			// Source gone.
			_, err = c.CopyObject(ctx, &oss.CopyObjectRequest{Bucket: oss.Ptr(emuBucket), Key: oss.Ptr("copy/x"), SourceKey: oss.Ptr("copy/absent")})
			var se *oss.ServiceError
			if !errors.As(err, &se) || se.Code != "NoSuchKey" {
				t.Fatalf("copy of a missing source: %v", err)
			}
		})
	}
}
