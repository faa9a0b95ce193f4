package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"sync"
	"time"
)

// newRawDL is the download baseline: HEAD for the size, a preallocated file, then ranged GETs of
// PartSize with the same parallelism, each streamed through one 256 KiB buffer per worker (as
// core/download's default) straight to its offset; no hashing, no checkpoint, no retry, no
// temporary file, no fsync.
func newRawDL(spec Spec) (func(context.Context) error, error) {
	r, err := newRawClient(spec)
	if err != nil {
		return nil, err
	}
	return r.download, nil
}

func (r *raw) download(ctx context.Context) error {
	defer r.client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, r.base, nil)
	if err != nil {
		return err
	}
	signV1(req.Header, req.Method, r.res, r.spec.KeyID, r.spec.Secret, time.Now())
	head, err := r.do(req)
	if err != nil {
		return fmt.Errorf("head: %w", err)
	}
	size, err := strconv.ParseInt(head.Get("Content-Length"), 10, 64)
	if err != nil || size <= 0 {
		return fmt.Errorf("head: Content-Length %q", head.Get("Content-Length"))
	}
	f, err := os.OpenFile(r.spec.File, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := preallocateFile(f, size); err != nil {
		return err
	}
	ranges := int((size + r.spec.PartSize - 1) / r.spec.PartSize)
	next := make(chan int)
	errs := make(chan error, r.spec.Threads)
	var wg sync.WaitGroup
	for range r.spec.Threads {
		wg.Go(func() { errs <- r.getter(ctx, f, size, next) })
	}
	var failed error
feed:
	for n := range ranges {
		select {
		case next <- n:
		case failed = <-errs:
			break feed
		}
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		failed = errors.Join(failed, err)
	}
	return failed
}

// getter fetches the ranges it is handed until next closes.
func (r *raw) getter(ctx context.Context, f *os.File, size int64, next <-chan int) error {
	buf := make([]byte, 256<<10)
	for n := range next {
		off := int64(n) * r.spec.PartSize
		end := min(off+r.spec.PartSize, size) - 1
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.base, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Range", "bytes="+strconv.FormatInt(off, 10)+"-"+strconv.FormatInt(end, 10))
		signV1(req.Header, req.Method, r.res, r.spec.KeyID, r.spec.Secret, time.Now())
		resp, err := r.client.Do(req)
		if err != nil {
			return fmt.Errorf("range %d: %w", n, err)
		}
		if resp.StatusCode != http.StatusPartialContent {
			resp.Body.Close()
			return fmt.Errorf("range %d: HTTP %d", n, resp.StatusCode)
		}
		w, err := io.CopyBuffer(io.NewOffsetWriter(f, off), struct{ io.Reader }{resp.Body}, buf)
		resp.Body.Close()
		if err == nil && w != end-off+1 {
			err = fmt.Errorf("%d of %d bytes", w, end-off+1)
		}
		if err != nil {
			return fmt.Errorf("range %d: %w", n, err)
		}
	}
	return nil
}
