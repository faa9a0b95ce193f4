package main

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// oss_upload_file, the official SDK's non-resumable multipart helper, in plain Go: one part at
// a time on the caller's thread, no retries, nothing aborted on failure, the upload id handed
// back so that a later call continues it. Where the official helper trusts the server blindly
// (it resumes after as many parts as ListParts returns, whatever they are), this keeps only
// the listed parts that provably belong to the plan, so a continued upload cannot assemble
// the wrong bytes.

// sdkUploadFileInput is one oss_upload_file call.
type sdkUploadFileInput struct {
	Bucket, Key string
	UploadID    string // "": start one (Initiate)
	Path        string
	PartSize    int64       // the caller's; see sdkUploadFilePartSize
	Header      http.Header // sent with Complete, as the official helper does
	CheckCRC    bool        // enable_crc: each part's and the object's CRC-64
	Started     func(uploadID string)
}

// check refuses a part size no part may have (OSS's 5 GiB) before anything is sent.
func (in *sdkUploadFileInput) check() error {
	if in.PartSize > oss.MaxPartSize {
		return badArg("part_size", strconv.FormatInt(in.PartSize, 10)+" exceeds OSS's largest part, "+strconv.FormatInt(oss.MaxPartSize, 10)+" bytes")
	}
	return nil
}

// sdkUploadFilePartSize is the official rule: a part size that would need more than 10,000
// parts becomes size/10000+1. There is no minimum (OSS refuses parts below 100 KiB at
// Complete); a part size of 0 or less for an empty file gives one empty part.
func sdkUploadFilePartSize(size, ps int64) int64 {
	// size > ps*10000, written so that no product overflows.
	if size > 0 && ps < (size+oss.MaxPartNumber-1)/oss.MaxPartNumber {
		return size/oss.MaxPartNumber + 1
	}
	return ps
}

// filePart is one planned part and what is known of it once sent or proven.
type filePart struct {
	number    int
	off, size int64
	etag      string
	crc       uint64
}

// planFileParts lays the file out in parts of ps bytes (an empty file: one empty part).
func planFileParts(size, ps int64) []filePart {
	if size == 0 || ps <= 0 {
		return []filePart{{number: 1, size: size}}
	}
	var parts []filePart
	for off := int64(0); off < size; off += ps {
		parts = append(parts, filePart{number: len(parts) + 1, off: off, size: min(ps, size-off)})
	}
	return parts
}

// sdkUploadFile runs one oss_upload_file call and returns Complete's response.
func sdkUploadFile(ctx context.Context, c *oss.Client, in sdkUploadFileInput) (oss.Response, error) {
	f, err := os.Open(in.Path)
	if err != nil {
		return oss.Response{}, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return oss.Response{}, err
	}
	if !fi.Mode().IsRegular() {
		return oss.Response{}, &os.PathError{Op: "open", Path: in.Path, Err: upload.ErrNotRegular}
	}
	parts := planFileParts(fi.Size(), sdkUploadFilePartSize(fi.Size(), in.PartSize))

	done := 0
	if in.UploadID == "" {
		// As the official helper: Initiate without the caller's headers (they go to Complete).
		out, err := c.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: in.Bucket, Key: in.Key})
		if err != nil {
			return oss.Response{}, err
		}
		in.UploadID = out.UploadID
		if in.Started != nil {
			in.Started(in.UploadID)
		}
	} else if done, err = provenParts(ctx, c, f, in, parts); err != nil {
		return oss.Response{}, err
	}

	for i := done; i < len(parts); i++ {
		p := &parts[i]
		h := crc64.New()
		out, err := c.UploadPart(ctx, &oss.UploadPartInput{Bucket: in.Bucket, Key: in.Key, UploadID: in.UploadID,
			PartNumber: p.number, Body: io.TeeReader(io.NewSectionReader(f, p.off, p.size), h), Size: p.size})
		if err != nil {
			return oss.Response{}, err
		}
		p.etag, p.crc = out.ETag, h.Sum64()
		if in.CheckCRC && out.HasCRC64 && out.CRC64 != p.crc {
			return out.Response, &upload.InconsistentError{What: "part", PartNumber: p.number,
				Local: p.crc, Server: out.CRC64, RequestID: out.RequestID}
		}
	}

	completed := make([]oss.CompletedPart, len(parts))
	var whole uint64
	for i, p := range parts {
		completed[i] = oss.CompletedPart{PartNumber: p.number, ETag: p.etag}
		whole = crc64.Combine(whole, p.crc, p.size)
	}
	out, err := c.CompleteMultipartUpload(ctx, &oss.CompleteInput{Bucket: in.Bucket, Key: in.Key,
		UploadID: in.UploadID, Parts: completed, Header: in.Header})
	if err != nil {
		return oss.Response{}, err
	}
	if in.CheckCRC && out.HasCRC64 && out.CRC64 != whole {
		return out.Response, &upload.InconsistentError{What: "object", Local: whole, Server: out.CRC64, RequestID: out.RequestID}
	}
	return out.Response, nil
}

// provenParts lists the upload's parts and keeps the leading ones that are parts 1, 2, 3, ...
// of this plan: the same size and the same bytes as the local file, proven by the listed
// CRC-64 or, when none is listed, by an ETag that is the part's MD5. It fills their ETag and CRC and returns how many are kept; the rest are sent
// again (a part number sent again replaces the listed part).
func provenParts(ctx context.Context, c *oss.Client, f *os.File, in sdkUploadFileInput, parts []filePart) (int, error) {
	lctx, cancel := context.WithTimeout(ctx, mpListTimeout)
	defer cancel()
	out, err := c.ListParts(lctx, &oss.ListPartsInput{Bucket: in.Bucket, Key: in.Key, UploadID: in.UploadID})
	if err != nil {
		return 0, err
	}
	kept := 0
	for i, lp := range out.Parts {
		if i >= len(parts) || lp.PartNumber != parts[i].number || lp.Size != parts[i].size || lp.ETag == "" {
			break
		}
		h, m := crc64.New(), md5.New()
		if _, err := io.Copy(io.MultiWriter(h, m), io.NewSectionReader(f, parts[i].off, parts[i].size)); err != nil {
			return 0, err
		}
		sameMD5 := strings.EqualFold(strings.Trim(lp.ETag, `"`), hex.EncodeToString(m.Sum(nil)))
		if lp.HasCRC64 && lp.CRC64 != h.Sum64() || !lp.HasCRC64 && !sameMD5 {
			break
		}
		parts[i].etag, parts[i].crc = lp.ETag, h.Sum64()
		kept++
	}
	return kept, nil
}
