package upload

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
)

// combinedCRC folds the parts' CRCs into the object's, without reading the file again.
func (j *job) combinedCRC() uint64 {
	var crc uint64
	for _, p := range j.rec.Parts {
		crc = crc64.Combine(crc, p.CRC64, p.Size)
	}
	return crc
}

// complete sends CompleteMultipartUpload and verifies the object's CRC-64. A Complete whose
// answer was lost (a retry then gets NoSuchUpload) is recognised by HEAD: same size and CRC.
func (j *job) complete(ctx context.Context) (*Result, error) {
	parts := make([]oss.CompletedPart, len(j.rec.Parts))
	for i, p := range j.rec.Parts {
		parts[i] = oss.CompletedPart{PartNumber: p.Number, ETag: p.ETag}
	}
	sort.Slice(parts, func(a, b int) bool { return parts[a].PartNumber < parts[b].PartNumber })
	crc := j.combinedCRC()
	res := &Result{Bucket: j.rec.Bucket, Key: j.rec.Key, UploadID: j.rec.UploadID, CRC64: crc,
		BytesSent: j.sent, BytesResumed: j.resumed, PartSize: j.rec.PartSize, Parts: j.rec.PartCount}

	var out *oss.CompleteOutput
	err := j.retry.do(ctx, func() (err error) {
		out, err = j.api.CompleteMultipartUpload(ctx, &oss.CompleteInput{Bucket: j.rec.Bucket, Key: j.rec.Key,
			UploadID: j.rec.UploadID, Parts: parts, Header: j.compHdr.Clone()})
		return err
	})
	var oe *oss.Error
	switch {
	case err == nil:
	case errors.As(err, &oe) && oe.Code == "NoSuchUpload":
		if !j.completedEarlier(ctx, crc, res) {
			return nil, err
		}
		return res, j.settle()
	case errors.As(err, &oe) && oe.StatusCode == 203:
		// The object is written; only the callback failed. The upload id is spent, so the
		// record is of no further use.
		j.settle()
		return nil, err
	default:
		return nil, err
	}
	if out.HasCRC64 {
		res.Verified = out.CRC64 == crc
		if !res.Verified {
			if err := j.crcMismatch(&InconsistentError{What: "object", Local: crc, Server: out.CRC64, RequestID: out.RequestID}); err != nil {
				return nil, err
			}
		}
	} else if err := j.verifyByHead(ctx, j.rec.Bucket, j.rec.Key, j.rec.File.Size, crc, res); err != nil {
		return nil, err
	}
	res.ETag, res.RequestID, res.Header, res.Body, res.StatusCode = out.ETag, out.RequestID, out.Header, out.Body, out.StatusCode
	return res, j.settle()
}

// verifyByHead makes good an answer that carried no CRC-64 (a proxy stripped it, or an
// OSS-compatible server omits it): the object's CRC from a HEAD is compared instead. A HEAD
// without one either leaves res unverified, with a notice; a HEAD that disagrees is an
// InconsistentError like Complete's own mismatch.
func (j *job) verifyByHead(ctx context.Context, bucket, key string, size int64, crc uint64, res *Result) error {
	var h *oss.HeadObjectOutput
	err := j.retry.do(ctx, func() (err error) {
		h, err = j.api.HeadObject(ctx, &oss.HeadObjectInput{Bucket: bucket, Key: key})
		return err
	})
	switch {
	case err != nil:
		j.o.Notify(fmt.Sprintf("the object is NOT verified: the answer carried no CRC-64 and HEAD failed: %v", err))
		return nil
	case !h.HasCRC64:
		j.o.Notify("the object is NOT verified: neither the answer nor a HEAD of it carried a CRC-64 (x-oss-hash-crc64ecma)")
		return nil
	case h.Size != size || h.CRC64 != crc:
		e := &InconsistentError{What: "object", Local: crc, Server: h.CRC64, RequestID: h.RequestID}
		if h.Size != size {
			return e // a size that differs is no CRC question: SkipCRCCheck does not cover it
		}
		return j.crcMismatch(e)
	}
	res.Verified = true
	j.o.Notify("the answer carried no CRC-64; the object was verified by HEAD (size and CRC-64)")
	return nil
}

// completedEarlier reports whether the object already is what this upload would make.
func (j *job) completedEarlier(ctx context.Context, crc uint64, res *Result) bool {
	var h *oss.HeadObjectOutput
	err := j.retry.do(ctx, func() (err error) {
		h, err = j.api.HeadObject(ctx, &oss.HeadObjectInput{Bucket: j.rec.Bucket, Key: j.rec.Key})
		return err
	})
	if err != nil || h.Size != j.rec.File.Size || !h.HasCRC64 || h.CRC64 != crc {
		return false
	}
	j.o.Notify("the upload was already completed by an earlier attempt; verified by HEAD (size and CRC-64)")
	res.Verified = true
	res.ETag, res.RequestID, res.Header, res.StatusCode = h.ETag, h.RequestID, h.Header, h.StatusCode
	return true
}

// settle removes the checkpoint (and a C SDK .ucp taken over) once the object is verified.
func (j *job) settle() error {
	if j.store == nil {
		return nil
	}
	if err := j.store.Remove(); err != nil {
		return fmt.Errorf("upload: the object is complete but its checkpoint could not be removed: %w", err)
	}
	if j.ucpPath != "" {
		if err := removeFile(j.ucpPath); err != nil {
			return fmt.Errorf("upload: the object is complete but %s could not be removed: %w", j.ucpPath, err)
		}
	}
	return nil
}
