package checkpoint

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func sampleDownload() *DownloadRecord {
	return &DownloadRecord{Endpoint: "127.0.0.1:9000", Bucket: "bkt", Key: "dir/obj.bin",
		Object:   ObjectID{Size: 1000, ETag: `"ABC-2"`, LastModifiedNs: 1795328062000000000, CRC64: 42, HasCRC: true},
		PartSize: 300, PartCount: 4, TempPath: "/data/obj.bin.tmp"}
}

// TestDownloadRecord: saved, appended ranges and a seal read back as written; a range after
// the seal voids it; a torn last line is dropped; an edited line, a range off the plan, or an
// upload's record is corrupt, and an upload's Load refuses a download's record.
func TestDownloadRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "f.dcp")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	r := sampleDownload()
	if err := s.SaveDownload(r); err != nil {
		t.Fatal(err)
	}
	r3 := Range{Number: 3, Offset: 600, Size: 300, CRC64: 7}
	r1 := Range{Number: 1, Offset: 0, Size: 300, CRC64: 1<<64 - 1}
	seal := FileID{Path: "/data/obj.bin.tmp", Size: 1000, MtimeNs: 5, CtimeNs: 6, Dev: 7, Ino: 8}
	for _, err := range []error{s.AppendRange(r3), s.AppendRange(r1), s.AppendSeal(seal)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	got, err := LoadDownload(path)
	if err != nil {
		t.Fatal(err)
	}
	want := *r
	want.Ranges, want.Seal = []Range{r1, r3}, &seal
	if !reflect.DeepEqual(got, &want) {
		t.Fatalf("read back %+v\nwant %+v", got, &want)
	}
	if err := s.AppendRange(Range{Number: 4, Offset: 900, Size: 100, CRC64: 9}); err != nil {
		t.Fatal(err)
	}
	if got, _ := LoadDownload(path); got.Seal != nil || len(got.Ranges) != 3 {
		t.Fatalf("after a range past the seal: seal %v, %d ranges", got.Seal, len(got.Ranges))
	}
	data, _ := os.ReadFile(path)

	torn := append(bytes.Clone(data), `{"n":2,"off":300,"si`...)
	if got, err := DecodeDownload(torn); err != nil || !got.TornTail || len(got.Ranges) != 3 {
		t.Fatalf("torn tail: %v %+v", err, got)
	}
	var ce *CorruptError
	for name, bad := range map[string][]byte{
		"edited":   bytes.Replace(data, []byte(`"crc64":7`), []byte(`"crc64":8`), 1),
		"off plan": reencode(t, data, Range{Number: 2, Offset: 301, Size: 300}),
		"upload's": func() []byte { b, _ := Encode(sampleRecord(1000, 300, 1)); return b }(),
		"empty":    nil,
	} {
		if _, err := DecodeDownload(bad); !errors.As(err, &ce) {
			t.Errorf("%s: %v, want a CorruptError", name, err)
		}
	}
	if _, err := Load(path); !errors.As(err, &ce) {
		t.Errorf("an upload's Load of a download record: %v, want a CorruptError", err)
	}
}

// reencode returns data with one more, correctly chained, line for p (appended unchecked).
func reencode(t *testing.T, data []byte, p Range) []byte {
	t.Helper()
	r, err := DecodeDownload(data)
	if err != nil {
		t.Fatal(err)
	}
	r.Ranges = append(r.Ranges, p)
	out, _ := EncodeDownload(r)
	return out
}
