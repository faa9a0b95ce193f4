package main

/*
#include "native_bridge.h"
*/
import "C"

import (
	"context"
	"errors"
	"time"
	"unsafe"

	"github.com/ossresume/ossresume/core/upload"
)

// cancelPollInterval is how often a running upload looks at its C cancel flag. The flag is
// polled rather than signalled because ossr_upload_cancel must stay async-signal-safe, so it
// cannot enter Go; 20 ms keeps cancel prompt at a negligible cost.
const cancelPollInterval = 20 * time.Millisecond

// nativeUpload is one running or finished upload; an ossr_upload stands for one, and so does
// each ossr_upload_file call while it runs.
type nativeUpload struct {
	prog   *upload.ProgressBox
	rec    *upload.RecordBox // the record as it grows, for ossr_upload_state
	size   int64 // the file's size when checked; progress's total until the engine reports
	path   string
	ctx    context.Context
	cancel context.CancelCauseFunc
	done   chan struct{} // closed when res and err are final
	polled chan struct{} // closed when the cancel poller stopped (or never ran)

	res *upload.Result
	err error
}

// startNative runs j in the background. flag, when not nil, is the C cancel flag to poll.
func startNative(c *nativeClient, j *nativeJob, flag *C.ossr_upload) *nativeUpload {
	ctx, cancel := context.WithCancelCause(context.Background())
	u := &nativeUpload{prog: upload.NewProgressBox(), rec: upload.NewRecordBox(), size: j.size, path: j.opts.FilePath, ctx: ctx,
		cancel: cancel, done: make(chan struct{}), polled: make(chan struct{})}
	go u.run(c, j)
	if flag != nil {
		go u.pollCancel(flag)
	} else {
		close(u.polled)
	}
	return u
}

func (u *nativeUpload) run(c *nativeClient, j *nativeJob) {
	defer close(u.done)
	defer func() {
		if r := recover(); r != nil {
			u.res, u.err = nil, panicError(r)
		}
	}()
	opts := j.opts
	opts.ProgressBox = u.prog
	opts.RecordBox = u.rec
	u.res, u.err = upload.Upload(u.ctx, c.api, opts)
}

// pollCancel watches the C flag that ossr_upload_cancel sets until the upload ends.
func (u *nativeUpload) pollCancel(flag *C.ossr_upload) {
	defer close(u.polled)
	t := time.NewTicker(cancelPollInterval)
	defer t.Stop()
	for {
		select {
		case <-u.done:
			return
		case <-t.C:
			if C.ossrn_cancel_requested(flag) != 0 {
				u.cancel(errCancelledByHandle)
				return
			}
		}
	}
}

// relay calls the C progress callback on the calling goroutine (the C caller's thread, since
// a cgo export runs there) with each new value until the upload ends. A non-zero return
// cancels the upload and stops further calls. An empty file gives no calls, so a callback
// may divide by total.
func (u *nativeUpload) relay(fn C.ossr_progress_fn, userData unsafe.Pointer) {
	if fn == nil {
		<-u.done
		return
	}
	stopped := false
	for {
		ended := false
		select {
		case <-u.prog.Ready():
		case <-u.done:
			ended = true
		}
		d, t, fresh := u.prog.TryTake()
		if fresh && !stopped && t > 0 && C.ossrn_call_progress(fn, C.int64_t(d), C.int64_t(t), userData) != 0 {
			stopped = true
			u.cancel(errCancelledByCallback)
		}
		if ended && !fresh {
			return
		}
	}
}

// wait reports whether the upload ended within timeout (negative: no limit).
func (u *nativeUpload) wait(timeout time.Duration) bool {
	select {
	case <-u.done:
		return true
	default:
	}
	if timeout == 0 {
		return false
	}
	if timeout < 0 {
		<-u.done
		return true
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-u.done:
		return true
	case <-t.C:
		return false
	}
}

func (u *nativeUpload) finished() bool {
	select {
	case <-u.done:
		return true
	default:
		return false
	}
}

// progress is the latest value; total is the file's size until the engine says otherwise.
func (u *nativeUpload) progress() (done, total int64) {
	done, total = u.prog.Load()
	if total == 0 {
		total = u.size
	}
	return done, total
}

// outcome is the upload's end as the C structures carry it; call only after done.
func (u *nativeUpload) outcome() (*C.ossr_result, *C.ossr_error, int) {
	if u.err == nil && u.res != nil {
		r := cResult(u.res, u.size)
		if r == nil {
			return nil, cError(failure{code: codeInternal, errorCode: "OutOfMemory", message: "out of memory"}), C.OSSR_E_INTERNAL
		}
		return r, nil, C.OSSR_OK
	}
	err := u.err
	if err == nil {
		err = errors.New("internal error: the upload ended with neither a result nor an error")
	}
	var cause error
	if u.ctx.Err() != nil {
		cause = context.Cause(u.ctx)
	}
	f := classify(err, cause, u.path)
	return nil, cError(f), f.code
}
