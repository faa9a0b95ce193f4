package upload

import (
	"sync"
	"sync/atomic"
)

// ProgressBox holds the latest progress value of one upload for one reader. Writers never block
// on it: a value not yet read is replaced by the next one. Values only grow.
type ProgressBox struct {
	mu          sync.Mutex
	done, total int64
	seq, seen   uint64 // seq counts values published; seen is the last one Wait or TryTake returned
	closed      bool
	ready       chan struct{} // holds a token while something unread may be waiting
}

// NewProgressBox returns an empty box. A box serves one upload.
func NewProgressBox() *ProgressBox {
	return &ProgressBox{ready: make(chan struct{}, 1)}
}

// Load returns the latest value without waiting or marking it read.
func (b *ProgressBox) Load() (done, total int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.done, b.total
}

// Ready is signalled when Wait would return without blocking; for select loops.
func (b *ProgressBox) Ready() <-chan struct{} { return b.ready }

// Wait returns the latest value not yet returned by Wait, blocking until there is one. It
// returns ok == false once the upload has ended and its last value was returned.
func (b *ProgressBox) Wait() (done, total int64, ok bool) {
	for {
		b.mu.Lock()
		if b.seq != b.seen {
			b.seen = b.seq
			done, total = b.done, b.total
			b.mu.Unlock()
			return done, total, true
		}
		closed := b.closed
		b.mu.Unlock()
		if closed {
			return 0, 0, false
		}
		<-b.ready
	}
}

// TryTake returns the latest value not yet returned by Wait or TryTake, without blocking; ok
// is false when there is none. With Ready it serves a reader whose select also watches other
// channels (the C API relays on its caller's thread and must notice the upload ending even when
// no value comes), and which therefore cannot sit in Wait.
func (b *ProgressBox) TryTake() (done, total int64, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.seq == b.seen {
		return 0, 0, false
	}
	b.seen = b.seq
	return b.done, b.total, true
}

// publish stores (done, total) unless it would make done go back.
func (b *ProgressBox) publish(done, total int64) {
	b.mu.Lock()
	if b.seq != 0 && done <= b.done && total == b.total {
		b.mu.Unlock()
		return
	}
	b.done, b.total = done, total
	b.seq++
	b.mu.Unlock()
	b.signal()
}

func (b *ProgressBox) close() {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	b.signal()
}

func (b *ProgressBox) signal() {
	select {
	case b.ready <- struct{}{}:
	default:
	}
}

// tracker counts an upload's bytes: acked are bytes of finished parts (carried over or sent in
// this run), inflight bytes read into requests not answered yet. A failed attempt takes its
// bytes back out of inflight; the box only ever shows the largest value reached, so what the
// user sees pauses rather than goes back. Until Complete is verified the value stays below
// total, so 100% means the object exists.
type tracker struct {
	total    int64
	acked    atomic.Int64
	inflight atomic.Int64
	box      *ProgressBox
}

func (t *tracker) read(n int)     { t.inflight.Add(int64(n)); t.publish() }
func (t *tracker) unread(n int64) { t.inflight.Add(-n) }

// ack moves a finished part's bytes from inflight to acked. Order matters with publish, which
// loads acked before inflight: a racing publish can only see the bytes in neither, never in both,
// so it may under-report for a moment but never over-reports.
func (t *tracker) ack(n int64) { t.inflight.Add(-n); t.acked.Add(n) }

func (t *tracker) publish() {
	if t.total == 0 {
		return
	}
	acked := t.acked.Load()
	v := min(acked+t.inflight.Load(), t.total-1)
	t.box.publish(max(v, 0), t.total)
}

// finish publishes (total, total) after a verified Complete.
func (t *tracker) finish() { t.box.publish(t.total, t.total) }

// deliver calls fn with every value box yields until it closes; run it on its own goroutine.
func deliver(box *ProgressBox, fn func(done, total int64)) {
	for {
		d, t, ok := box.Wait()
		if !ok {
			return
		}
		fn(d, t)
	}
}
