package main

import (
	"context"
	"errors"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

var errNoResult = errors.New("internal error: the upload ended with neither a result nor an error")

// putWhole sends a file below multipart_threshold as one PutObject (oss2's small-file path):
// no checkpoint, no parts. A transient failure resends the whole file, up to the retry count.
func putWhole(ctx context.Context, c *nativeClient, j *nativeJob, box *mailbox) (*upload.Result, error) {
	retries := j.opts.Retries
	switch {
	case retries == 0:
		retries = upload.DefaultRetries
	case retries < 0:
		retries = 0
	}
	delay := 200 * time.Millisecond
	for attempt := 0; ; attempt++ {
		res, err := putOnce(ctx, c, j, box)
		if err == nil || attempt >= retries || !oss.IsRetryable(err) || ctx.Err() != nil {
			return res, err
		}
		select {
		case <-ctx.Done():
			return nil, err
		case <-time.After(delay):
		}
		delay = min(2*delay, 10*time.Second)
	}
}

func putOnce(ctx context.Context, c *nativeClient, j *nativeJob, box *mailbox) (*upload.Result, error) {
	f, err := os.Open(j.opts.FilePath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	size := fi.Size()
	if size != j.size {
		return nil, &upload.InconsistentError{What: "file", Detail: "its size changed from " +
			itoa(j.size) + " to " + itoa(size) + " bytes before it was sent"}
	}
	body := &countingReader{r: io.LimitReader(f, size), total: size, box: box}
	out, err := c.api.PutObject(ctx, &oss.PutObjectInput{Bucket: j.opts.Bucket, Key: j.opts.Key,
		Body: body, Size: size, Header: j.opts.Header})
	if err != nil {
		return nil, err
	}
	if body.n != size {
		return nil, &upload.InconsistentError{What: "file", Detail: "read " + itoa(body.n) + " of " + itoa(size) + " bytes"}
	}
	if out.HasCRC64 && out.CRC64 != body.crc {
		return nil, &upload.InconsistentError{What: "object", Local: body.crc, Server: out.CRC64, RequestID: out.RequestID}
	}
	box.publish(size, size)
	return &upload.Result{Bucket: j.opts.Bucket, Key: j.opts.Key, ETag: out.ETag, CRC64: body.crc,
		RequestID: out.RequestID, Header: out.Header, Body: out.Body, BytesSent: size,
		StatusCode: out.StatusCode}, nil
}

// countingReader hashes what it reads and reports it, holding back the last byte until the
// server has the object, so that (total, total) means done.
type countingReader struct {
	r     io.Reader
	n     int64
	total int64
	crc   uint64
	box   *mailbox
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.crc = crc64.Update(c.crc, p[:n])
		c.n += int64(n)
		c.box.publish(min(c.n, c.total-1), c.total)
	}
	return n, err
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
