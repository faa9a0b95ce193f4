package main

/*
#include "native_bridge.h"
*/
import "C"

import "time"

// nextProgress waits until a progress value not yet taken from the box is there or the upload
// has ended, at most timeout (negative: no limit; 0: no wait). ok is false when neither
// happened in time. The box coalesces: a reader slower than the publisher gets the latest
// value, never a stale one, except that every part's acknowledgement is a value of its own.
// ended is read before the value and reported only with the box's last unread value, so a
// value returned with ended set is the final one and none is skipped before it.
func (u *uploadRun) nextProgress(timeout time.Duration) (done, total int64, ended, ok bool) {
	var expired <-chan time.Time
	if timeout > 0 {
		t := time.NewTimer(timeout)
		defer t.Stop()
		expired = t.C
	}
	for {
		ended = u.finished()
		d, t, fresh := u.prog.TryTake()
		if fresh && ended && u.prog.Unread() {
			ended = false // marks queued before the end come first
		}
		if fresh || ended {
			if !fresh {
				d, t = u.prog.Load()
			}
			if t == 0 {
				t = u.size
			}
			return d, t, ended, true
		}
		if timeout == 0 {
			return 0, 0, false, false
		}
		select {
		case <-u.prog.Ready():
		case <-u.done:
		case <-expired:
			return 0, 0, false, false
		}
	}
}

// msTimeout turns the native API's timeout_ms into a wait bound: negative waits without limit
// (-1), 0 does not wait.
func msTimeout(ms C.int) time.Duration {
	if ms < 0 {
		return -1
	}
	return time.Duration(ms) * time.Millisecond
}

//export ossrgo_upload_progress_wait
func ossrgo_upload_progress_wait(h C.uintptr_t, timeoutMS C.int, done, total *C.int64_t, finished *C.int) (rc C.int) {
	defer func() {
		if recover() != nil {
			rc = C.OSSR_E_INTERNAL
		}
	}()
	u := uploadOf(h)
	d, t, ended, ok := u.nextProgress(msTimeout(timeoutMS))
	if !ok {
		// Timed out: the latest value, as ossr_upload_progress would give it.
		d, t = u.progress()
	}
	*done, *total = C.int64_t(d), C.int64_t(t)
	if ended {
		*finished = 1
	}
	if !ok {
		return C.OSSR_E_TIMEOUT
	}
	return C.OSSR_OK
}
