package main

/*
#include "native_bridge.h"
*/
import "C"

import (
	"context"
	"errors"
	"time"

	"github.com/ossresume/ossresume/core/download"
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

// uploadRun is one running or finished upload or download; an ossr_upload or ossr_download
// stands for one, and so does each blocking call (ossr_upload_file, ossr_download_file,
// oss_resumable_upload_file, oss_resumable_download_file) while it runs.
type uploadRun struct {
	prog   *upload.ProgressBox
	rec    *upload.RecordBox // the record as it grows, for ossr_upload_state
	size   int64             // the file's size when checked; progress's total until the engine reports
	path   string
	ctx    context.Context
	cancel context.CancelCauseFunc
	done   chan struct{} // closed when res and err are final
	polled chan struct{} // closed when the cancel poller stopped (or never ran)

	causes cancelCauses // the words of a cancel, for the kind of run

	res  *upload.Result
	dres *download.Result // a download's, instead of res
	err  error
}

// startRun runs the engine for opts in the background; size is the file's size as checked.
// flag, when not nil, is the C cancel flag of an ossr_upload to poll.
func startRun(api upload.API, opts upload.Options, size int64, flag *C.ossr_upload) *uploadRun {
	u := newRun(size, opts.FilePath, uploadCauses)
	u.rec = upload.NewRecordBox()
	var requested func() bool
	if flag != nil {
		requested = func() bool { return C.ossrn_cancel_requested(flag) != 0 }
	}
	u.start(func(ctx context.Context) {
		opts.ProgressBox = u.prog
		opts.RecordBox = u.rec
		u.res, u.err = upload.Upload(ctx, api, opts)
	}, requested)
	return u
}

// startDownloadRun runs the download engine for opts in the background, as startRun the upload
// engine; flag, when not nil, is the C cancel flag of an ossr_download to poll. Progress's
// total is 0 until the engine has the object's size.
func startDownloadRun(api download.API, opts download.Options, flag *C.ossr_download) *uploadRun {
	u := newRun(0, opts.FilePath, downloadCauses)
	var requested func() bool
	if flag != nil {
		requested = func() bool { return C.ossrn_download_cancel_requested(flag) != 0 }
	}
	u.start(func(ctx context.Context) {
		opts.ProgressBox = u.prog
		u.dres, u.err = download.Download(ctx, api, opts)
	}, requested)
	return u
}

func newRun(size int64, path string, causes cancelCauses) *uploadRun {
	ctx, cancel := context.WithCancelCause(context.Background())
	return &uploadRun{prog: upload.NewProgressBox(), size: size, path: path, ctx: ctx, cancel: cancel,
		causes: causes, done: make(chan struct{}), polled: make(chan struct{})}
}

// start runs engine on its own goroutine, and a poller of the C cancel flag when requested is
// not nil.
func (u *uploadRun) start(engine func(ctx context.Context), requested func() bool) {
	go u.run(engine)
	if requested != nil {
		go u.pollCancel(requested)
	} else {
		close(u.polled)
	}
}

func (u *uploadRun) run(engine func(ctx context.Context)) {
	defer close(u.done)
	defer func() {
		if r := recover(); r != nil {
			u.res, u.dres, u.err = nil, nil, panicError(r)
		}
	}()
	engine(u.ctx)
}

// pollCancel watches the C flag that ossr_upload_cancel (ossr_download_cancel) sets until the
// run ends.
func (u *uploadRun) pollCancel(requested func() bool) {
	defer close(u.polled)
	t := time.NewTicker(cancelPollInterval)
	defer t.Stop()
	for {
		select {
		case <-u.done:
			return
		case <-t.C:
			if requested() {
				u.cancel(u.causes.handle)
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
			u.cancel(u.causes.callback)
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
	if u.err == nil && (u.res != nil || u.dres != nil) {
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

// endDownload is a download run's outcome, as end is an upload's.
func (u *uploadRun) endDownload() (*download.Result, *failure) {
	_, f := u.end()
	if f != nil {
		return nil, f
	}
	return u.dres, nil
}
