package checkpoint

import (
	"encoding/hex"
	"fmt"
)

// Limits of OSS multipart uploads that every record must respect.
const (
	MaxParts    = 10000
	MaxPartSize = 5 << 30
)

// Magic and Version identify the native format.
const (
	Magic   = "ossresume-checkpoint"
	Version = 1
)

// Format says where a Record was read from.
type Format int

const (
	FormatNative Format = iota // this package's journal
	FormatUCP                  // the official C SDK's .ucp XML
)

// FileID identifies the local file an upload reads.
type FileID struct {
	Path    string `json:"path"` // absolute (native); as the C SDK was given it (UCP)
	Size    int64  `json:"size"`
	MtimeNs int64  `json:"mtime_ns"` // UCP records hold microseconds, stored here ×1000
	Dev     uint64 `json:"dev"`      // 0 when unknown (UCP)
	Ino     uint64 `json:"ino"`      // 0 when unknown (UCP)
	// CtimeNs is the inode's change time. Unlike the mtime, no user process can set it back,
	// so a file rewritten in place with its mtime restored is still seen to have changed.
	// 0 when unknown (UCP, records written before it was kept, platforms without it); omitted
	// then, so those records encode as they always did.
	CtimeNs int64 `json:"ctime_ns,omitempty"`
}

// Part is one finished part.
type Part struct {
	Number int
	Offset int64
	Size   int64
	ETag   string // as the server sent it, quotes included
	CRC64  uint64
	HasCRC bool   // false only for parts imported from a .ucp (the C SDK writes 0 there)
	SHA256 string // hex; empty when SHA-256 was switched off or is unknown
}

// Record is one resumable upload.
type Record struct {
	Endpoint     string
	Bucket, Key  string
	UploadID     string
	PartSize     int64
	PartCount    int
	HeaderDigest string // digest of the object's headers, so a resume with other headers is detected
	File         FileID
	Parts        []Part // finished parts, ascending by Number, unique

	// Started (Unix ns, local clock) marks a pending record: saved just before Initiate, with
	// no UploadID yet, so that a process killed before the upload id is recorded still leaves
	// the object, the file and the moment behind, and the next call can find the upload it
	// left open. 0 on every record that names an upload.
	Started int64

	Format Format // where it was read from; Save always writes FormatNative
	// TornTail reports that Decode dropped an incomplete last line (a crash mid-append).
	TornTail bool
}

// Pending reports whether r was saved before Initiate answered: it names no upload yet.
func (r *Record) Pending() bool { return r.UploadID == "" && r.Started != 0 }

// PlanCount returns the number of parts of a file of size bytes cut into partSize pieces.
func PlanCount(size, partSize int64) int {
	if size <= 0 || partSize <= 0 {
		return 0
	}
	return int((size + partSize - 1) / partSize)
}

// PartRange returns the offset and size of part n (1-based) of the plan.
func PartRange(n int, size, partSize int64) (off, sz int64) {
	off = int64(n-1) * partSize
	sz = min(partSize, size-off)
	return off, sz
}

// validateHeader checks what a header must satisfy on its own.
func (r *Record) validateHeader() error {
	switch {
	case r.Bucket == "":
		return fmt.Errorf("empty bucket")
	case r.Key == "":
		return fmt.Errorf("empty key")
	case r.UploadID == "" && r.Started == 0:
		return fmt.Errorf("empty upload id")
	case r.UploadID != "" && r.Started != 0:
		return fmt.Errorf("upload id %q on a pending record", r.UploadID)
	case r.PartSize <= 0 || r.PartSize > MaxPartSize:
		return fmt.Errorf("part size %d outside 1..%d", r.PartSize, int64(MaxPartSize))
	case r.File.Size < 0:
		return fmt.Errorf("negative file size %d", r.File.Size)
	case r.PartCount < 0 || r.PartCount > MaxParts:
		return fmt.Errorf("part count %d outside 0..%d", r.PartCount, MaxParts)
	case r.PartCount != PlanCount(r.File.Size, r.PartSize):
		return fmt.Errorf("part count %d does not match %d bytes in parts of %d", r.PartCount, r.File.Size, r.PartSize)
	}
	return nil
}

// validatePart checks that p lies where the record's plan puts it.
func (r *Record) validatePart(p *Part) error {
	if p.Number < 1 || p.Number > r.PartCount {
		return fmt.Errorf("part number %d outside 1..%d", p.Number, r.PartCount)
	}
	off, sz := PartRange(p.Number, r.File.Size, r.PartSize)
	if p.Offset != off || p.Size != sz {
		return fmt.Errorf("part %d at %d+%d, the plan says %d+%d", p.Number, p.Offset, p.Size, off, sz)
	}
	if p.ETag == "" {
		return fmt.Errorf("part %d has no ETag", p.Number)
	}
	if p.SHA256 != "" {
		if b, err := hex.DecodeString(p.SHA256); err != nil || len(b) != 32 {
			return fmt.Errorf("part %d: SHA-256 %q is not 64 hex digits", p.Number, p.SHA256)
		}
	}
	return nil
}

// Validate checks the whole record: header, and every part against the plan.
func (r *Record) Validate() error {
	if err := r.validateHeader(); err != nil {
		return err
	}
	if r.Pending() && len(r.Parts) > 0 {
		return fmt.Errorf("parts on a pending record")
	}
	prev := 0
	for i := range r.Parts {
		p := &r.Parts[i]
		if err := r.validatePart(p); err != nil {
			return err
		}
		if p.Number <= prev {
			return fmt.Errorf("parts out of order at %d", p.Number)
		}
		prev = p.Number
	}
	return nil
}

// SetPart records p, replacing an earlier entry with the same number and keeping Parts sorted.
func (r *Record) SetPart(p Part) {
	i := r.find(p.Number)
	if i < len(r.Parts) && r.Parts[i].Number == p.Number {
		r.Parts[i] = p
		return
	}
	r.Parts = append(r.Parts, Part{})
	copy(r.Parts[i+1:], r.Parts[i:])
	r.Parts[i] = p
}

// find returns the index of the first part whose number is ≥ n.
func (r *Record) find(n int) int {
	lo, hi := 0, len(r.Parts)
	for lo < hi {
		m := (lo + hi) / 2
		if r.Parts[m].Number < n {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}
