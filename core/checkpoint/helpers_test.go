package checkpoint

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// sampleRecord returns a record of a size-byte file in partSize parts with the given parts done.
func sampleRecord(size, partSize int64, done ...int) *Record {
	r := &Record{
		Endpoint: "127.0.0.1:9000", Bucket: "bkt", Key: "dir/obj<&>\"x\".bin", UploadID: "0004B9894A22E5B1888A1E29F823****",
		PartSize: partSize, PartCount: PlanCount(size, partSize), HeaderDigest: strings.Repeat("ab", 32),
		File: FileID{Path: "/data/file.bin", Size: size, MtimeNs: 1795328062536542123, Dev: 2049, Ino: 1234567,
			CtimeNs: 1795328071000000042},
	}
	for _, n := range done {
		off, sz := PartRange(n, size, partSize)
		r.SetPart(Part{Number: n, Offset: off, Size: sz, ETag: fmt.Sprintf("\"%032X\"", n),
			CRC64: uint64(n) * 0x9E3779B97F4A7C15, HasCRC: true, SHA256: strings.Repeat(fmt.Sprintf("%02x", n%256), 32)})
	}
	return r
}

// savedStore opens a store in a temporary directory and saves the header of an n-part record
// of 100 KiB parts; it returns the store, closed when the test ends, and the record's parts.
func savedStore(tb testing.TB, n int) (*Store, []Part) {
	tb.Helper()
	s, err := Open(filepath.Join(tb.TempDir(), "s.cp"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	full := sampleRecord(int64(n)*102400, 102400, seq(1, n)...)
	hdr := *full
	hdr.Parts = nil
	if err := s.Save(&hdr); err != nil {
		tb.Fatal(err)
	}
	return s, full.Parts
}
