package checkpoint

import (
	"bytes"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func pendingRecord() *Record {
	r := sampleRecord(482048, 102400)
	r.UploadID, r.Started = "", 1795328062536542123
	return r
}

// A pending record survives Save and Load whole, and a record naming an upload never carries
// the pending field, so records written before pending ones existed read as they did.
func TestPendingRoundTrip(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "f.cp"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := pendingRecord()
	if err := s.Save(want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load()
	if err != nil {
		t.Fatal(err)
	}
	if !got.Pending() || !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v, want %+v", got, want)
	}
	named, _ := Encode(sampleRecord(482048, 102400, 1))
	if bytes.Contains(named, []byte("pending")) {
		t.Errorf("a record naming an upload carries the pending field: %s", named)
	}
}

func TestPendingInvalid(t *testing.T) {
	cases := []struct {
		name string
		edit func(r *Record)
		want string
	}{
		{"neither upload id nor start", func(r *Record) { r.Started = 0 }, "empty upload id"},
		{"both upload id and start", func(r *Record) { r.UploadID = "u" }, "on a pending record"},
		{"parts", func(r *Record) { r.SetPart(Part{Number: 1, Size: 102400, ETag: `"e"`}) }, "parts on a pending record"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := pendingRecord()
			c.edit(r)
			if err := r.Validate(); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("Validate: %v, want %q", err, c.want)
			}
		})
	}
}

// A pending header whose checksum broke still yields what is needed to look for the upload.
func TestPendingSalvaged(t *testing.T) {
	data, _ := Encode(pendingRecord())
	i := bytes.LastIndexByte(data, '\t')
	data[i+1] ^= 0x01
	_, _, err := Decode(data)
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.Header == nil || !ce.Header.Pending() || ce.Header.Key != pendingRecord().Key {
		t.Fatalf("Decode: %v, header %+v", err, ce)
	}
}
