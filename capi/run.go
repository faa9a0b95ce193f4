package main

/*
#include "native_bridge.h"
*/
import "C"

import (
	"context"
	"errors"
	"time"

	"github.com/ossresume/ossresume/core/upload"
)

// cancelPollInterval is how often a running upload looks at its C cancel flag. The flag is
// polled rather than signalled because ossr_upload_cancel must stay async-signal-safe, so it
// cannot enter Go; 20 ms keeps cancel prompt at a negligible cost.
const cancelPollInterval = 20 * time.Millisecond

// The one run loop of the library, shared by both surfaces: a translator builds the
// (oss.Config, upload.Options) of a call and checks them, startRun runs the engine on its own
// goroutine, relay hands progress to the caller's callback on the caller's thread, and end
// gives the result or the classified failure. ossr_upload_file and oss_resumable_upload_file
// block in relay; ossr_upload_start returns the handle and its caller polls or waits.

// uploadRun is one running or finished upload; an ossr_upload stands for one, and so does each
// ossr_upload_file or oss_resumable_upload_file call while it runs.
type uploadRun struct {
	prog   *upload.ProgressBox
	rec    *upload.RecordBox // the record as it grows, for ossr_upload_state
	size   int64             // the file's size when checked; progress's total until the engine reports
	path   string
	ctx    context.Context
	cancel context.CancelCauseFunc
	done   chan struct{} // closed when res and err are final
	polled chan struct{} // closed when the cancel poller stopped (or never ran)

	res *upload.Result
	err error
}

// startRun runs the engine for opts in the background; size is the file's size as checked.
// flag, when not nil, is the C cancel flag of an ossr_upload to poll.
func startRun(api upload.API, opts upload.Options, size int64, flag *C.ossr_upload) *uploadRun {
	ctx, cancel := context.WithCancelCause(context.Background())
	u := &uploadRun{prog: upload.NewProgressBox(), rec: upload.NewRecordBox(), size: size, path: opts.FilePath, ctx: ctx,
		cancel: cancel, done: make(chan struct{}), polled: make(chan struct{})}
	go u.run(api, opts)
	if flag != nil {
		go u.pollCancel(flag)
	} else {
		close(u.polled)
	}
	return u
}

func (u *uploadRun) run(api upload.API, opts upload.Options) {
	defer close(u.done)
	defer func() {
		if r := recover(); r != nil {
			u.res, u.err = nil, panicError(r)
		}
	}()
	opts.ProgressBox = u.prog
	opts.RecordBox = u.rec
	u.res, u.err = upload.Upload(u.ctx, api, opts)
}

// pollCancel watches the C flag that ossr_upload_cancel sets until the upload ends.
func (u *uploadRun) pollCancel(flag *C.ossr_upload) {
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

// relay hands each new progress value to report on the calling goroutine (the C caller's
// thread, since a cgo export runs there) until the upload ends; report calls the surface's C
// callback. A true return cancels the upload and stops further calls. An empty file gives no
// calls, so a callback may divide by total. With report nil, relay only waits for the end.
func (u *uploadRun) relay(report func(done, total int64) bool) {
	if report == nil {
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
		if fresh && !stopped && t > 0 && report(d, t) {
			stopped = true
			u.cancel(errCancelledByCallback)
		}
		if ended && !fresh {
			return
		}
	}
}

// wait reports whether the upload ended within timeout (negative: no limit).
func (u *uploadRun) wait(timeout time.Duration) bool {
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

func (u *uploadRun) finished() bool {
	select {
	case <-u.done:
		return true
	default:
		return false
	}
}

// progress is the latest value; total is the file's size until the engine says otherwise.
func (u *uploadRun) progress() (done, total int64) {
	done, total = u.prog.Load()
	if total == 0 {
		total = u.size
	}
	return done, total
}

// end is the upload's outcome; call only after done. f is nil on success; res may come with
// a failure (a Complete whose answer failed a check), for a surface that returns it anyway.
func (u *uploadRun) end() (res *upload.Result, f *failure) {
	if u.err == nil && u.res != nil {
		return u.res, nil
	}
	err := u.err
	if err == nil {
		err = errors.New("internal error: the upload ended with neither a result nor an error")
	}
	var cause error
	if u.ctx.Err() != nil {
		cause = context.Cause(u.ctx)
	}
	c := classify(err, cause, u.path)
	return u.res, &c
}
