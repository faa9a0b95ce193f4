package upload

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/ossresume/ossresume/core/crc64"
)

// oddReader hands the partReader buffers of varying size, as different HTTP stacks do.
type oddReader struct {
	r     io.Reader
	sizes []int
	i     int
}

func (o *oddReader) Read(p []byte) (int, error) {
	n := o.sizes[o.i%len(o.sizes)]
	o.i++
	return o.r.Read(p[:min(n, len(p))])
}

func TestPartReaderSinglePass(t *testing.T) {
	data := make([]byte, 3<<20+12345)
	rand.NewChaCha8([32]byte{1}).Read(data)
	path := filepath.Join(t.TempDir(), "f")
	os.WriteFile(path, data, 0o600)
	f, _ := os.Open(path)
	defer f.Close()
	pool := newBufferPool()
	for _, sizes := range [][]int{{1 << 20}, {4096}, {1, 7, 65535, 65536, 300000}, {32 << 10}} {
		off, size := int64(777), int64(2<<20+5)
		var counted int
		r := newPartReader(f, off, size, true, pool, func(n int) { counted += n })
		got, err := io.ReadAll(&oddReader{r: r, sizes: sizes})
		r.release()
		if err != nil {
			t.Fatal(err)
		}
		want := data[off : off+size]
		if !bytes.Equal(got, want) {
			t.Fatalf("sizes %v: bytes differ", sizes)
		}
		sum := sha256.Sum256(want)
		if r.crc != crc64.Checksum(want) || r.sum256() != hex.EncodeToString(sum[:]) || r.n != size || counted != int(size)-1 || r.counted != size-1 {
			// The last byte is counted when the server acknowledges the part (tracker.ack).
			t.Fatalf("sizes %v: hashes or counts wrong (n %d, counted %d)", sizes, r.n, counted)
		}
	}
}

func TestPartReaderFileShrank(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f")
	os.WriteFile(path, make([]byte, 1000), 0o600)
	f, _ := os.Open(path)
	defer f.Close()
	r := newPartReader(f, 500, 1000, false, newBufferPool(), nil)
	_, err := io.ReadAll(r)
	var ie *InconsistentError
	if !errors.As(err, &ie) || ie.What != "file" || r.localErr == nil {
		t.Fatalf("err = %v, want an *InconsistentError about the file", err)
	}
}
