//go:build reliability

package reliability

import (
	"bytes"
	"context"
	"io"
	"math/rand"
	"os"
	"path/filepath"
	"testing"

	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
)

// makeFile writes size random bytes to dir/name.
func makeFile(t *testing.T, dir, name string, size int64, rng *rand.Rand) string {
	t.Helper()
	data := make([]byte, size)
	rng.Read(data)
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// verifyObject proves the object equals the file: the server's CRC-64 against ours, then every
// byte. It returns an error rather than failing so that campaigns can count.
func verifyObject(c *oss.Client, key, path string) error {
	want, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, err := c.GetObject(context.Background(), &oss.GetObjectInput{Bucket: bucket, Key: key})
	if err != nil {
		return err
	}
	defer out.Body.Close()
	got, err := io.ReadAll(out.Body)
	if err != nil {
		return err
	}
	crc := crc64.Checksum(want)
	switch {
	case !out.HasCRC64:
		return errorf("object %s: the server sent no CRC-64", key)
	case out.CRC64 != crc:
		return errorf("object %s: server CRC-64 %d, file %d", key, out.CRC64, crc)
	case crc64.Checksum(got) != crc:
		return errorf("object %s: the bytes read back have CRC-64 %d, file %d", key, crc64.Checksum(got), crc)
	case !bytes.Equal(got, want):
		return errorf("object %s: %d bytes differ from the file's %d", key, len(got), len(want))
	}
	return nil
}

// objectAbsentOrEqual holds after a failed upload: no object, or (from an earlier success) one
// equal to a file that was uploaded whole; never a mixture.
func objectExists(c *oss.Client, key string) bool {
	_, err := c.HeadObject(context.Background(), &oss.HeadObjectInput{Bucket: bucket, Key: key})
	return err == nil
}
