package compat

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	osdk "github.com/aliyun/aliyun-oss-go-sdk/oss"
)

// v1Bucket is the official Go SDK v1 pointed at the server, signing V1 or V4.
func (e *emu) v1Bucket(t *testing.T, v4 bool, secret string, opts ...osdk.ClientOption) *osdk.Bucket {
	t.Helper()
	return e.v1BucketAt(t, e.srv.URL(), v4, secret, opts...)
}

func (e *emu) v1BucketAt(t *testing.T, endpoint string, v4 bool, secret string, opts ...osdk.ClientOption) *osdk.Bucket {
	t.Helper()
	opts = append(opts, osdk.HTTPClient(e.client))
	if v4 {
		opts = append(opts, osdk.AuthVersion(osdk.AuthV4), osdk.Region(emuRegion))
	}
	client, err := osdk.New(endpoint, e.key.ID, secret, opts...)
	if err != nil {
		t.Fatal(err)
	}
	b, err := client.Bucket(emuBucket)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readAllV1(t *testing.T, b *osdk.Bucket, key string) []byte {
	t.Helper()
	r, err := b.GetObject(key)
	if err != nil {
		t.Fatalf("GetObject %q: %v", key, err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("read %q: %v", key, err)
	}
	return got
}

func TestSDKv1PutGet(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			b := e.v1Bucket(t, m.v4, e.key.Secret)
			for _, key := range []string{"small.txt", "dir/sub/naïve 文件+%.bin", "a//b/../c~"} {
				_, data := randomFile(t, 70_001)
				if err := b.PutObject(key, bytes.NewReader(data), osdk.Meta("Who", "v1")); err != nil {
					t.Fatalf("PutObject %q: %v", key, err)
				}
				if got := readAllV1(t, b, key); !bytes.Equal(got, data) {
					t.Fatalf("GetObject %q: %d bytes differ from the %d sent", key, len(got), len(data))
				}
				e.checkStored(t, key, data)
				meta, err := b.GetObjectDetailedMeta(key)
				if err != nil {
					t.Fatal(err)
				}
				if meta.Get("X-Oss-Meta-Who") != "v1" || meta.Get("X-Oss-Object-Type") != "Normal" {
					t.Fatalf("HEAD %q: meta %q, type %q", key, meta.Get("X-Oss-Meta-Who"), meta.Get("X-Oss-Object-Type"))
				}
				r, err := b.GetObject(key, osdk.Range(100, 199))
				if err != nil {
					t.Fatal(err)
				}
				part, _ := io.ReadAll(r)
				r.Close()
				if !bytes.Equal(part, data[100:200]) {
					t.Fatalf("Range 100-199 of %q: got %d bytes, not the slice", key, len(part))
				}
			}
		})
	}
}

func TestSDKv1UploadFileWithCheckpoint(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			b := e.v1Bucket(t, m.v4, e.key.Secret)
			path, data := randomFile(t, 5*100<<10-12345) // five 100 KiB parts, the last short
			cp := filepath.Join(t.TempDir(), "upload.cp")
			key := "resume/obj.bin"

			// Part 5 fails once: with a checkpoint the SDK keeps the upload for a later run. One
			// routine, so parts 1-4 are done (and checkpointed) when it fails.
			if err := e.srv.AddFault("op=UploadPart,part=5,status=500,times=1"); err != nil {
				t.Fatal(err)
			}
			err := b.UploadFile(key, path, 100<<10, osdk.Routines(1), osdk.Checkpoint(true, cp), osdk.Meta("Run", "1"))
			var se osdk.ServiceError
			if !errors.As(err, &se) || se.StatusCode != 500 {
				t.Fatalf("first UploadFile: %v, want the injected 500", err)
			}
			if ups := e.srv.OpenUploads(emuBucket); len(ups) != 1 || len(ups[0].Parts) != 4 {
				t.Fatalf("after the failure the server holds %+v, want one upload with parts 1-4", ups)
			}
			// The SDK may not have recorded the last part before it saw the failure, so the
			// parts to re-send are the ones its checkpoint lacks: exactly those must go again.
			todo := v1PartsToDo(t, cp)
			if !slices.Contains(todo, 5) || len(todo) > 2 {
				t.Fatalf("checkpoint leaves parts %v to do, want 5 (and at most one in flight)", todo)
			}
			e.srv.ResetLog()
			if err := b.UploadFile(key, path, 100<<10, osdk.Routines(3), osdk.Checkpoint(true, cp), osdk.Meta("Run", "1")); err != nil {
				t.Fatalf("resumed UploadFile: %v", err)
			}
			_, parts := e.count("UploadPart", key)
			slices.Sort(parts)
			if !slices.Equal(parts, todo) {
				t.Fatalf("the resumed run sent parts %v, want %v", parts, todo)
			}
			if n, _ := e.count("CompleteMultipartUpload", key); n != 1 {
				t.Fatalf("%d Completes, want 1", n)
			}
			if got := readAllV1(t, b, key); !bytes.Equal(got, data) {
				t.Fatal("object read back differs from the file")
			}
			e.checkStored(t, key, data)
			meta, err := b.GetObjectDetailedMeta(key)
			if err != nil {
				t.Fatal(err)
			}
			if meta.Get("X-Oss-Object-Type") != "Multipart" || meta.Get("X-Oss-Meta-Run") != "1" ||
				!strings.HasSuffix(meta.Get("ETag"), "-5\"") {
				t.Fatalf("HEAD after UploadFile: type %q, meta %q, ETag %q", meta.Get("X-Oss-Object-Type"), meta.Get("X-Oss-Meta-Run"), meta.Get("ETag"))
			}
			if len(e.srv.OpenUploads(emuBucket)) != 0 {
				t.Fatal("an upload is still open after Complete")
			}
		})
	}
}

func TestSDKv1ListPartsAndAbort(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			b := e.v1Bucket(t, m.v4, e.key.Secret)
			key := "list/parts.bin"
			imur, err := b.InitiateMultipartUpload(key)
			if err != nil {
				t.Fatal(err)
			}
			_, data := randomFile(t, 3*100<<10)
			var etags []string
			for n := 1; n <= 3; n++ {
				chunk := data[(n-1)*100<<10 : n*100<<10]
				p, err := b.UploadPart(imur, bytes.NewReader(chunk), int64(len(chunk)), n)
				if err != nil {
					t.Fatalf("UploadPart %d: %v", n, err)
				}
				etags = append(etags, p.ETag)
			}
			var listed []int
			marker := 0
			for {
				res, err := b.ListUploadedParts(imur, osdk.MaxParts(2), osdk.PartNumberMarker(marker))
				if err != nil {
					t.Fatal(err)
				}
				for _, p := range res.UploadedParts {
					listed = append(listed, p.PartNumber)
					if p.ETag != etags[p.PartNumber-1] || p.Size != 100<<10 {
						t.Fatalf("part %d listed with ETag %s size %d, uploaded %s", p.PartNumber, p.ETag, p.Size, etags[p.PartNumber-1])
					}
				}
				if !res.IsTruncated {
					break
				}
				marker = mustAtoi(t, res.NextPartNumberMarker)
			}
			if !slices.Equal(listed, []int{1, 2, 3}) {
				t.Fatalf("listed parts %v, want 1 2 3 over two pages", listed)
			}
			ups, err := b.ListMultipartUploads()
			if err != nil || len(ups.Uploads) != 1 || ups.Uploads[0].UploadID != imur.UploadID {
				t.Fatalf("ListMultipartUploads: %+v, %v", ups.Uploads, err)
			}
			if err := b.AbortMultipartUpload(imur); err != nil {
				t.Fatal(err)
			}
			ups, err = b.ListMultipartUploads()
			if err != nil || len(ups.Uploads) != 0 {
				t.Fatalf("after Abort: %+v, %v", ups.Uploads, err)
			}
			_, err = b.ListUploadedParts(imur)
			var se osdk.ServiceError
			if !errors.As(err, &se) || se.Code != "NoSuchUpload" || se.StatusCode != 404 {
				t.Fatalf("ListParts after Abort: %v, want 404 NoSuchUpload", err)
			}
		})
	}
}

func TestSDKv1WrongSecretRefused(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			b := e.v1Bucket(t, m.v4, "not-the-secret")
			err := b.PutObject("refused.txt", strings.NewReader("x"))
			var se osdk.ServiceError
			if !errors.As(err, &se) || se.StatusCode != 403 || se.Code != "SignatureDoesNotMatch" || se.RequestID == "" {
				t.Fatalf("PutObject with a wrong secret: %v, want 403 SignatureDoesNotMatch with a request id", err)
			}
			if _, err := e.srv.Object(emuBucket, "refused.txt"); err == nil {
				t.Fatal("the refused object was stored")
			}
		})
	}
}

func TestSDKv1STSToken(t *testing.T) {
	for _, m := range modes[:2] {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			good := e.v1Bucket(t, m.v4, e.key.Secret, osdk.SecurityToken(emuToken))
			if err := good.PutObject("sts.txt", strings.NewReader("token")); err != nil {
				t.Fatalf("PutObject with the configured STS token: %v", err)
			}
			bad := e.v1Bucket(t, m.v4, e.key.Secret, osdk.SecurityToken("other-token"))
			err := bad.PutObject("sts.txt", strings.NewReader("token"))
			var se osdk.ServiceError
			if !errors.As(err, &se) || se.StatusCode != 403 {
				t.Fatalf("PutObject with an unknown STS token: %v, want 403", err)
			}
		})
	}
}

// v1PartsToDo reads the SDK's checkpoint file (oss-protocol.md §4.4) for the parts not done.
func v1PartsToDo(t *testing.T, path string) []int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no checkpoint after the failed run: %v", err)
	}
	var cp struct {
		Parts []struct {
			Chunk       struct{ Number int }
			IsCompleted bool
		}
	}
	if err := json.Unmarshal(data, &cp); err != nil {
		t.Fatal(err)
	}
	var todo []int
	for _, p := range cp.Parts {
		if !p.IsCompleted {
			todo = append(todo, p.Chunk.Number)
		}
	}
	slices.Sort(todo)
	return todo
}

func TestSDKv1VirtualHosted(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			b := e.v1BucketAt(t, e.localhostURL(), m.v4, e.key.Secret)
			path, data := randomFile(t, 250_000)
			key := "vhost/dir/file.bin"
			if err := b.UploadFile(key, path, 100<<10, osdk.Routines(2)); err != nil {
				t.Fatalf("UploadFile virtual-hosted: %v", err)
			}
			if got := readAllV1(t, b, key); !bytes.Equal(got, data) {
				t.Fatal("object read back differs from the file")
			}
			e.checkStored(t, key, data)
		})
	}
}
