package oss

import (
	"context"
	"fmt"
	"io"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults of the low-speed limit: the C SDK's (AOS_MIN_SPEED_LIMIT, AOS_MIN_SPEED_TIME), which
// it hands to curl as CURLOPT_LOW_SPEED_LIMIT and CURLOPT_LOW_SPEED_TIME.
const (
	DefaultSpeedLimit = 1024             // bytes per second
	DefaultSpeedTime  = 15 * time.Second // how long the rate may stay below it
)

// LowSpeedError is a request given up because its transfer rate stayed below the low-speed
// limit for the whole window. It is a timeout (a *TransportError of kind TransportTimeout
// carries it), so it is retried like one.
type LowSpeedError struct {
	Limit  int64         // bytes per second
	Window time.Duration // how long the rate stayed below Limit
	Moved  int64         // bytes moved, both ways, in that window
}

func (e *LowSpeedError) Error() string {
	return fmt.Sprintf("transfer below the low-speed limit: %d bytes moved in %v, less than %d bytes/s (speed_limit) for %v (speed_time)",
		e.Moved, e.Window, e.Limit, e.Window)
}
func (e *LowSpeedError) Timeout() bool   { return true }
func (e *LowSpeedError) Temporary() bool { return true }

// speedMonitor watches one request: the bytes of its body the transport took, and the bytes of
// its answer's body the caller read. curl's rule: when fewer than limit×window bytes moved in
// the last window, the request fails (cancel with a *LowSpeedError). The answer's head is not
// counted: it is small, so a server that drips it shows as the rate it is, near zero.
//
// The one deliberate difference from curl: a Complete's waits for the server — after the whole
// request went out, until the answer starts; and after the answer's head, until its body
// starts — are not judged by the rate (wait). OSS assembles the object in them (it sends the
// status first, then the body once the parts are joined), and 10,000 parts can take longer than
// speed_time; curl, and so the C SDK, would kill such a Complete after 15 s of silence and leave
// the caller to find out by HEAD whether it happened. Silence there is bounded by the
// connection's inactivity timeout (Config.ReadWriteTimeout, 60 s by default) instead: a server
// that sends nothing is cut after it, one that drips is cut by this rule once it has started.
type speedMonitor struct {
	limit  int64
	window time.Duration
	tick   time.Duration
	cancel context.CancelCauseFunc

	moved   atomic.Int64
	waiting atomic.Bool // a Complete's wait for the server: not judged
	failed  atomic.Pointer[LowSpeedError]
	stop    chan struct{}
	once    sync.Once
}

// newSpeedMonitor starts watching; nil when the limit is off.
func newSpeedMonitor(limit int64, window time.Duration, cancel context.CancelCauseFunc) *speedMonitor {
	if limit <= 0 || window <= 0 {
		return nil
	}
	m := &speedMonitor{limit: limit, window: window, cancel: cancel, stop: make(chan struct{}),
		tick: min(max(window/10, 20*time.Millisecond), time.Second)}
	go m.run()
	return m
}

type speedSample struct {
	at    time.Time
	moved int64
}

func (m *speedMonitor) run() {
	t := time.NewTicker(m.tick)
	defer t.Stop()
	start := time.Now()
	samples := []speedSample{{start, 0}}
	for {
		select {
		case <-m.stop:
			return
		case now := <-t.C:
			moved := m.moved.Load()
			if m.waiting.Load() {
				samples = append(samples[:0], speedSample{now, moved}) // the window starts afresh
				continue
			}
			samples = append(samples, speedSample{now, moved})
			// The oldest sample at least a window old gives the bytes of the last window.
			i := -1
			for k, s := range samples {
				if now.Sub(s.at) >= m.window {
					i = k
				}
			}
			if i < 0 {
				continue
			}
			samples = samples[i:]
			span := now.Sub(samples[0].at)
			if got := moved - samples[0].moved; float64(got) < float64(m.limit)*span.Seconds() {
				e := &LowSpeedError{Limit: m.limit, Window: span.Round(time.Millisecond), Moved: got}
				m.failed.Store(e)
				m.cancel(e)
				return
			}
		}
	}
}

// done stops the watch; safe on nil and more than once.
func (m *speedMonitor) done() {
	if m != nil {
		m.once.Do(func() { close(m.stop) })
	}
}

// err is the failure the monitor caused, if it did.
func (m *speedMonitor) err() error {
	if m == nil {
		return nil
	}
	if e := m.failed.Load(); e != nil {
		return e
	}
	return nil
}

func (m *speedMonitor) count(n int) {
	if m != nil && n > 0 {
		m.moved.Add(int64(n))
	}
}

func (m *speedMonitor) wait(on bool) {
	if m != nil {
		m.waiting.Store(on)
	}
}

// trace marks a Complete's wait between the end of the request and the start of the answer.
func (m *speedMonitor) trace(ctx context.Context, serverWork bool) context.Context {
	if m == nil || !serverWork {
		return ctx
	}
	// net/http calls WroteRequest after the request is flushed, on its writer goroutine, so
	// an answer can start (GotFirstResponseByte, on its reader goroutine) before it: a wait
	// begun then would never end, and a head dripped at 1 B/s would never be judged.
	var mu sync.Mutex
	answered := false
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) {
			mu.Lock()
			defer mu.Unlock()
			if !answered {
				m.wait(true)
			}
		},
		GotFirstResponseByte: func() {
			mu.Lock()
			defer mu.Unlock()
			answered = true
			m.wait(false)
		},
	})
}

// watchedBody counts the answer's body as the caller reads it, reports the monitor's failure
// instead of the cancel it caused, and ends the watch when closed. For a Complete the wait for
// the body's first byte is the server's work (see speedMonitor).
type watchedBody struct {
	rc      io.ReadCloser
	m       *speedMonitor
	started bool
}

func (b *watchedBody) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if n > 0 && !b.started {
		b.started = true
		b.m.wait(false)
	}
	b.m.count(n)
	if err != nil && err != io.EOF {
		if lerr := b.m.err(); lerr != nil {
			err = lerr
		}
	}
	return n, err
}

func (b *watchedBody) Close() error {
	b.m.done()
	return b.rc.Close()
}
