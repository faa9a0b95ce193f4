package download

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
)

// errShortBody is a range answer that ended before its Content-Length: the connection was cut,
// and the same request may well succeed.
var errShortBody = errors.New("the range's body ended early")

// retryable: what the upload engine retries, plus a body cut short mid-range.
func retryable(err error) bool {
	return errors.Is(err, errShortBody) || oss.IsRetryable(err)
}

// fetchRange fetches range n into the temporary file through buf, retrying transient failures,
// and records it.
func (j *job) fetchRange(ctx context.Context, n int, buf []byte) error {
	off, size := checkpoint.PartRange(n, j.rec.Object.Size, j.rec.PartSize)
	var crc uint64
	err := j.retry.Do(ctx, retryable, func() error {
		var written int64
		var err error
		crc, written, err = j.fetchOnce(ctx, off, size, buf)
		if err != nil {
			j.mu.Lock()
			j.pending -= written
			j.mu.Unlock()
		}
		return err
	})
	if err != nil {
		return err
	}
	r := checkpoint.Range{Number: n, Offset: off, Size: size, CRC64: crc}
	j.mu.Lock()
	j.rec.SetRange(r)
	j.pending -= size
	j.acked += size
	j.res.Fetched += size
	j.mu.Unlock()
	if j.store != nil {
		if err := j.store.AppendRange(r); err != nil {
			return fmt.Errorf("download: writing checkpoint %s: %w", j.store.Path(), err)
		}
	}
	return nil
}

// fetchOnce is one GET of the range, streamed into the file at its offset with its CRC-64
// computed as it is written. It returns the bytes written, for the progress to take back.
func (j *job) fetchOnce(ctx context.Context, off, size int64, buf []byte) (crc uint64, written int64, err error) {
	obj := j.rec.Object
	out, err := j.api.GetRange(ctx, &oss.GetRangeInput{Bucket: j.rec.Bucket, Key: j.rec.Key,
		Offset: off, Size: size, IfMatch: obj.ETag})
	if err != nil {
		var oe *oss.Error
		if errors.As(err, &oe) && oe.Code == "PreconditionFailed" {
			return 0, 0, &ObjectChangedError{Was: "ETag " + obj.ETag, Now: "If-Match refused", RequestID: oe.RequestID}
		}
		return 0, 0, err
	}
	defer out.Body.Close()
	// If-Match makes these redundant against OSS; they keep a server that ignores it honest.
	switch {
	case out.ObjectSize != obj.Size:
		return 0, 0, &ObjectChangedError{Was: "size " + strconv.FormatInt(obj.Size, 10), Now: strconv.FormatInt(out.ObjectSize, 10), RequestID: out.RequestID}
	case out.ETag != "" && out.ETag != obj.ETag:
		return 0, 0, &ObjectChangedError{Was: "ETag " + obj.ETag, Now: out.ETag, RequestID: out.RequestID}
	case out.HasCRC64 && obj.HasCRC && out.CRC64 != obj.CRC64:
		return 0, 0, &ObjectChangedError{Was: "CRC-64 " + strconv.FormatUint(obj.CRC64, 10), Now: strconv.FormatUint(out.CRC64, 10), RequestID: out.RequestID}
	}
	for written < size {
		want := min(int64(len(buf)), size-written)
		n, rerr := io.ReadFull(out.Body, buf[:want])
		if n > 0 {
			if _, werr := j.temp.WriteAt(buf[:n], off+written); werr != nil {
				return 0, written, &TargetError{Path: j.temp.Name(), Reason: "cannot write the temporary file", Err: unwrapPath(werr)}
			}
			crc = crc64.Update(crc, buf[:n])
			written += int64(n)
			j.mu.Lock()
			j.pending += int64(n)
			j.mu.Unlock()
			j.publish()
		}
		if rerr != nil {
			if ctx.Err() != nil {
				return 0, written, ctx.Err()
			}
			if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
				return 0, written, fmt.Errorf("download: GetObject bytes %d-%d: %w after %d of %d bytes",
					off, off+size-1, errShortBody, written, size)
			}
			return 0, written, &oss.TransportError{Op: "GetObject", Kind: oss.TransportReset, Err: rerr}
		}
	}
	return crc, written, nil
}
