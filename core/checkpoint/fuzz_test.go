package checkpoint

import (
	"bytes"
	"reflect"
	"testing"
)

// FuzzDecode: Decode never panics, and whatever it accepts survives Encode→Decode unchanged.
func FuzzDecode(f *testing.F) {
	for _, r := range []*Record{sampleRecord(0, 102400), sampleRecord(482048, 102400, 1, 3, 5)} {
		data, _ := Encode(r)
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// As given (mostly checksum failures), and with the checksums recomputed so that the
		// mutated JSON reaches the parser and the plan checks.
		for _, in := range [][]byte{data, rechain(data)} {
			r, _, err := Decode(in)
			if err != nil {
				continue
			}
			if err := r.Validate(); err != nil {
				t.Fatalf("Decode accepted an invalid record: %v", err)
			}
			again, _, err := Decode(mustEncode(r))
			if err != nil {
				t.Fatalf("re-encoded record does not decode: %v", err)
			}
			r.TornTail = false
			if !reflect.DeepEqual(again, r) {
				t.Fatalf("round trip differs: %+v vs %+v", again, r)
			}
		}
	})
}

// rechain replaces each line's checksum with the right one for its text before the last TAB.
func rechain(data []byte) []byte {
	var out []byte
	var sum [32]byte
	for _, line := range bytes.SplitAfter(data, []byte{'\n'}) {
		line = bytes.TrimSuffix(line, []byte{'\n'})
		if i := bytes.LastIndexByte(line, '\t'); i >= 0 {
			line = line[:i]
		}
		if len(line) > 0 {
			out = appendLine(out, &sum, line)
		}
	}
	return out
}

// FuzzReadUCP: ReadUCP never panics, every part it returns fits the plan, and EncodeUCP of what
// it accepts reads back the same.
func FuzzReadUCP(f *testing.F) {
	f.Add([]byte(sdkUCP))
	f.Add(EncodeUCP(sampleRecord(0, 102400)))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := ReadUCP(data)
		if err != nil {
			return
		}
		for i := range r.Parts {
			if err := r.validatePart(&r.Parts[i]); err != nil {
				t.Fatalf("ReadUCP accepted a part off the plan: %v", err)
			}
		}
		again, err := ReadUCP(EncodeUCP(r))
		if err != nil {
			t.Fatalf("EncodeUCP output does not read back: %v", err)
		}
		for i := range r.Parts {
			r.Parts[i].CRC64, r.Parts[i].HasCRC = 0, false // EncodeUCP writes 0, as the SDK does
		}
		if !reflect.DeepEqual(again.Parts, r.Parts) || again.UploadID != r.UploadID || again.File != r.File {
			t.Fatalf("round trip differs:\n%+v\n%+v", again, r)
		}
	})
}

func mustEncode(r *Record) []byte { b, _ := Encode(r); return b }
