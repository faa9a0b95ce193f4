package oss_test

// Answers a hostile or broken server gives (issue 12): each must end in a typed error naming
// what is wrong, never in a success and never in an endless loop.

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// startUpload initiates an upload of "k" and sends one part; it returns the upload id and ETag.
func startUpload(t *testing.T, c *oss.Client) (string, string) {
	t.Helper()
	ctx := context.Background()
	ini, err := c.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: testBucket, Key: "k"})
	if err != nil {
		t.Fatal(err)
	}
	up, err := c.UploadPart(ctx, &oss.UploadPartInput{Bucket: testBucket, Key: "k", UploadID: ini.UploadID,
		PartNumber: 1, Body: bytes.NewReader([]byte("hello")), Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	return ini.UploadID, up.ETag
}

func wantCode(t *testing.T, err error, code string) *oss.Error {
	t.Helper()
	var oe *oss.Error
	if !errors.As(err, &oe) || oe.Code != code {
		t.Fatalf("err = %v, want an *oss.Error with code %s", err, code)
	}
	return oe
}

// Complete answered 200 OK with an <Error> body (OSS sends the status before it assembles) is a
// server error naming the code, retryable as that code is.
func TestCompleteOKWithErrorBody(t *testing.T) {
	srv := startEmu(t, ossemu.Options{Faults: []string{"op=Complete,status=200,code=InternalError,message=assembly failed"}})
	c := newClient(t, srv, nil)
	id, etag := startUpload(t, c)
	out, err := c.CompleteMultipartUpload(context.Background(), &oss.CompleteInput{Bucket: testBucket, Key: "k",
		UploadID: id, Parts: []oss.CompletedPart{{PartNumber: 1, ETag: etag}}})
	oe := wantCode(t, err, "InternalError")
	if out != nil || oe.StatusCode != 200 || !strings.Contains(oe.Message, "assembly failed") || oe.RequestID == "" || !oss.IsRetryable(err) {
		t.Fatalf("out %v, err %#v", out, oe)
	}
}

// A CRC-64 header that is there but unreadable is an InvalidResponse error on every answer that
// carries one; a missing one is reported as missing (HasCRC64 false), for the caller to make good.
func TestGarbageCRCHeader(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	c := newClient(t, srv, nil)
	ctx := context.Background()
	id, etag := startUpload(t, c)
	srv.AddFault("garbage-crc")
	_, err := c.UploadPart(ctx, &oss.UploadPartInput{Bucket: testBucket, Key: "k", UploadID: id,
		PartNumber: 2, Body: bytes.NewReader([]byte("x")), Size: 1})
	if oe := wantCode(t, err, "InvalidResponse"); !strings.Contains(oe.Message, "x-oss-hash-crc64ecma") {
		t.Fatalf("message %q does not name the header", oe.Message)
	}
	_, err = c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: "p", Body: bytes.NewReader([]byte("x")), Size: 1})
	wantCode(t, err, "InvalidResponse")
	_, err = c.CompleteMultipartUpload(ctx, &oss.CompleteInput{Bucket: testBucket, Key: "k", UploadID: id,
		Parts: []oss.CompletedPart{{PartNumber: 1, ETag: etag}}})
	wantCode(t, err, "InvalidResponse")
	_, err = c.HeadObject(ctx, &oss.HeadObjectInput{Bucket: testBucket, Key: "k"})
	wantCode(t, err, "InvalidResponse")

	srv.ClearFaults()
	srv.AddFault("no-crc")
	put, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: "p", Body: bytes.NewReader([]byte("x")), Size: 1})
	if err != nil || put.HasCRC64 {
		t.Fatalf("no-crc PutObject: %+v, %v; want success without a CRC", put, err)
	}
}

// A 200 answer to UploadPart without an ETag is an invalid server response (Complete could not
// name the part), not a success and not a library bug; likewise a Complete 200 whose body is no
// CompleteMultipartUploadResult.
func TestMissingETagAndEmptyComplete(t *testing.T) {
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-oss-request-id", "RID")
		w.WriteHeader(200) // no ETag, no body
	}))
	defer hs.Close()
	c, err := oss.New(oss.Config{Endpoint: hs.URL, Region: testRegion, Credentials: oss.StaticCredentials(testID, testSecret, "")})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	_, err = c.UploadPart(ctx, &oss.UploadPartInput{Bucket: testBucket, Key: "k", UploadID: "u", PartNumber: 1,
		Body: bytes.NewReader([]byte("x")), Size: 1})
	if oe := wantCode(t, err, "InvalidResponse"); !strings.Contains(oe.Message, "invalid server response") || oe.RequestID != "RID" {
		t.Fatalf("%#v", oe)
	}
	_, err = c.CompleteMultipartUpload(ctx, &oss.CompleteInput{Bucket: testBucket, Key: "k", UploadID: "u",
		Parts: []oss.CompletedPart{{PartNumber: 1, ETag: `"E"`}}})
	wantCode(t, err, "InvalidResponse")
}

// Listings whose marker creeps by one each page end in an InvalidResponse error within
// MaxListPages requests, and MaxPages stops early without one.
func TestCreepingListsEnd(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	c := newClient(t, srv, nil)
	ctx := context.Background()
	id, _ := startUpload(t, c)
	srv.AddFault("op=ListParts|ListMultipartUploads,creep-marker")
	srv.ResetLog()
	start := time.Now()
	_, err := c.ListParts(ctx, &oss.ListPartsInput{Bucket: testBucket, Key: "k", UploadID: id})
	wantCode(t, err, "InvalidResponse")
	_, err = c.ListMultipartUploads(ctx, &oss.ListMultipartUploadsInput{Bucket: testBucket, Prefix: "k"})
	wantCode(t, err, "InvalidResponse")
	if n := len(srv.Requests()); n > 2*oss.MaxListPages {
		t.Fatalf("%d list requests, want at most %d", n, 2*oss.MaxListPages)
	}
	srv.ResetLog()
	lu, err := c.ListMultipartUploads(ctx, &oss.ListMultipartUploadsInput{Bucket: testBucket, Prefix: "k", MaxPages: 3})
	if err != nil || !lu.Truncated || len(srv.Requests()) != 3 {
		t.Fatalf("MaxPages 3: %+v, %v, %d requests", lu, err, len(srv.Requests()))
	}
	lp, err := c.ListParts(ctx, &oss.ListPartsInput{Bucket: testBucket, Key: "k", UploadID: id, MaxPages: 1})
	if err != nil || !lp.Truncated || len(lp.Parts) != 1 {
		t.Fatalf("MaxPages 1: %+v, %v", lp, err)
	}
	t.Logf("creeping listings ended in %v", time.Since(start))
}
