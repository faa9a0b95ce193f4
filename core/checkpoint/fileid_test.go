package checkpoint

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// oldRecord is testdata/v1-before-ctime.cp, written by the codec before FileID kept the ctime:
// sampleRecord(482048, 102400, 1, 3) without CtimeNs.
const oldRecord = "testdata/v1-before-ctime.cp"

// A record written before the ctime was kept still loads under strict decoding, with the
// ctime unknown, and encodes back to the very same bytes.
func TestRecordWithoutCtimeStillReads(t *testing.T) {
	data, err := os.ReadFile(oldRecord)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("ctime")) {
		t.Fatalf("%s mentions the ctime: it is no longer an old record", oldRecord)
	}
	got, sum, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	want := sampleRecord(482048, 102400, 1, 3)
	want.File.CtimeNs = 0
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("old record read as\n%+v\nwant\n%+v", got.File, want.File)
	}
	again, againSum := Encode(got)
	if !bytes.Equal(again, data) || againSum != sum {
		t.Fatalf("old record re-encoded differently:\n%s\nwas\n%s", again, data)
	}
	// Git keeps no 0600 mode: Load reads only records no other user could have written.
	own := filepath.Join(t.TempDir(), "old.cp")
	if err := os.WriteFile(own, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if r, err := Load(own); err != nil || r.File != want.File {
		t.Fatalf("Load: %v, file %+v", err, r)
	}
}

// A known ctime is written and read back; an unknown one is left out of the line.
func TestCtimeRoundTrip(t *testing.T) {
	for _, ctime := range []int64{1795328071000000042, 1, -1, 0} {
		r := sampleRecord(482048, 102400, 2)
		r.File.CtimeNs = ctime
		data, _ := Encode(r)
		if has := bytes.Contains(data, []byte(`"ctime_ns":`)); has != (ctime != 0) {
			t.Errorf("ctime %d: field present = %v in %s", ctime, has, data)
		}
		got, _, err := Decode(data)
		if err != nil {
			t.Fatalf("ctime %d: %v", ctime, err)
		}
		if got.File != r.File {
			t.Errorf("ctime %d: read back %+v", ctime, got.File)
		}
	}
}
