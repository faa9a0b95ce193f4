package compat

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	osdk "github.com/aliyun/aliyun-oss-go-sdk/oss"
)

// ossemu serves ranged GETs as OSS does (206, Content-Range, the whole object's
// x-oss-hash-crc64ecma, ETag, If-Match) when the official downloaders, which combine their
// parts' CRC-64 and compare it with the object's, fetch a multipart object through it with a
// fault on one range, resume from their checkpoints and end with identical bytes.

// rangeGETs counts the GetObject requests with a Range the server answered 206.
func (e *emu) rangeGETs(key string) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Op == "GetObject" && r.Key == key && r.Range != "" && r.Status == 206 {
			n++
		}
	}
	return n
}

func TestSDKv1DownloadFile(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			b := e.v1Bucket(t, m.v4, e.key.Secret)
			path, data := randomFile(t, 9*100<<10+4321)
			key := "v1/download.bin"
			if err := b.UploadFile(key, path, 100<<10, osdk.Routines(3)); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "out.bin")
			cp := out + ".cp"
			// The range at 500 KiB is refused once: DownloadFile fails and keeps its checkpoint.
			if err := e.srv.AddFault("op=GetObject,range-start=512000,status=403,code=AccessDenied,times=1"); err != nil {
				t.Fatal(err)
			}
			err := b.DownloadFile(key, out, 100<<10, osdk.Routines(1), osdk.Checkpoint(true, cp))
			if err == nil {
				t.Fatal("first DownloadFile succeeded through the injected 403")
			}
			e.srv.ResetLog()
			if err := b.DownloadFile(key, out, 100<<10, osdk.Routines(3), osdk.Checkpoint(true, cp)); err != nil {
				t.Fatalf("resumed DownloadFile: %v", err)
			}
			got, err := os.ReadFile(out)
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("downloaded %d bytes (%v), want %d identical", len(got), err, len(data))
			}
			// Range 6 was refused; up to 5 were done before it (the SDK records them
			// asynchronously): the resume fetches 6..10 and perhaps some before.
			if n := e.rangeGETs(key); n < 5 || n >= 10 {
				t.Errorf("resumed DownloadFile fetched %d ranges, want 5..9", n)
			}
		})
	}
}

func TestSDKv2Downloader(t *testing.T) {
	ctx := context.Background()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			c := e.v2Client(m.v4, e.key.Secret, "")
			path, data := randomFile(t, 9*100<<10+4321)
			key := "v2/download.bin"
			up := c.NewUploader(func(o *oss.UploaderOptions) { o.PartSize = 100 << 10 })
			if _, err := up.UploadFile(ctx, &oss.PutObjectRequest{Bucket: oss.Ptr(emuBucket), Key: oss.Ptr(key)}, path); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(t.TempDir(), "out.bin")
			cpDir := t.TempDir()
			if err := e.srv.AddFault("op=GetObject,range-start=512000,status=403,code=AccessDenied,times=1"); err != nil {
				t.Fatal(err)
			}
			dl := c.NewDownloader(func(o *oss.DownloaderOptions) {
				o.PartSize = 100 << 10
				o.ParallelNum = 1
				o.EnableCheckpoint = true
				o.CheckpointDir = cpDir
			})
			req := &oss.GetObjectRequest{Bucket: oss.Ptr(emuBucket), Key: oss.Ptr(key)}
			if _, err := dl.DownloadFile(ctx, req, out); err == nil {
				t.Fatal("first DownloadFile succeeded through the injected 403")
			}
			e.srv.ResetLog()
			if _, err := dl.DownloadFile(ctx, req, out); err != nil {
				t.Fatalf("resumed DownloadFile: %v", err)
			}
			got, err := os.ReadFile(out)
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("downloaded %d bytes (%v), want %d identical", len(got), err, len(data))
			}
			if n := e.rangeGETs(key); n >= 10 {
				t.Errorf("resumed DownloadFile fetched %d ranges: it did not resume", n)
			}
		})
	}
}
