package checkpoint

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// wireHeader is line 1 of the native format.
type wireHeader struct {
	Magic        string `json:"magic"`
	Version      int    `json:"version"`
	Endpoint     string `json:"endpoint"`
	Bucket       string `json:"bucket"`
	Key          string `json:"key"`
	UploadID     string `json:"upload_id"`
	PartSize     int64  `json:"part_size"`
	PartCount    int    `json:"part_count"`
	HeaderDigest string `json:"header_digest"`
	File         FileID `json:"file"`
	Started      int64  `json:"pending_since_ns,omitempty"` // pending records only
}

// wirePart is every further line; CRC64 is a pointer so that "unknown" survives a round trip.
type wirePart struct {
	Number int     `json:"n"`
	Offset int64   `json:"off"`
	Size   int64   `json:"size"`
	ETag   string  `json:"etag"`
	CRC64  *uint64 `json:"crc64,omitempty"`
	SHA256 string  `json:"sha256,omitempty"`
}

// CorruptError reports a checkpoint that cannot be trusted. Header is the record's header when
// line 1 was intact, so the caller can still abort the upload id it names. When line 1 itself
// fails (a hand-edited header whose checksum no longer matches) but still reads as a header
// naming an upload, Header carries only its identity (Endpoint, Bucket, Key, and UploadID or,
// for a pending record, Started):
// enough to abort that upload rather than leave its parts stored on the server. Else nil.
type CorruptError struct {
	Path   string
	Reason string
	Header *Record
}

func (e *CorruptError) Error() string {
	if e.Path == "" {
		return "checkpoint: corrupt: " + e.Reason
	}
	return "checkpoint: " + e.Path + ": corrupt: " + e.Reason
}

// chain returns the checksum of a line given the previous line's checksum.
func chain(prev [32]byte, line []byte) [32]byte {
	h := sha256.New()
	h.Write(prev[:])
	h.Write(line)
	var s [32]byte
	h.Sum(s[:0])
	return s
}

// appendLine writes js, a TAB, the chained checksum and a newline to dst.
func appendLine(dst []byte, prev *[32]byte, js []byte) []byte {
	*prev = chain(*prev, js)
	dst = append(dst, js...)
	dst = append(dst, '\t')
	dst = hex.AppendEncode(dst, prev[:])
	return append(dst, '\n')
}

func headerJSON(r *Record) []byte {
	js, _ := json.Marshal(wireHeader{
		Magic: Magic, Version: Version, Endpoint: r.Endpoint, Bucket: r.Bucket, Key: r.Key,
		UploadID: r.UploadID, PartSize: r.PartSize, PartCount: r.PartCount,
		HeaderDigest: r.HeaderDigest, File: r.File, Started: r.Started,
	})
	return js
}

func partJSON(p *Part) []byte {
	w := wirePart{Number: p.Number, Offset: p.Offset, Size: p.Size, ETag: p.ETag, SHA256: p.SHA256}
	if p.HasCRC {
		c := p.CRC64
		w.CRC64 = &c
	}
	js, _ := json.Marshal(w)
	return js
}

// Encode returns the native form of r (header and every part) and the checksum of its last
// line, from which appended lines continue the chain.
func Encode(r *Record) ([]byte, [32]byte) {
	var sum [32]byte
	out := appendLine(make([]byte, 0, 256+160*len(r.Parts)), &sum, headerJSON(r))
	for i := range r.Parts {
		out = appendLine(out, &sum, partJSON(&r.Parts[i]))
	}
	return out, sum
}

// Decode parses the native form. A last line that has no newline and does not verify is taken
// for an interrupted append and dropped (TornTail is set); anything else that does not verify
// or does not fit the plan makes the whole record a *CorruptError.
func Decode(data []byte) (*Record, [32]byte, error) {
	var sum [32]byte
	var r *Record
	for lineNo := 1; len(data) > 0; lineNo++ {
		line, rest, complete := bytes.Cut(data, []byte{'\n'})
		data = rest
		next, js, err := verifyLine(sum, line)
		if err == nil && r != nil {
			err = r.addPart(js)
		}
		if err == nil && r == nil {
			r, err = decodeHeader(js)
		}
		if err != nil {
			if !complete && r != nil {
				r.TornTail = true
				break
			}
			h := r.headerOnly()
			if lineNo == 1 {
				h = salvageHeader(line)
			}
			return nil, sum, &CorruptError{Reason: fmt.Sprintf("line %d: %v", lineNo, err), Header: h}
		}
		sum = next
	}
	if r == nil {
		return nil, sum, &CorruptError{Reason: "empty file"}
	}
	if r.Pending() && len(r.Parts) > 0 {
		return nil, sum, &CorruptError{Reason: "parts on a pending record", Header: r.headerOnly()}
	}
	return r, sum, nil
}

func verifyLine(prev [32]byte, line []byte) ([32]byte, []byte, error) {
	i := bytes.LastIndexByte(line, '\t')
	if i < 0 {
		return prev, nil, fmt.Errorf("no checksum")
	}
	js, got := line[:i], line[i+1:]
	want := chain(prev, js)
	var g [32]byte
	if len(got) != 64 {
		return prev, nil, fmt.Errorf("checksum is not 64 hex digits")
	}
	if _, err := hex.Decode(g[:], got); err != nil || g != want {
		return prev, nil, fmt.Errorf("checksum mismatch")
	}
	return want, js, nil
}

func strictUnmarshal(js []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(js))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return err
	}
	if d.More() {
		return fmt.Errorf("trailing data after JSON")
	}
	return nil
}

func decodeHeader(js []byte) (*Record, error) {
	var h wireHeader
	if err := strictUnmarshal(js, &h); err != nil {
		return nil, err
	}
	if h.Magic != Magic {
		return nil, fmt.Errorf("not a checkpoint (magic %q)", h.Magic)
	}
	if h.Version != Version {
		return nil, fmt.Errorf("unsupported version %d", h.Version)
	}
	r := &Record{
		Endpoint: h.Endpoint, Bucket: h.Bucket, Key: h.Key, UploadID: h.UploadID,
		PartSize: h.PartSize, PartCount: h.PartCount, HeaderDigest: h.HeaderDigest, File: h.File,
		Started: h.Started,
	}
	if err := r.validateHeader(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Record) addPart(js []byte) error {
	var w wirePart
	if err := strictUnmarshal(js, &w); err != nil {
		return err
	}
	p := Part{Number: w.Number, Offset: w.Offset, Size: w.Size, ETag: w.ETag, SHA256: w.SHA256}
	if w.CRC64 != nil {
		p.CRC64, p.HasCRC = *w.CRC64, true
	}
	if err := r.validatePart(&p); err != nil {
		return err
	}
	r.SetPart(p) // a later line for the same part (sent again) wins
	return nil
}

// headerOnly returns a copy of r without parts, or nil.
// salvageHeader reads the identity of the upload from a header line that failed verification:
// the reliability campaign found that a hand-edited header otherwise left the upload's parts
// on the server, open and unknown, forever.
func salvageHeader(line []byte) *Record {
	if i := bytes.LastIndexByte(line, '\t'); i >= 0 {
		line = line[:i]
	}
	var h wireHeader
	if json.Unmarshal(line, &h) != nil || h.Magic != Magic || h.Bucket == "" || h.Key == "" ||
		(h.UploadID == "") == (h.Started == 0) {
		return nil
	}
	return &Record{Endpoint: h.Endpoint, Bucket: h.Bucket, Key: h.Key, UploadID: h.UploadID, Started: h.Started}
}

func (r *Record) headerOnly() *Record {
	if r == nil {
		return nil
	}
	h := *r
	h.Parts = nil
	return &h
}
