package upload

import (
	"context"
	"fmt"
	"net/http"

	"github.com/ossresume/ossresume/core/oss"
)

// putEmpty uploads an empty file with PutObject: OSS's answer to a Complete with no parts is
// undocumented, and one request is all an empty object needs. A checkpoint left by an earlier,
// non-empty version of the file is settled first.
func (j *job) putEmpty(ctx context.Context) (*Result, error) {
	if j.store != nil {
		if old, err := j.store.Load(); err == nil && old.Bucket == j.o.Bucket && old.Key == j.o.Key && old.Endpoint == j.o.Endpoint {
			j.abort(ctx, old.Bucket, old.Key, old.UploadID)
		}
	}
	h := j.initHdr.Clone()
	for k, v := range j.compHdr {
		h[k] = v
	}
	var out *oss.PutObjectOutput
	err := j.retry.do(ctx, func() (err error) {
		out, err = j.api.PutObject(ctx, &oss.PutObjectInput{Bucket: j.o.Bucket, Key: j.o.Key, Body: http.NoBody, Size: 0, Header: h.Clone()})
		return err
	})
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("upload: canceled: %w", ctx.Err())
		}
		return nil, err
	}
	if out.HasCRC64 && out.CRC64 != 0 {
		if err := j.crcMismatch(&InconsistentError{What: "object", Local: 0, Server: out.CRC64, RequestID: out.RequestID}); err != nil {
			return nil, err
		}
	}
	if j.store != nil {
		if err := j.store.Remove(); err != nil {
			return nil, err
		}
	}
	j.prog.finish()
	return &Result{Bucket: j.o.Bucket, Key: j.o.Key, ETag: out.ETag, RequestID: out.RequestID,
		Header: out.Header, Body: out.Body, StatusCode: out.StatusCode, PartSize: 0, Parts: 0}, nil
}
