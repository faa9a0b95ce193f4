package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
)

// putWhole sends the file with one PutObject: an empty file (OSS's answer to a Complete with no
// parts is undocumented, and one request is all it needs) or one below Options.PutThreshold.
// The body streams through the same reader as a part, so it is hashed in the pass that sends
// it, and a transient failure resends it whole. A checkpoint left by an earlier, larger
// version of the file is settled first.
func (j *job) putWhole(ctx context.Context) (*Result, error) {
	if j.store != nil {
		old, err := j.store.Load()
		var ce *checkpoint.CorruptError
		switch {
		case err == nil && !j.isMine(old):
			return nil, j.otherObject(j.store.Path(), old)
		case err == nil && old.UploadID != "":
			j.abort(ctx, old.Bucket, old.Key, old.UploadID)
		case err != nil && !errors.Is(err, fs.ErrNotExist) && !errors.As(err, &ce):
			return nil, fmt.Errorf("upload: reading checkpoint: %w", err) // refused: never acted on
		}
	}
	h := j.initHdr.Clone()
	for k, v := range j.compHdr {
		h[k] = v
	}
	size := j.id.Size
	var (
		out *oss.PutObjectOutput
		crc uint64
	)
	err := j.retry.do(ctx, func() error {
		r := newPartReader(j.f, 0, size, false, j.bufs, j.prog.read)
		defer r.release()
		// A zero Content-Length with a body other than http.NoBody would be sent chunked.
		var body io.Reader = r
		if size == 0 {
			body = http.NoBody
		}
		o, err := j.api.PutObject(ctx, &oss.PutObjectInput{Bucket: j.o.Bucket, Key: j.o.Key, Body: body, Size: size, Header: h.Clone()})
		if r.localErr != nil {
			err = r.localErr // the file failed us, not the network
		}
		if err == nil && r.n != size {
			err = fmt.Errorf("upload: the client sent %d of %d bytes", r.n, size)
		}
		if err == nil && o.HasCRC64 && o.CRC64 != r.crc {
			err = j.crcMismatch(&InconsistentError{What: "object", Local: r.crc, Server: o.CRC64, RequestID: o.RequestID})
		}
		if err != nil {
			j.prog.unread(r.counted)
			return err
		}
		j.prog.ack(r.counted, r.n)
		out, crc = o, r.crc
		return nil
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("upload: canceled: %w", ctx.Err())
		}
		return nil, err
	}
	if j.store != nil {
		if err := j.store.Remove(); err != nil {
			return nil, err
		}
	}
	res := &Result{Bucket: j.o.Bucket, Key: j.o.Key, ETag: out.ETag, CRC64: crc, RequestID: out.RequestID,
		Header: out.Header, Body: out.Body, StatusCode: out.StatusCode, BytesSent: size, Verified: out.HasCRC64 && out.CRC64 == crc}
	if !out.HasCRC64 {
		if err := j.verifyByHead(ctx, j.o.Bucket, j.o.Key, size, crc, res); err != nil {
			return nil, err
		}
	}
	j.prog.finish()
	return res, nil
}
