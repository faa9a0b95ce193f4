package oss_test

// Every operation against tests/ossemu, which verifies V1 and V4 signatures, over plain HTTP
// and TLS, with and without STS; then errors, transport failures, cancel, skew and logging.

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// The one test fixture's key, token, bucket and region (tests/ossemu/fixture.json).
var (
	testID     = ossemu.Fixture.AccessKeyID
	testSecret = ossemu.Fixture.AccessKeySecret
	testToken  = ossemu.Fixture.STSToken
	testBucket = ossemu.Fixture.Bucket
	testRegion = ossemu.Fixture.Region
)

// startEmu starts ossemu with the fixture (and whatever else opts asks for).
func startEmu(t *testing.T, opts ossemu.Options) *ossemu.Server {
	t.Helper()
	srv, err := ossemu.Start(opts.WithFixture())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return srv
}

// newClient points a client at srv; edit adjusts the configuration.
func newClient(t *testing.T, srv *ossemu.Server, edit func(*oss.Config)) *oss.Client {
	t.Helper()
	cfg := oss.Config{
		Endpoint:         srv.URL(),
		Region:           testRegion,
		SignatureVersion: 4,
		Credentials:      oss.StaticCredentials(testID, testSecret, ""),
	}
	if pem := srv.CACertPEM(); len(pem) > 0 {
		cfg.CAFile = filepath.Join(t.TempDir(), "ca.pem")
		if err := os.WriteFile(cfg.CAFile, pem, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if edit != nil {
		edit(&cfg)
	}
	c, err := oss.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// payload returns n deterministic bytes that differ per seed.
func payload(n int, seed byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7) ^ seed ^ byte(i>>9)
	}
	return b
}

// onlyReader hides every method but Read, as a hashing wrapper in the engine would.
type onlyReader struct{ r io.Reader }

func (o *onlyReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func wantServerError(t *testing.T, err error, status int, code string) *oss.Error {
	t.Helper()
	var e *oss.Error
	if !errors.As(err, &e) {
		t.Fatalf("got %T %v, want *oss.Error %d %s", err, err, status, code)
	}
	if e.StatusCode != status || (code != "" && e.Code != code) || e.RequestID == "" {
		t.Fatalf("got %d %q (request id %q), want %d %q: %v", e.StatusCode, e.Code, e.RequestID, status, code, err)
	}
	return e
}

func wantTransportError(t *testing.T, err error, kind oss.TransportKind) *oss.TransportError {
	t.Helper()
	var e *oss.TransportError
	if !errors.As(err, &e) || e.Kind != kind {
		t.Fatalf("got %T %v, want *oss.TransportError of kind %v", err, err, kind)
	}
	return e
}

func TestOperationsMatrix(t *testing.T) {
	for _, tls := range []bool{false, true} {
		srv := startEmu(t, ossemu.Options{TLS: tls})
		for _, version := range []int{1, 4} {
			for _, sts := range []bool{false, true} {
				name := map[bool]string{false: "http", true: "https"}[tls] + map[int]string{1: "/V1", 4: "/V4"}[version] +
					map[bool]string{false: "", true: "/STS"}[sts]
				t.Run(name, func(t *testing.T) {
					c := newClient(t, srv, func(cfg *oss.Config) {
						cfg.SignatureVersion = version
						if sts {
							cfg.Credentials = oss.StaticCredentials(testID, testSecret, testToken)
						}
					})
					exerciseOperations(t, srv, c, strings.ReplaceAll(name, "/", "-"))
				})
			}
		}
	}
}

func exerciseOperations(t *testing.T, srv *ossemu.Server, c *oss.Client, prefix string) {
	ctx := context.Background()
	key := prefix + "/dir/sub dir/a+b=c&d?e#f%g 中文 ~.txt"

	// Initiate with user headers; Content-Type comes from the key.
	h := http.Header{}
	h.Set("x-oss-meta-owner", "alice")
	h.Set("x-oss-storage-class", "Standard")
	h.Set("x-oss-forbid-overwrite", "false")
	h.Set("Cache-Control", "no-cache")
	ini, err := c.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: testBucket, Key: key, Header: h})
	if err != nil {
		t.Fatal(err)
	}
	if ini.UploadID == "" || ini.Bucket != testBucket || ini.RequestID == "" {
		t.Fatalf("initiate: %+v", ini)
	}

	// Three parts, uploaded out of order from readers that expose nothing but Read.
	sizes := []int{100 << 10, 150 << 10, 12345}
	parts := make([][]byte, len(sizes))
	var whole []byte
	for i, n := range sizes {
		parts[i] = payload(n, byte(i+1))
		whole = append(whole, parts[i]...)
	}
	done := make([]oss.CompletedPart, len(parts))
	for _, i := range []int{2, 0, 1} {
		out, err := c.UploadPart(ctx, &oss.UploadPartInput{Bucket: testBucket, Key: key, UploadID: ini.UploadID,
			PartNumber: i + 1, Body: &onlyReader{bytes.NewReader(parts[i])}, Size: int64(len(parts[i]))})
		if err != nil {
			t.Fatalf("part %d: %v", i+1, err)
		}
		if !out.HasCRC64 || out.CRC64 != crc64.Checksum(parts[i]) {
			t.Errorf("part %d: CRC-64 %d (present %v), want %d", i+1, out.CRC64, out.HasCRC64, crc64.Checksum(parts[i]))
		}
		if len(out.ETag) < 3 || out.ETag[0] != '"' || out.ETag[len(out.ETag)-1] != '"' {
			t.Errorf("part %d: ETag %q is not quoted", i+1, out.ETag)
		}
		done[i] = oss.CompletedPart{PartNumber: i + 1, ETag: out.ETag}
	}

	// ListParts with a page size of 2 must follow the pages.
	lp, err := c.ListParts(ctx, &oss.ListPartsInput{Bucket: testBucket, Key: key, UploadID: ini.UploadID, MaxParts: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(lp.Parts) != 3 {
		t.Fatalf("ListParts: %d parts, want 3", len(lp.Parts))
	}
	for i, p := range lp.Parts {
		if p.PartNumber != i+1 || p.Size != int64(sizes[i]) || p.ETag != done[i].ETag || p.LastModified.IsZero() {
			t.Errorf("ListParts part %d: %+v, want number %d size %d ETag %s", i, p, i+1, sizes[i], done[i].ETag)
		}
	}

	// A second upload of another key, then ListMultipartUploads in pages of one.
	other, err := c.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: testBucket, Key: prefix + "/other+key"})
	if err != nil {
		t.Fatal(err)
	}
	lu, err := c.ListMultipartUploads(ctx, &oss.ListMultipartUploadsInput{Bucket: testBucket, Prefix: prefix + "/", MaxUploads: 1})
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	for _, u := range lu.Uploads {
		found[u.Key] = u.UploadID
	}
	if len(lu.Uploads) != 2 || found[key] != ini.UploadID || found[prefix+"/other+key"] != other.UploadID {
		t.Errorf("ListMultipartUploads: %+v", lu.Uploads)
	}

	// Abort the second one; its upload id is then unknown.
	if _, err := c.AbortMultipartUpload(ctx, &oss.AbortInput{Bucket: testBucket, Key: prefix + "/other+key", UploadID: other.UploadID}); err != nil {
		t.Fatal(err)
	}
	_, err = c.ListParts(ctx, &oss.ListPartsInput{Bucket: testBucket, Key: prefix + "/other+key", UploadID: other.UploadID})
	if e := wantServerError(t, err, 404, "NoSuchUpload"); oss.IsRetryable(e) {
		t.Error("NoSuchUpload is retryable")
	}

	// Complete returns the whole object's CRC-64 and the raw XML.
	co, err := c.CompleteMultipartUpload(ctx, &oss.CompleteInput{Bucket: testBucket, Key: key, UploadID: ini.UploadID, Parts: done})
	if err != nil {
		t.Fatal(err)
	}
	if !co.HasCRC64 || co.CRC64 != crc64.Checksum(whole) {
		t.Errorf("Complete CRC-64 %d, want %d", co.CRC64, crc64.Checksum(whole))
	}
	if co.Key != key || co.Bucket != testBucket || !strings.HasSuffix(co.ETag, `-3"`) || !bytes.Contains(co.Body, []byte("CompleteMultipartUploadResult")) {
		t.Errorf("Complete: key %q bucket %q ETag %q body %q", co.Key, co.Bucket, co.ETag, co.Body)
	}
	if got, err := srv.Object(testBucket, key); err != nil || !bytes.Equal(got, whole) {
		t.Fatalf("stored object differs (%v)", err)
	}

	ho, err := c.HeadObject(ctx, &oss.HeadObjectInput{Bucket: testBucket, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	if ho.Size != int64(len(whole)) || ho.ContentType != "text/plain" || ho.ObjectType != "Multipart" ||
		ho.CRC64 != crc64.Checksum(whole) || ho.ETag != co.ETag || ho.LastModified.IsZero() ||
		ho.Header.Get("x-oss-meta-owner") != "alice" {
		t.Errorf("HeadObject: %+v", ho)
	}

	// GetObject, whole and a range.
	get := func(in *oss.GetObjectInput) []byte {
		t.Helper()
		out, err := c.GetObject(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		defer out.Body.Close()
		b, err := io.ReadAll(out.Body)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if b := get(&oss.GetObjectInput{Bucket: testBucket, Key: key}); !bytes.Equal(b, whole) {
		t.Error("GetObject returned other bytes")
	}
	if b := get(&oss.GetObjectInput{Bucket: testBucket, Key: key, HasRange: true, RangeStart: 100, RangeEnd: 199}); !bytes.Equal(b, whole[100:200]) {
		t.Errorf("ranged GetObject: %d bytes", len(b))
	}
	if b := get(&oss.GetObjectInput{Bucket: testBucket, Key: key, HasRange: true, RangeStart: int64(len(whole) - 10), RangeEnd: -1}); !bytes.Equal(b, whole[len(whole)-10:]) {
		t.Errorf("open-ended GetObject: %d bytes", len(b))
	}

	// PutObject, including an empty object.
	small := payload(5000, 9)
	po, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: prefix + "/small.json", Body: bytes.NewReader(small), Size: int64(len(small))})
	if err != nil {
		t.Fatal(err)
	}
	if !po.HasCRC64 || po.CRC64 != crc64.Checksum(small) || po.ETag == "" {
		t.Errorf("PutObject: %+v", po)
	}
	if _, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: prefix + "/empty"}); err != nil {
		t.Fatal(err)
	}
	if ho, err := c.HeadObject(ctx, &oss.HeadObjectInput{Bucket: testBucket, Key: prefix + "/small.json"}); err != nil ||
		ho.ContentType != "application/json" || ho.Size != 5000 {
		t.Errorf("HeadObject small: %+v %v", ho, err)
	}
	if ho, err := c.HeadObject(ctx, &oss.HeadObjectInput{Bucket: testBucket, Key: prefix + "/empty"}); err != nil || ho.Size != 0 {
		t.Errorf("HeadObject empty: %+v %v", ho, err)
	}

	// HEAD of a missing key: the error travels in x-oss-err.
	_, err = c.HeadObject(ctx, &oss.HeadObjectInput{Bucket: testBucket, Key: prefix + "/missing"})
	wantServerError(t, err, 404, "NoSuchKey")

	// Bucket life cycle.
	b := "b-" + strings.ToLower(strings.NewReplacer("/", "-", "_", "-").Replace(prefix))
	if _, err := c.PutBucket(ctx, &oss.BucketInput{Bucket: b}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: b, Key: "k", Body: strings.NewReader("x"), Size: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.DeleteBucket(ctx, &oss.BucketInput{Bucket: "no-such-bucket-here"}); err == nil {
		t.Error("DeleteBucket of a missing bucket succeeded")
	}
}
