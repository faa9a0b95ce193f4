package checkpoint

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	cases := []struct {
		name           string
		size, partSize int64
		done           []int
	}{
		{"empty file", 0, 102400, nil},
		{"one part, not done", 1, 102400, nil},
		{"one part, done", 102400, 102400, []int{1}},
		{"five parts, some done", 482048, 102400, []int{1, 3, 5}},
		{"10000 parts, all done", 10000 * 102400, 102400, seq(1, 10000)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := sampleRecord(c.size, c.partSize, c.done...)
			data, sum := Encode(r)
			got, gotSum, err := Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			if gotSum != sum {
				t.Errorf("checksum of last line: got %x, want %x", gotSum, sum)
			}
			if !reflect.DeepEqual(got, r) {
				t.Errorf("round trip differs:\n got %+v\nwant %+v", got.headerOnly(), r.headerOnly())
			}
			if n := bytes.Count(data, []byte{'\n'}); n != 1+len(c.done) {
				t.Errorf("%d lines, want %d", n, 1+len(c.done))
			}
		})
	}
}

func seq(a, b int) []int {
	var s []int
	for i := a; i <= b; i++ {
		s = append(s, i)
	}
	return s
}

// Every single-byte change anywhere in a record must be caught, except in a torn last line.
func TestDecodeDetectsEveryByteFlip(t *testing.T) {
	r := sampleRecord(482048, 102400, 1, 2, 4)
	data, _ := Encode(r)
	for i := range data {
		bad := bytes.Clone(data)
		bad[i] ^= 0x01
		got, _, err := Decode(bad)
		if err == nil && !reflect.DeepEqual(got.Parts, r.Parts) && !got.TornTail {
			t.Fatalf("flip at byte %d accepted with different parts", i)
		}
		if err == nil && !got.TornTail {
			t.Fatalf("flip at byte %d (%q) accepted", i, data[i])
		}
	}
}

func TestDecodeTruncated(t *testing.T) {
	r := sampleRecord(482048, 102400, 1, 2, 4)
	data, _ := Encode(r)
	lines := bytes.SplitAfter(data, []byte{'\n'})
	header := len(lines[0])
	for n := 0; n < len(data); n++ {
		got, _, err := Decode(data[:n])
		switch {
		case n < header-1: // header-1 is the whole header without its newline: still valid
			var ce *CorruptError
			if !errors.As(err, &ce) {
				t.Fatalf("cut at %d inside the header: err = %v, want *CorruptError", n, err)
			}
		case err != nil:
			t.Fatalf("cut at %d after the header: %v", n, err)
		default:
			// Only whole, verified lines count; a cut line is dropped.
			whole := bytes.Count(data[:n], []byte{'\n'}) - 1
			if len(got.Parts) != whole && !(len(got.Parts) == whole+1 && !got.TornTail) {
				t.Fatalf("cut at %d: %d parts, want %d", n, len(got.Parts), whole)
			}
		}
	}
}

func TestDecodeLaterLineWins(t *testing.T) {
	r := sampleRecord(482048, 102400, 2)
	data, sum := Encode(r)
	p := r.Parts[0]
	p.ETag = `"NEW"`
	data = appendLine(data, &sum, partJSON(&p))
	got, _, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Parts) != 1 || got.Parts[0].ETag != `"NEW"` {
		t.Fatalf("parts = %+v, want the re-sent part 2 only", got.Parts)
	}
}

func TestDecodeRejects(t *testing.T) {
	good := sampleRecord(482048, 102400)
	cases := []struct {
		name   string
		mutate func(r *Record)
		want   string
	}{
		{"part count off", func(r *Record) { r.PartCount = 4 }, "part count"},
		{"no upload id", func(r *Record) { r.UploadID = "" }, "upload id"},
		{"part size 0", func(r *Record) { r.PartSize = 0 }, "part size"},
		{"part past the end", func(r *Record) {
			r.Parts = []Part{{Number: 6, Offset: 512000, Size: 1, ETag: "x", HasCRC: true}}
		}, "part number"},
		{"part at wrong offset", func(r *Record) {
			r.Parts = []Part{{Number: 2, Offset: 1, Size: 102400, ETag: "x", HasCRC: true}}
		}, "plan says"},
		{"short last part", func(r *Record) {
			r.Parts = []Part{{Number: 5, Offset: 409600, Size: 100, ETag: "x", HasCRC: true}}
		}, "plan says"},
		{"bad sha", func(r *Record) {
			r.Parts = []Part{{Number: 1, Offset: 0, Size: 102400, ETag: "x", SHA256: "zz"}}
		}, "SHA-256"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := *good
			c.mutate(&r)
			data, _ := Encode(&r)
			_, _, err := Decode(data)
			var ce *CorruptError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want a *CorruptError mentioning %q", err, c.want)
			}
		})
	}
	for _, bad := range []string{"", "\n", "{}\t00\n", "not json\n", strings.Repeat("x", 100)} {
		if _, _, err := Decode([]byte(bad)); err == nil {
			t.Errorf("Decode(%q) accepted", bad)
		}
	}
}

func TestCorruptErrorKeepsHeader(t *testing.T) {
	r := sampleRecord(482048, 102400, 1, 2)
	data, _ := Encode(r)
	lines := bytes.SplitAfter(data, []byte{'\n'})
	lines[1][5] ^= 1 // damage part 1, a complete line
	_, _, err := Decode(bytes.Join(lines, nil))
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.Header == nil || ce.Header.UploadID != r.UploadID {
		t.Fatalf("err = %#v, want a *CorruptError carrying the intact header", err)
	}
}

func TestCorruptErrorSalvagesEditedHeader(t *testing.T) {
	r := sampleRecord(482048, 102400, 1, 2)
	data, _ := Encode(r)
	edited := bytes.Replace(data, []byte(`"part_size":102400`), []byte(`"part_size":204800`), 1)
	if bytes.Equal(edited, data) {
		t.Fatal("the edit did not apply")
	}
	_, _, err := Decode(edited)
	var ce *CorruptError
	if !errors.As(err, &ce) || ce.Header == nil || ce.Header.UploadID != r.UploadID || ce.Header.Key != r.Key {
		t.Fatalf("err = %#v, want a *CorruptError carrying the edited header's upload id", err)
	}
	if ce.Header.PartSize != 0 || len(ce.Header.Parts) != 0 {
		t.Errorf("the salvaged header carries unverified plan data: %+v", ce.Header)
	}
	for _, bad := range [][]byte{data[:40], []byte("garbage\n"), nil} {
		if _, _, err := Decode(bad); !errors.As(err, &ce) || ce.Header != nil {
			t.Errorf("Decode(%q) = %v, want a *CorruptError without a header", bad, err)
		}
	}
}
