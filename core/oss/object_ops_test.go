package oss_test

// DeleteObject, CopyObject, ListObjects, ListBuckets, CreateBucket, Presign and the headers of
// GetObject/HeadObject against tests/ossemu, signed V1 and V4.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

var signModes = []struct {
	name string
	edit func(*oss.Config)
}{
	{"V4", nil},
	{"V1", func(c *oss.Config) { c.SignatureVersion = 1 }},
	{"V4+STS", func(c *oss.Config) { c.Credentials = oss.StaticCredentials(testID, testSecret, testToken) }},
	{"V1+STS", func(c *oss.Config) {
		c.SignatureVersion = 1
		c.Credentials = oss.StaticCredentials(testID, testSecret, testToken)
	}},
}

func put(t *testing.T, c *oss.Client, key string, data []byte, h http.Header) {
	t.Helper()
	if _, err := c.PutObject(context.Background(), &oss.PutObjectInput{Bucket: testBucket, Key: key,
		Body: bytes.NewReader(data), Size: int64(len(data)), Header: h}); err != nil {
		t.Fatalf("PutObject %q: %v", key, err)
	}
}

func serverCode(err error) string {
	var se *oss.Error
	if errors.As(err, &se) {
		return se.Code
	}
	return ""
}

func TestDeleteObject(t *testing.T) {
	for _, m := range signModes {
		t.Run(m.name, func(t *testing.T) {
			srv := startEmu(t, ossemu.Options{})
			c := newClient(t, srv, m.edit)
			ctx := context.Background()
			put(t, c, "del/a b+c", payload(1000, 1), nil)
			out, err := c.DeleteObject(ctx, &oss.DeleteObjectInput{Bucket: testBucket, Key: "del/a b+c"})
			if err != nil || out.StatusCode != 204 || out.RequestID == "" {
				t.Fatalf("DeleteObject: %+v, %v", out, err)
			}
			if _, err := srv.Object(testBucket, "del/a b+c"); err == nil {
				t.Fatal("the object is still stored")
			}
			// Deleting nothing succeeds, as OSS answers; a missing bucket does not.
			if _, err := c.DeleteObject(ctx, &oss.DeleteObjectInput{Bucket: testBucket, Key: "del/none"}); err != nil {
				t.Fatalf("delete of an absent key: %v", err)
			}
			if _, err := c.DeleteObject(ctx, &oss.DeleteObjectInput{Bucket: "no-such-bucket", Key: "k"}); serverCode(err) != "NoSuchBucket" {
				t.Fatalf("delete in a missing bucket: %v", err)
			}
		})
	}
}

func TestCopyObject(t *testing.T) {
	for _, m := range signModes {
		t.Run(m.name, func(t *testing.T) {
			srv := startEmu(t, ossemu.Options{})
			c := newClient(t, srv, m.edit)
			ctx := context.Background()
			data := payload(300_000, 2)
			put(t, c, "cp/src é+%/x", data, http.Header{"X-Oss-Meta-Who": {"src"}})
			out, err := c.CopyObject(ctx, &oss.CopyObjectInput{SourceBucket: testBucket, SourceKey: "cp/src é+%/x",
				Bucket: testBucket, Key: "cp/dst"})
			if err != nil {
				t.Fatalf("CopyObject: %v", err)
			}
			if out.ETag == "" || out.LastModified.IsZero() || !out.HasCRC64 || out.CRC64 != crc64.Checksum(data) {
				t.Fatalf("CopyObject output %+v", out)
			}
			if got, _ := srv.Object(testBucket, "cp/dst"); !bytes.Equal(got, data) {
				t.Fatalf("the copy holds %d bytes", len(got))
			}
			head, err := c.HeadObject(ctx, &oss.HeadObjectInput{Bucket: testBucket, Key: "cp/dst"})
			if err != nil || head.Header.Get("X-Oss-Meta-Who") != "src" {
				t.Fatalf("copied metadata: %v %v", head, err)
			}
			_, err = c.CopyObject(ctx, &oss.CopyObjectInput{SourceBucket: testBucket, SourceKey: "cp/none", Bucket: testBucket, Key: "cp/x"})
			if serverCode(err) != "NoSuchKey" {
				t.Fatalf("copy of a missing source: %v", err)
			}
			_, err = c.CopyObject(ctx, &oss.CopyObjectInput{SourceBucket: "Bad_Bucket", SourceKey: "k", Bucket: testBucket, Key: "cp/x"})
			var ae *oss.ArgumentError
			if !errors.As(err, &ae) || ae.Field != "source_bucket" {
				t.Fatalf("bad source bucket: %v", err)
			}
		})
	}
}

func TestListObjectsPage(t *testing.T) {
	for _, m := range signModes {
		t.Run(m.name, func(t *testing.T) {
			srv := startEmu(t, ossemu.Options{})
			c := newClient(t, srv, m.edit)
			ctx := context.Background()
			keys := []string{"l/a", "l/b <&>", "l/c d", "l/dir/1", "l/dir/2", "l/e+f", "m/other"}
			for i, k := range keys {
				put(t, c, k, payload(10+i, byte(i)), nil)
			}
			// Folded by the delimiter, paged two at a time.
			var gotKeys, gotPrefixes []string
			marker, pages := "", 0
			for {
				out, err := c.ListObjects(ctx, &oss.ListObjectsInput{Bucket: testBucket, Prefix: "l/", Delimiter: "/", Marker: marker, MaxKeys: 2})
				if err != nil {
					t.Fatalf("ListObjects: %v", err)
				}
				pages++
				for _, o := range out.Objects {
					gotKeys = append(gotKeys, o.Key)
					if o.Size <= 0 || o.ETag == "" || o.LastModified.IsZero() {
						t.Fatalf("object summary %+v", o)
					}
				}
				gotPrefixes = append(gotPrefixes, out.CommonPrefixes...)
				if !out.IsTruncated {
					break
				}
				if out.NextMarker == "" || pages > 10 {
					t.Fatalf("truncated page without a usable marker: %+v", out)
				}
				marker = out.NextMarker
			}
			if want := []string{"l/a", "l/b <&>", "l/c d", "l/e+f"}; !slices.Equal(gotKeys, want) {
				t.Fatalf("keys %q, want %q", gotKeys, want)
			}
			if !slices.Equal(gotPrefixes, []string{"l/dir/"}) || pages != 3 {
				t.Fatalf("prefixes %q in %d pages", gotPrefixes, pages)
			}
			if _, err := c.ListObjects(ctx, &oss.ListObjectsInput{Bucket: testBucket, MaxKeys: 1001}); err == nil {
				t.Fatal("max-keys 1001 accepted")
			}
		})
	}
}

func TestListBucketsAndCreate(t *testing.T) {
	for _, m := range signModes {
		t.Run(m.name, func(t *testing.T) {
			srv := startEmu(t, ossemu.Options{})
			c := newClient(t, srv, m.edit)
			ctx := context.Background()
			for _, in := range []*oss.CreateBucketInput{
				{Bucket: "lb-one"}, {Bucket: "lb-two", ACL: "public-read"}, {Bucket: "lb-three", StorageClass: "IA"},
			} {
				if _, err := c.CreateBucket(ctx, in); err != nil {
					t.Fatalf("CreateBucket %+v: %v", in, err)
				}
			}
			if _, err := c.CreateBucket(ctx, &oss.CreateBucketInput{Bucket: "lb-x", ACL: "everyone"}); err == nil {
				t.Fatal("ACL everyone accepted")
			}
			out, err := c.ListBuckets(ctx, &oss.ListBucketsInput{Prefix: "lb-", MaxKeys: 2})
			if err != nil {
				t.Fatalf("ListBuckets: %v", err)
			}
			var names []string
			for _, b := range out.Buckets {
				names = append(names, b.Name)
			}
			if !slices.Equal(names, []string{"lb-one", "lb-three"}) || !out.IsTruncated || out.NextMarker != "lb-three" || out.OwnerID == "" {
				t.Fatalf("first page %q truncated %v next %q owner %q", names, out.IsTruncated, out.NextMarker, out.OwnerID)
			}
			out, err = c.ListBuckets(ctx, &oss.ListBucketsInput{Prefix: "lb-", Marker: out.NextMarker})
			if err != nil || len(out.Buckets) != 1 || out.Buckets[0].Name != "lb-two" || out.IsTruncated {
				t.Fatalf("second page %+v, %v", out, err)
			}
			if _, err := c.DeleteBucket(ctx, &oss.BucketInput{Bucket: "lb-two"}); err != nil {
				t.Fatal(err)
			}
			out, _ = c.ListBuckets(ctx, &oss.ListBucketsInput{Prefix: "lb-t"})
			if len(out.Buckets) != 1 || out.Buckets[0].Name != "lb-three" {
				t.Fatalf("after DeleteBucket: %+v", out.Buckets)
			}
		})
	}
}

func TestPresign(t *testing.T) {
	for _, m := range signModes {
		t.Run(m.name, func(t *testing.T) {
			srv := startEmu(t, ossemu.Options{})
			c := newClient(t, srv, m.edit)
			ctx := context.Background()
			key := "ps/naïve file+%.txt"
			data := payload(5000, 3)
			put(t, c, key, data, nil)

			get, err := c.Presign(ctx, &oss.PresignInput{Bucket: testBucket, Key: key, Expires: time.Now().Add(time.Minute)})
			if err != nil {
				t.Fatalf("Presign GET: %v", err)
			}
			resp, err := http.Get(get)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 || !bytes.Equal(body, data) {
				t.Fatalf("GET %s: %d, %d bytes: %s", get, resp.StatusCode, len(body), body)
			}
			// An STS key's URL carries its token (which ossemu checks when present).
			if sts := strings.HasSuffix(m.name, "STS"); sts != strings.Contains(get, "security-token="+testToken) {
				t.Fatalf("STS %v, URL %s", sts, get)
			}

			// A PUT URL signed with its Content-Type; the uploader must send that type.
			put, err := c.Presign(ctx, &oss.PresignInput{Method: http.MethodPut, Bucket: testBucket, Key: "ps/up",
				Expires: time.Now().Add(time.Minute), Header: http.Header{"Content-Type": {"text/plain"}}})
			if err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest(http.MethodPut, put, strings.NewReader("hello"))
			req.Header.Set("Content-Type", "text/plain")
			resp, err = http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if got, _ := srv.Object(testBucket, "ps/up"); resp.StatusCode != 200 || string(got) != "hello" {
				t.Fatalf("presigned PUT: %d, stored %q", resp.StatusCode, got)
			}

			// A tampered URL is refused.
			bad := strings.Replace(get, "ps%2Fna", "ps%2Fnb", 1)
			resp, err = http.Get(bad)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 403 {
				t.Fatalf("tampered URL answered %d", resp.StatusCode)
			}
			if _, err := c.Presign(ctx, &oss.PresignInput{Bucket: testBucket, Key: key, Method: "PATCH", Expires: time.Now().Add(time.Minute)}); err == nil {
				t.Fatal("PATCH accepted")
			}
		})
	}
}

// An expired V1 URL is refused by the server; V4 refuses to sign one at all.
func TestPresignExpired(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	ctx := context.Background()
	c1 := newClient(t, srv, signModes[1].edit)
	put(t, c1, "ps/old", []byte("x"), nil)
	u, err := c1.Presign(ctx, &oss.PresignInput{Bucket: testBucket, Key: "ps/old", Expires: time.Now().Add(-time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Fatalf("expired V1 URL answered %d", resp.StatusCode)
	}
	c4 := newClient(t, srv, nil)
	if _, err := c4.Presign(ctx, &oss.PresignInput{Bucket: testBucket, Key: "ps/old", Expires: time.Now().Add(-time.Minute)}); err == nil {
		t.Fatal("V4 signed an URL that expired already")
	}
}

// GetObject and HeadObject send the caller's headers and query.
func TestGetHeadHeaders(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	c := newClient(t, srv, nil)
	ctx := context.Background()
	put(t, c, "gh/k", payload(100, 4), nil)
	_, err := c.GetObject(ctx, &oss.GetObjectInput{Bucket: testBucket, Key: "gh/k", Header: http.Header{"If-Match": {`"nope"`}}})
	if serverCode(err) != "PreconditionFailed" {
		t.Fatalf("GET with a failing If-Match: %v", err)
	}
	out, err := c.GetObject(ctx, &oss.GetObjectInput{Bucket: testBucket, Key: "gh/k", Header: http.Header{"Range": {"bytes=10-19"}}})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(out.Body)
	out.Body.Close()
	if !bytes.Equal(b, payload(100, 4)[10:20]) {
		t.Fatalf("Range from the caller's headers: %d bytes", len(b))
	}
	if _, err := c.GetObject(ctx, &oss.GetObjectInput{Bucket: testBucket, Key: "gh/k", Header: http.Header{"Bad Name": {"x"}}}); err == nil {
		t.Fatal("a header name with a space was sent")
	}
}
