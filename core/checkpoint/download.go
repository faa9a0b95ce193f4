package checkpoint

// The record of a resumable download (package download). It lives in the same kind of file as
// an upload's record — a journal of JSON lines chained by SHA-256, written atomically by Save and
// appended to per finished range, under the same advisory lock — but under its own magic, so an
// upload never reads a download's record as its own nor the other way round.
//
// Line 1 is the header: the object (endpoint, bucket, key, and its identity on the server:
// size, ETag, Last-Modified, CRC-64), the range size and count, and the temporary file's path.
// Every further line is either one finished range (number, offset, size, CRC-64 of the bytes
// written) or a seal: the temporary file's identity (size, mtime, ctime, device, inode) taken
// after the last run stopped writing. A seal is only trusted as the last line: a range appended
// after it means a run wrote to the file since. A resume trusts the recorded ranges without
// reading them only when the temporary file still has the sealed identity; otherwise (a run
// killed before it could seal, or the file touched since) it reads each recorded range back and
// keeps those whose CRC-64 still matches.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// DownloadMagic identifies a download record.
const DownloadMagic = "ossresume-download"

// ObjectID is an object's identity on the server, as HEAD reports it. A download continues only
// into the same identity: an object replaced under its name (another ETag) starts afresh.
type ObjectID struct {
	Size           int64  `json:"size"`
	ETag           string `json:"etag"`
	LastModifiedNs int64  `json:"last_modified_ns"`
	CRC64          uint64 `json:"crc64"`
	HasCRC         bool   `json:"has_crc"`
}

// Range is one finished range of a download: its bytes are in the temporary file, and CRC64 is
// theirs as written.
type Range struct {
	Number int    `json:"n"`
	Offset int64  `json:"off"`
	Size   int64  `json:"size"`
	CRC64  uint64 `json:"crc64"`
}

// DownloadRecord is one resumable download.
type DownloadRecord struct {
	Endpoint    string
	Bucket, Key string
	Object      ObjectID
	PartSize    int64
	PartCount   int
	TempPath    string  // absolute
	Ranges      []Range // ascending by Number, unique
	// Seal is the temporary file's identity when the last run stopped; nil when that run
	// ended without sealing (killed) or wrote after its seal.
	Seal *FileID

	TornTail bool // Decode dropped an incomplete last line
}

type wireDownloadHeader struct {
	Magic     string   `json:"magic"`
	Version   int      `json:"version"`
	Endpoint  string   `json:"endpoint"`
	Bucket    string   `json:"bucket"`
	Key       string   `json:"key"`
	Object    ObjectID `json:"object"`
	PartSize  int64    `json:"part_size"`
	PartCount int      `json:"part_count"`
	TempPath  string   `json:"temp_path"`
}

// wireDownloadLine is every further line: a range, or a seal.
type wireDownloadLine struct {
	Number *int    `json:"n,omitempty"`
	Offset int64   `json:"off,omitempty"`
	Size   int64   `json:"size,omitempty"`
	CRC64  *uint64 `json:"crc64,omitempty"`
	Seal   *FileID `json:"seal,omitempty"`
}

// Validate checks the header and every range against the plan.
func (r *DownloadRecord) Validate() error {
	switch {
	case r.Bucket == "" || r.Key == "":
		return fmt.Errorf("empty bucket or key")
	case r.Object.Size < 0:
		return fmt.Errorf("negative object size %d", r.Object.Size)
	case r.Object.ETag == "":
		return fmt.Errorf("empty ETag")
	case r.PartSize <= 0:
		return fmt.Errorf("range size %d", r.PartSize)
	case r.PartCount != PlanCount(r.Object.Size, r.PartSize):
		return fmt.Errorf("range count %d does not match %d bytes in ranges of %d", r.PartCount, r.Object.Size, r.PartSize)
	case r.TempPath == "":
		return fmt.Errorf("empty temporary path")
	}
	prev := 0
	for _, p := range r.Ranges {
		if err := r.validateRange(p); err != nil {
			return err
		}
		if p.Number <= prev {
			return fmt.Errorf("ranges out of order at %d", p.Number)
		}
		prev = p.Number
	}
	return nil
}

func (r *DownloadRecord) validateRange(p Range) error {
	if p.Number < 1 || p.Number > r.PartCount {
		return fmt.Errorf("range number %d outside 1..%d", p.Number, r.PartCount)
	}
	off, sz := PartRange(p.Number, r.Object.Size, r.PartSize)
	if p.Offset != off || p.Size != sz {
		return fmt.Errorf("range %d at %d+%d, the plan says %d+%d", p.Number, p.Offset, p.Size, off, sz)
	}
	return nil
}

// SetRange records p, replacing an earlier entry with the same number, keeping Ranges sorted.
func (r *DownloadRecord) SetRange(p Range) {
	lo, hi := 0, len(r.Ranges)
	for lo < hi {
		m := (lo + hi) / 2
		if r.Ranges[m].Number < p.Number {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(r.Ranges) && r.Ranges[lo].Number == p.Number {
		r.Ranges[lo] = p
		return
	}
	r.Ranges = append(r.Ranges, Range{})
	copy(r.Ranges[lo+1:], r.Ranges[lo:])
	r.Ranges[lo] = p
}

// EncodeDownload returns the native form of r (header, ranges, and the seal when set) and the
// checksum of its last line.
func EncodeDownload(r *DownloadRecord) ([]byte, [32]byte) {
	var sum [32]byte
	h, _ := json.Marshal(wireDownloadHeader{Magic: DownloadMagic, Version: Version, Endpoint: r.Endpoint,
		Bucket: r.Bucket, Key: r.Key, Object: r.Object, PartSize: r.PartSize, PartCount: r.PartCount,
		TempPath: r.TempPath})
	out := appendLine(make([]byte, 0, 320+64*len(r.Ranges)), &sum, h)
	for i := range r.Ranges {
		out = appendLine(out, &sum, rangeJSON(&r.Ranges[i]))
	}
	if r.Seal != nil {
		out = appendLine(out, &sum, sealJSON(r.Seal))
	}
	return out, sum
}

func rangeJSON(p *Range) []byte {
	n, c := p.Number, p.CRC64
	js, _ := json.Marshal(wireDownloadLine{Number: &n, Offset: p.Offset, Size: p.Size, CRC64: &c})
	return js
}

func sealJSON(id *FileID) []byte {
	js, _ := json.Marshal(wireDownloadLine{Seal: id})
	return js
}

// DecodeDownload parses a download record. As with Decode, a torn last line is dropped and
// anything else that does not verify makes the record a *CorruptError.
func DecodeDownload(data []byte) (*DownloadRecord, error) {
	var sum [32]byte
	var r *DownloadRecord
	for lineNo := 1; len(data) > 0; lineNo++ {
		line, rest, complete := cutLine(data)
		data = rest
		next, js, err := verifyLine(sum, line)
		if err == nil {
			if r == nil {
				r, err = decodeDownloadHeader(js)
			} else {
				err = r.addLine(js)
			}
		}
		if err != nil {
			if !complete && r != nil {
				r.TornTail = true
				break
			}
			return nil, &CorruptError{Reason: fmt.Sprintf("line %d: %v", lineNo, err)}
		}
		sum = next
	}
	if r == nil {
		return nil, &CorruptError{Reason: "empty"}
	}
	return r, nil
}

func cutLine(data []byte) (line, rest []byte, complete bool) {
	for i, b := range data {
		if b == '\n' {
			return data[:i], data[i+1:], true
		}
	}
	return data, nil, false
}

func decodeDownloadHeader(js []byte) (*DownloadRecord, error) {
	var h wireDownloadHeader
	if err := strictUnmarshal(js, &h); err != nil {
		return nil, err
	}
	if h.Magic != DownloadMagic {
		return nil, fmt.Errorf("not a download record (magic %q)", h.Magic)
	}
	if h.Version != Version {
		return nil, fmt.Errorf("version %d, this library reads %d", h.Version, Version)
	}
	r := &DownloadRecord{Endpoint: h.Endpoint, Bucket: h.Bucket, Key: h.Key, Object: h.Object,
		PartSize: h.PartSize, PartCount: h.PartCount, TempPath: h.TempPath}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *DownloadRecord) addLine(js []byte) error {
	var w wireDownloadLine
	if err := strictUnmarshal(js, &w); err != nil {
		return err
	}
	switch {
	case w.Seal != nil && w.Number == nil:
		r.Seal = w.Seal
		return nil
	case w.Seal == nil && w.Number != nil && w.CRC64 != nil:
		p := Range{Number: *w.Number, Offset: w.Offset, Size: w.Size, CRC64: *w.CRC64}
		if err := r.validateRange(p); err != nil {
			return err
		}
		r.Seal = nil // written after the seal: the file changed since
		r.SetRange(p)
		return nil
	}
	return fmt.Errorf("neither a range nor a seal")
}

// LoadDownload reads the download record at path without locking it. Like Load: an error
// satisfying errors.Is(err, fs.ErrNotExist) when there is none, an *UntrustedError (inside an
// *fs.PathError) for a record the caller does not own or others may write, a *CorruptError for
// one that does not verify (an upload's record included).
func LoadDownload(path string) (*DownloadRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxFile+1))
	if err != nil {
		return nil, err
	}
	if err := checkTrusted(f, path, false); err != nil {
		return nil, err
	}
	if len(data) > maxFile {
		return nil, &CorruptError{Path: path, Reason: fmt.Sprintf("larger than %d bytes", maxFile)}
	}
	r, err := DecodeDownload(data)
	var ce *CorruptError
	if errors.As(err, &ce) {
		ce.Path = path
	}
	return r, err
}

// LoadDownload reads the store's file as a download record; see the function LoadDownload.
func (s *Store) LoadDownload() (*DownloadRecord, error) { return LoadDownload(s.path) }

// SaveDownload replaces the file with r atomically, as Save does; later AppendRange and
// AppendSeal calls continue it.
func (s *Store) SaveDownload(r *DownloadRecord) error {
	if err := r.Validate(); err != nil {
		return fmt.Errorf("checkpoint: refusing to save an invalid download record: %w", err)
	}
	data, sum := EncodeDownload(r)
	return s.replace(data, sum, true)
}

// AppendRange records one finished range, with Append's guarantees: in the file when it
// returns, fsynced within SyncDelay or by Sync.
func (s *Store) AppendRange(p Range) error { return s.appendJSON(rangeJSON(&p)) }

// AppendSeal records the temporary file's identity after a run stopped writing to it, and
// makes the record durable: a resume that finds the file unchanged trusts the ranges unread.
func (s *Store) AppendSeal(id FileID) error {
	if err := s.appendJSON(sealJSON(&id)); err != nil {
		return err
	}
	return s.Sync()
}

func (s *Store) appendJSON(js []byte) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.broken != nil {
		return fmt.Errorf("checkpoint: an earlier write failed: %w", s.broken)
	}
	if s.journal == nil {
		return errors.New("checkpoint: append before save")
	}
	sum := s.sum
	line := appendLine(nil, &sum, js)
	if _, err := s.journal.Write(line); err != nil {
		s.broken = err
		return err
	}
	s.sum = sum
	s.written++
	if s.syncTimer == nil {
		s.syncTimer = time.AfterFunc(s.syncDelay, s.syncLater)
	}
	return nil
}
