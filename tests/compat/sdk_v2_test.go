package compat

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
)

// v2Client is the official Go SDK v2 pointed at the server; it signs V4 unless told V1.
func (e *emu) v2Client(v4 bool, secret, token string) *oss.Client {
	return e.v2ClientAt(e.srv.URL(), v4, secret, token)
}

func (e *emu) v2ClientAt(endpoint string, v4 bool, secret, token string) *oss.Client {
	cfg := oss.LoadDefaultConfig().
		WithCredentialsProvider(credentials.NewStaticCredentialsProvider(e.key.ID, secret, token)).
		WithRegion(emuRegion).
		WithEndpoint(endpoint).
		WithHttpClient(e.client).
		WithRetryMaxAttempts(1)
	if !v4 {
		cfg = cfg.WithSignatureVersion(oss.SignatureVersionV1)
	}
	return oss.NewClient(cfg)
}

func getV2(t *testing.T, c *oss.Client, key string, rng *string) []byte {
	t.Helper()
	res, err := c.GetObject(context.Background(), &oss.GetObjectRequest{Bucket: oss.Ptr(emuBucket), Key: oss.Ptr(key), Range: rng})
	if err != nil {
		t.Fatalf("GetObject %q: %v", key, err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("read %q: %v", key, err)
	}
	return got
}

func TestSDKv2PutGet(t *testing.T) {
	ctx := context.Background()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			c := e.v2Client(m.v4, e.key.Secret, "")
			for _, key := range []string{"v2/small.txt", "v2/dir/naïve 文件+%.bin", "~v2 ("} {
				_, data := randomFile(t, 65_537)
				res, err := c.PutObject(ctx, &oss.PutObjectRequest{Bucket: oss.Ptr(emuBucket), Key: oss.Ptr(key),
					Body: bytes.NewReader(data), Metadata: map[string]string{"who": "v2"}})
				if err != nil {
					t.Fatalf("PutObject %q: %v", key, err)
				}
				if res.HashCRC64 == nil || res.ETag == nil {
					t.Fatalf("PutObject %q: no CRC or ETag in the result", key)
				}
				if got := getV2(t, c, key, nil); !bytes.Equal(got, data) {
					t.Fatalf("GetObject %q: %d bytes differ from the %d sent", key, len(got), len(data))
				}
				if got := getV2(t, c, key, oss.Ptr("bytes=1000-")); !bytes.Equal(got, data[1000:]) {
					t.Fatalf("GetObject %q bytes=1000-: %d bytes, not the tail", key, len(got))
				}
				e.checkStored(t, key, data)
				head, err := c.HeadObject(ctx, &oss.HeadObjectRequest{Bucket: oss.Ptr(emuBucket), Key: oss.Ptr(key)})
				if err != nil {
					t.Fatal(err)
				}
				if head.ContentLength != int64(len(data)) || head.Metadata["Who"] != "v2" && head.Metadata["who"] != "v2" {
					t.Fatalf("HEAD %q: length %d, metadata %v", key, head.ContentLength, head.Metadata)
				}
			}
		})
	}
}

func TestSDKv2Uploader(t *testing.T) {
	ctx := context.Background()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			c := e.v2Client(m.v4, e.key.Secret, "")
			path, data := randomFile(t, 7*100<<10+777)
			key := "v2/uploader/obj.bin"
			cpDir := t.TempDir()
			// Part 6 fails once; the uploader keeps its checkpoint and the second run resumes,
			// checking the server's part list (ListParts) against it.
			if err := e.srv.AddFault("op=UploadPart,part=6,status=503,code=SlowDown,times=1"); err != nil {
				t.Fatal(err)
			}
			up := c.NewUploader(func(o *oss.UploaderOptions) {
				o.PartSize = 100 << 10
				o.ParallelNum = 1
				o.EnableCheckpoint = true
				o.CheckpointDir = cpDir
			})
			req := &oss.PutObjectRequest{Bucket: oss.Ptr(emuBucket), Key: oss.Ptr(key)}
			_, err := up.UploadFile(ctx, req, path)
			var se *oss.ServiceError
			if !errors.As(err, &se) || se.StatusCode != 503 || se.Code != "SlowDown" {
				t.Fatalf("first upload: %v, want the injected 503 SlowDown", err)
			}
			e.srv.ResetLog()
			up = c.NewUploader(func(o *oss.UploaderOptions) {
				o.PartSize = 100 << 10
				o.ParallelNum = 3
				o.EnableCheckpoint = true
				o.CheckpointDir = cpDir
			})
			res, err := up.UploadFile(ctx, req, path)
			if err != nil {
				t.Fatalf("resumed upload: %v", err)
			}
			_, parts := e.count("UploadPart", key)
			slices.Sort(parts)
			if !slices.Equal(parts, []int{6, 7, 8}) {
				t.Fatalf("the resumed run sent parts %v, want 6 7 8", parts)
			}
			if n, _ := e.count("ListParts", key); n == 0 {
				t.Fatal("the resumed run did not check the upload with ListParts")
			}
			if res.HashCRC64 == nil || !strings.HasSuffix(oss.ToString(res.ETag), "-8\"") {
				t.Fatalf("result: ETag %s CRC %v", oss.ToString(res.ETag), res.HashCRC64)
			}
			if got := getV2(t, c, key, nil); !bytes.Equal(got, data) {
				t.Fatal("object read back differs from the file")
			}
			e.checkStored(t, key, data)

			// A small file goes up as one PutObject.
			spath, sdata := randomFile(t, 1234)
			if _, err := up.UploadFile(ctx, &oss.PutObjectRequest{Bucket: oss.Ptr(emuBucket), Key: oss.Ptr("v2/small")}, spath); err != nil {
				t.Fatal(err)
			}
			e.checkStored(t, "v2/small", sdata)
		})
	}
}

func TestSDKv2ListPartsAndAbort(t *testing.T) {
	ctx := context.Background()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			c := e.v2Client(m.v4, e.key.Secret, "")
			key := "v2/list/parts.bin"
			bk := oss.Ptr(emuBucket)
			init, err := c.InitiateMultipartUpload(ctx, &oss.InitiateMultipartUploadRequest{Bucket: bk, Key: oss.Ptr(key)})
			if err != nil {
				t.Fatal(err)
			}
			_, data := randomFile(t, 5*100<<10)
			etags := map[int32]string{}
			for n := int32(1); n <= 5; n++ {
				chunk := data[(n-1)*100<<10 : n*100<<10]
				res, err := c.UploadPart(ctx, &oss.UploadPartRequest{Bucket: bk, Key: oss.Ptr(key), UploadId: init.UploadId,
					PartNumber: n, Body: bytes.NewReader(chunk)})
				if err != nil {
					t.Fatalf("UploadPart %d: %v", n, err)
				}
				etags[n] = oss.ToString(res.ETag)
			}
			var listed []int32
			p := c.NewListPartsPaginator(&oss.ListPartsRequest{Bucket: bk, Key: oss.Ptr(key), UploadId: init.UploadId, MaxParts: 2})
			pages := 0
			for p.HasNext() {
				page, err := p.NextPage(ctx)
				if err != nil {
					t.Fatal(err)
				}
				pages++
				for _, part := range page.Parts {
					listed = append(listed, part.PartNumber)
					if oss.ToString(part.ETag) != etags[part.PartNumber] || part.Size != 100<<10 || part.HashCRC64 == nil {
						t.Fatalf("part %d listed as %s/%d, uploaded %s", part.PartNumber, oss.ToString(part.ETag), part.Size, etags[part.PartNumber])
					}
				}
			}
			if !slices.Equal(listed, []int32{1, 2, 3, 4, 5}) || pages != 3 {
				t.Fatalf("listed %v in %d pages, want 1-5 in 3", listed, pages)
			}
			if _, err := c.AbortMultipartUpload(ctx, &oss.AbortMultipartUploadRequest{Bucket: bk, Key: oss.Ptr(key), UploadId: init.UploadId}); err != nil {
				t.Fatal(err)
			}
			if n, _ := e.count("AbortMultipartUpload", key); n != 1 {
				t.Fatalf("%d aborts logged, want 1", n)
			}
			_, err = c.ListParts(ctx, &oss.ListPartsRequest{Bucket: bk, Key: oss.Ptr(key), UploadId: init.UploadId})
			var se *oss.ServiceError
			if !errors.As(err, &se) || se.Code != "NoSuchUpload" || se.StatusCode != 404 {
				t.Fatalf("ListParts after Abort: %v, want 404 NoSuchUpload", err)
			}
			if len(e.srv.OpenUploads(emuBucket)) != 0 {
				t.Fatal("the aborted upload is still open")
			}
		})
	}
}

func TestSDKv2WrongSecretRefused(t *testing.T) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			c := e.v2Client(m.v4, "not-the-secret", "")
			_, err := c.PutObject(context.Background(), &oss.PutObjectRequest{Bucket: oss.Ptr(emuBucket),
				Key: oss.Ptr("refused.txt"), Body: strings.NewReader("x")})
			var se *oss.ServiceError
			if !errors.As(err, &se) || se.StatusCode != 403 || se.Code != "SignatureDoesNotMatch" || se.RequestID == "" {
				t.Fatalf("PutObject with a wrong secret: %v, want 403 SignatureDoesNotMatch with a request id", err)
			}
			if _, err := e.srv.Object(emuBucket, "refused.txt"); err == nil {
				t.Fatal("the refused object was stored")
			}
		})
	}
}

func TestSDKv2STSToken(t *testing.T) {
	for _, m := range modes[:2] {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			put := func(token string) error {
				_, err := e.v2Client(m.v4, e.key.Secret, token).PutObject(context.Background(),
					&oss.PutObjectRequest{Bucket: oss.Ptr(emuBucket), Key: oss.Ptr("sts.txt"), Body: strings.NewReader("t")})
				return err
			}
			if err := put(emuToken); err != nil {
				t.Fatalf("PutObject with the configured STS token: %v", err)
			}
			var se *oss.ServiceError
			if err := put("other-token"); !errors.As(err, &se) || se.StatusCode != 403 {
				t.Fatalf("PutObject with an unknown STS token: %v, want 403", err)
			}
		})
	}
}

func TestSDKv2VirtualHosted(t *testing.T) {
	ctx := context.Background()
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			e := startEmu(t, m.tls)
			c := e.v2ClientAt(e.localhostURL(), m.v4, e.key.Secret, "")
			path, data := randomFile(t, 250_000)
			key := "vhost/dir/file.bin"
			up := c.NewUploader(func(o *oss.UploaderOptions) { o.PartSize = 100 << 10; o.ParallelNum = 2 })
			if _, err := up.UploadFile(ctx, &oss.PutObjectRequest{Bucket: oss.Ptr(emuBucket), Key: oss.Ptr(key)}, path); err != nil {
				t.Fatalf("upload virtual-hosted: %v", err)
			}
			if got := getV2(t, c, key, nil); !bytes.Equal(got, data) {
				t.Fatal("object read back differs from the file")
			}
			e.checkStored(t, key, data)
		})
	}
}
