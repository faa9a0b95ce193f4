package ossemu

import (
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"time"
)

var errFaultReset = errors.New("connection reset by an injected fault")

// throttle paces a byte stream to rate bytes per second.
type throttle struct {
	rate  int64
	start time.Time
	done  int64
	quit  <-chan struct{} // the server closing: stop pacing
}

func newThrottle(rate int64, quit <-chan struct{}) *throttle {
	return &throttle{rate: rate, start: time.Now(), quit: quit}
}

// chunk bounds one read or write so the pacing stays smooth (about ten steps a second).
func (t *throttle) chunk(n int) int {
	if step := int(t.rate / 10); step >= 1 && n > step {
		return step
	}
	return n
}

func (t *throttle) wait(n int) {
	t.done += int64(n)
	due := t.start.Add(time.Duration(float64(t.done) / float64(t.rate) * float64(time.Second)))
	if d := time.Until(due); d > 0 {
		timer := time.NewTimer(d)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-t.quit:
		}
	}
}

// bodyReader counts the request body and applies bandwidth and reset faults to it.
type bodyReader struct {
	r        io.ReadCloser
	n        int64
	limit    int64 // reset the connection once this many bytes were read; -1: never
	throttle *throttle
	reset    func()
}

func (b *bodyReader) Read(p []byte) (int, error) {
	if b.limit >= 0 && b.n >= b.limit {
		var one [1]byte
		if n, err := b.r.Read(one[:]); n == 0 && err == io.EOF {
			return 0, io.EOF // the whole body fitted under the limit
		}
		b.reset()
		return 0, errFaultReset
	}
	if b.limit >= 0 && int64(len(p)) > b.limit-b.n {
		p = p[:b.limit-b.n]
	}
	if b.throttle != nil {
		p = p[:b.throttle.chunk(len(p))]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	if b.throttle != nil {
		b.throttle.wait(n)
	}
	return n, err
}

func (b *bodyReader) Close() error { return b.r.Close() }

// respWriter records the status and body size and applies response-side faults.
type respWriter struct {
	http.ResponseWriter
	status   int
	n        int64
	limit    int64
	throttle *throttle
	reset    func()
	isReset  bool
}

func (w *respWriter) WriteHeader(code int) {
	if w.status == 0 && !w.isReset {
		w.status = code
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *respWriter) Write(p []byte) (int, error) {
	if w.isReset {
		return 0, errFaultReset
	}
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
	}
	written := 0
	for len(p) > 0 {
		chunk := p
		if w.limit >= 0 {
			if w.n >= w.limit {
				w.reset()
				return written, errFaultReset
			}
			if int64(len(chunk)) > w.limit-w.n {
				chunk = chunk[:w.limit-w.n]
			}
		}
		if w.throttle != nil {
			chunk = chunk[:w.throttle.chunk(len(chunk))]
		}
		n, err := w.ResponseWriter.Write(chunk)
		w.n += int64(n)
		written += n
		if w.throttle != nil {
			w.throttle.wait(n)
		}
		if err != nil {
			return written, err
		}
		p = p[n:]
	}
	return written, nil
}

func (w *respWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// discardWriter swallows the response of an operation a "when=after" fault replaces.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }
func (d *discardWriter) WriteHeader(int)             {}

// resetConn takes the connection from net/http and closes it with SO_LINGER 0, so the client
// sees a TCP reset rather than an orderly close (or a TLS close_notify).
func resetConn(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	raw := conn
	if tc, ok := conn.(*tls.Conn); ok {
		raw = tc.NetConn()
	}
	if tcp, ok := raw.(*net.TCPConn); ok {
		tcp.SetLinger(0)
	}
	raw.Close()
}
