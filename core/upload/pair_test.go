package upload

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/sha256x2"
)

// TestPartReaderWriteToConcurrent: parts sent at once through WriteTo, their SHA-256s paired
// across parts, must each hash to crypto/sha256 of the part, with the right bytes and CRC-64;
// also after a small Read first, and on the single-stream path.
func TestPartReaderWriteToConcurrent(t *testing.T) {
	data := make([]byte, 6<<20+4321)
	rand.NewChaCha8([32]byte{2}).Read(data)
	path := filepath.Join(t.TempDir(), "f")
	os.WriteFile(path, data, 0o600)
	f, _ := os.Open(path)
	defer f.Close()
	cases := []struct {
		name      string
		pair      bool
		firstRead int // bytes read with Read before WriteTo
	}{
		{"paired", true, 0},
		{"paired after a small read", true, 1000},
		{"single stream", false, 0},
		{"single stream after a small read", false, 4096},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pool := newBufferPool()
			if !c.pair {
				pool.pair = nil
			} else if pool.pair == nil {
				pool.pair = newPairer() // the generic kernel: same results, slower
			}
			const parts = 5
			partSize := int64(len(data) / parts)
			var wg sync.WaitGroup
			for i := range parts {
				wg.Go(func() {
					off := int64(i) * partSize
					size := partSize - int64(i*1001) // ragged ends
					r := newPartReader(f, off, size, true, pool, nil)
					var out bytes.Buffer
					head := make([]byte, c.firstRead)
					if _, err := io.ReadFull(r, head); err != nil {
						t.Error(err)
						return
					}
					out.Write(head)
					if _, err := r.WriteTo(&out); err != nil {
						t.Error(err)
						return
					}
					want := data[off : off+size]
					sum := sha256.Sum256(want)
					if !bytes.Equal(out.Bytes(), want) || r.crc != crc64.Checksum(want) || r.n != size {
						t.Errorf("part %d: bytes, CRC-64 or count wrong", i)
					}
					if got := r.sum256(); got != hex.EncodeToString(sum[:]) {
						t.Errorf("part %d: SHA-256 %s, want %s", i, got, hex.EncodeToString(sum[:]))
					}
					r.release()
					if got := r.sum256(); got != hex.EncodeToString(sum[:]) {
						t.Errorf("part %d: SHA-256 after release %s", i, got)
					}
				})
			}
			wg.Wait()
		})
	}
}

// TestCheckpointSHA256MatchesParts: with PartSHA256, the SHA-256 the engine records for each
// part equals crypto/sha256 of the part's bytes, with parts of several chunks sent four at a time.
func TestCheckpointSHA256MatchesParts(t *testing.T) {
	e := newEnv(t)
	const partSize = 600*kib + 64*3 + 5 // three chunks, ragged tail
	path, data := e.file("f", 9*partSize+777)
	o := e.opts(path, "obj")
	o.PartSize, o.Checkpoint, o.Threads, o.PartSHA256 = partSize, true, 4, true
	rec := e.interrupt(o, 8)
	if len(rec.Parts) < 3 {
		t.Fatalf("only %d parts recorded", len(rec.Parts))
	}
	for _, p := range rec.Parts {
		sum := sha256.Sum256(data[p.Offset : p.Offset+p.Size])
		if p.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("part %d: recorded SHA-256 %s, want %s", p.Number, p.SHA256, hex.EncodeToString(sum[:]))
		}
	}
	t.Logf("2-way kernel: %v (%s)", sha256x2.Available(), sha256x2.Kernel())
}

// TestTransportUsesWriteTo: over plain HTTP the client sends a part through the reader's
// WriteTo (the path that pairs SHA-256), not through Read, and the server gets the bytes.
func TestTransportUsesWriteTo(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 3*chunkSize+100)
	f, _ := os.Open(path)
	defer f.Close()
	ctx := context.Background()
	init, err := e.api.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: bucket, Key: "w"})
	if err != nil {
		t.Fatal(err)
	}
	r := newPartReader(f, 0, int64(len(data)), true, newBufferPool(), nil)
	out, err := e.api.UploadPart(ctx, &oss.UploadPartInput{Bucket: bucket, Key: "w", UploadID: init.UploadID,
		PartNumber: 1, Body: r, Size: int64(len(data))})
	if err != nil {
		t.Fatal(err)
	}
	if r.buf2 == nil {
		t.Error("the part was sent through Read, not WriteTo")
	}
	if !out.HasCRC64 || out.CRC64 != crc64.Checksum(data) || r.crc != out.CRC64 {
		t.Errorf("CRC-64: server %x (%v), reader %x, want %x", out.CRC64, out.HasCRC64, r.crc, crc64.Checksum(data))
	}
	r.release()
}

// TestWriteToStopsBeforeRelease: a 403 comes back while the part is still being sent; release
// (which pools the reader's buffers) must not race with the transport's WriteTo (run with -race),
// and must not wait long for it.
func TestWriteToStopsBeforeRelease(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 8<<20)
	f, _ := os.Open(path)
	defer f.Close()
	bad, err := oss.New(oss.Config{Endpoint: e.srv.URL(), Region: "cn-hangzhou",
		Credentials: oss.StaticCredentials(e.srv.Keys()[0].ID, "Zwr0ngZwr0ng", "")})
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	pool := newBufferPool()
	for range 3 {
		r := newPartReader(f, 0, int64(len(data)), true, pool, nil)
		_, err := bad.UploadPart(context.Background(), &oss.UploadPartInput{Bucket: bucket, Key: "x", UploadID: "0123",
			PartNumber: 1, Body: r, Size: int64(len(data))})
		var oe *oss.Error
		if !errors.As(err, &oe) || oe.StatusCode != 403 {
			t.Fatalf("err = %v, want a 403", err)
		}
		start := time.Now()
		r.release()
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("release waited %v", d)
		}
	}
}
