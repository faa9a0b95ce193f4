package oss

import (
	"errors"
	"io"
	"sync"
)

var errBodyReleased = errors.New("oss: request body read after the operation returned")

// bodyGuard lets the transport read a caller's body only until the operation returns. net/http
// hands over an answer that comes before the body is sent (a 403 for a bad signature, say)
// while its writer goroutine is still copying the body; the caller then releases or reuses its
// reader (the upload engine returns its buffers to a pool), and a late Read would race with that.
type bodyGuard struct {
	mu       sync.Mutex
	r        io.Reader
	m        *speedMonitor // counts what the transport takes; nil: none
	released bool
}

func (g *bodyGuard) Read(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.released {
		return 0, errBodyReleased
	}
	n, err := g.r.Read(p)
	g.m.count(n)
	return n, err
}

// writesItself reports whether the caller's body is an io.WriterTo, which the connection then
// lets write itself (the upload engine sends from its own buffers that way).
func (g *bodyGuard) writesItself() bool {
	_, ok := g.r.(io.WriterTo)
	return ok
}

// WriteTo holds the guard for the whole copy: the body's WriteTo sends from buffers the caller
// owns, so release must wait until it has returned. That wait is short: once the operation has
// returned early, net/http closes the connection (within 50 ms), which fails the pending write.
func (g *bodyGuard) WriteTo(w io.Writer) (int64, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.released {
		return 0, errBodyReleased
	}
	if g.m != nil {
		w = countingWriter{w, g.m}
	}
	if wt, ok := g.r.(io.WriterTo); ok {
		return wt.WriteTo(w)
	}
	return io.Copy(w, readOnly{g.r})
}

// countingWriter tells the low-speed monitor what the connection took, in pieces of at most
// countStep: a body that writes itself in one call (a bytes.Reader's WriteTo) would otherwise
// count nothing until the whole body is on its way, and a slow link be cut while it moves.
type countingWriter struct {
	w io.Writer
	m *speedMonitor
}

const countStep = 256 << 10

func (c countingWriter) Write(p []byte) (int, error) {
	var total int
	for len(p) > 0 {
		n, err := c.w.Write(p[:min(len(p), countStep)])
		c.m.count(n)
		total += n
		if err != nil {
			return total, err
		}
		p = p[n:]
	}
	return total, nil
}

// readOnly hides WriteTo so that io.Copy reads.
type readOnly struct{ r io.Reader }

func (r readOnly) Read(p []byte) (int, error) { return r.r.Read(p) }

// Close is a no-op: the transport closes a request body, but the caller's reader (a file,
// say) is not ours to close.
func (g *bodyGuard) Close() error { return nil }

// release waits for a Read or WriteTo in progress and fails every later one.
func (g *bodyGuard) release() {
	g.mu.Lock()
	g.released = true
	g.mu.Unlock()
}
