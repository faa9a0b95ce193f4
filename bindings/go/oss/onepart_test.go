package oss_test

import (
	"hash/crc64"
	"testing"

	"github.com/ossresume/ossresume/bindings/go/oss"
)

// TestOnePartIsOnePut: a file that fits in one part goes as one PutObject, checkpoint or not,
// leaving no record behind; one byte more is a multipart upload as v1 makes it. Each object is
// the file's bytes, and its CRC-64 the file's.
func TestOnePartIsOnePut(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		name      string
		size      int
		partSize  int64
		opts      []oss.Option
		wantPut   int
		wantParts int
	}{
		{"one part", part, part, nil, 1, 0},
		{"one part with a checkpoint", part - 1, part, []oss.Option{oss.Checkpoint(true, "")}, 1, 0},
		{"default part size", 3 * part, 0, []oss.Option{oss.Routines(3)}, 1, 0},
		{"two parts", part + 1, part, nil, 0, 2},
		{"two parts with a checkpoint", part + 1, part, []oss.Option{oss.Checkpoint(true, "")}, 0, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer e.use(t)()
			e.srv.ResetLog()
			path, data := e.file(c.name, c.size)
			if err := e.bucket().UploadFile(c.name, path, c.partSize, c.opts...); err != nil {
				t.Fatal(err)
			}
			e.checkObject(c.name, data)
			initiates := 0
			if c.wantParts > 0 {
				initiates = 1
			}
			if put, ini, parts := e.ops("PutObject"), e.ops("InitiateMultipartUpload"), e.ops("UploadPart"); put != c.wantPut || ini != initiates || parts != c.wantParts {
				t.Fatalf("%d PutObject, %d Initiate, %d UploadPart; want %d, %d, %d", put, ini, parts, c.wantPut, initiates, c.wantParts)
			}
			if h := e.head(c.name); !h.HasCRC64 || h.CRC64 != crcOf(data) {
				t.Fatalf("object CRC-64 %d (%v), the file's %d", h.CRC64, h.HasCRC64, crcOf(data))
			}
			if exists(path + ".cp") {
				t.Fatalf("%s.cp left behind", path)
			}
		})
	}
}

func crcOf(data []byte) uint64 { return crc64.Checksum(data, crc64.MakeTable(crc64.ECMA)) }
