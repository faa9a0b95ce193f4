package upload

import (
	"sync"
	"sync/atomic"
)

// ProgressBox holds the latest progress value of one upload for one reader. Writers never block
// on it: a value not yet read is replaced by the next one, except a part's acknowledgement
// (mark), which is queued until read, so that even a slow reader sees every part end as a
// value of its own. Values only grow.
type ProgressBox struct {
	mu          sync.Mutex
	done, total int64
	seq, seen   uint64      // seq counts values published; seen is the last one Wait or TryTake returned
	marks       []progValue // acknowledgements not yet read, rising; at most one per part
	closed      bool
	ready       chan struct{} // holds a token while something unread may be waiting
}

type progValue struct{ done, total int64 }

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

// Wait returns the next value not yet returned by Wait, blocking until there is one: the oldest
// unread mark, else the latest value. It returns ok == false once the upload has ended and its
// last value was returned.
func (b *ProgressBox) Wait() (done, total int64, ok bool) {
	for {
		b.mu.Lock()
		if done, total, ok = b.takeLocked(); ok {
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

// TryTake returns what Wait would, without blocking; ok is false when there is nothing unread.
// With Ready it serves a reader whose select also watches other channels (the C API relays on
// its caller's thread and must notice the upload ending even when no value comes), and which
// therefore cannot sit in Wait.
func (b *ProgressBox) TryTake() (done, total int64, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.takeLocked()
}

// Unread reports whether a value not yet returned by Wait or TryTake is waiting: a reader that
// learns the upload has ended takes values until this is false, or it would skip the last
// parts' marks.
func (b *ProgressBox) Unread() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.marks) > 0 || b.seq != b.seen
}

func (b *ProgressBox) takeLocked() (done, total int64, ok bool) {
	if len(b.marks) > 0 {
		// Marks are queued only when they raise the value, so every mark is above what any
		// earlier take returned, and the latest value is at or above every mark.
		m := b.marks[0]
		b.marks = b.marks[1:]
		if len(b.marks) == 0 {
			b.marks = nil
			if m.done == b.done && m.total == b.total {
				b.seen = b.seq // the mark is the latest value: not twice
			}
		}
		if len(b.marks) > 0 || b.seq != b.seen {
			b.signal()
		}
		return m.done, m.total, true
	}
	if b.seq == b.seen {
		return 0, 0, false
	}
	b.seen = b.seq
	return b.done, b.total, true
}

// publish stores (done, total) unless it would make done go back.
func (b *ProgressBox) publish(done, total int64) { b.store(done, total, false) }

// publishMark is publish for a value every reader must see: a part's acknowledgement.
func (b *ProgressBox) publishMark(done, total int64) { b.store(done, total, true) }

func (b *ProgressBox) store(done, total int64, mark bool) {
	b.mu.Lock()
	if b.seq != 0 && done <= b.done && total == b.total {
		b.mu.Unlock()
		return
	}
	if total != b.total {
		b.marks = nil // a new total starts a new sequence
	}
	b.done, b.total = done, total
	b.seq++
	if mark {
		b.marks = append(b.marks, progValue{done, total})
	}
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
// this run), inflight bytes handed to requests not answered yet, less each part's last byte,
// which counts only when the server acknowledges the part: so every acknowledgement raises the
// value, and is published as a mark the box never coalesces away ("at least once per part",
// whatever the threads). A failed attempt takes its bytes back out of inflight; the box only
// ever shows the largest value reached, so what the user sees pauses rather than goes back.
// Until Complete is verified the value stays below total, so 100% means the object exists.
//
// mu orders the counting with the publishing, so that values reach the box in the order they
// were counted and an acknowledgement's value is above every value published before it.
type tracker struct {
	mu       sync.Mutex
	total    int64
	acked    atomic.Int64
	inflight atomic.Int64
	box      *ProgressBox
}

func (t *tracker) read(n int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inflight.Add(int64(n))
	t.publishLocked(false)
}

func (t *tracker) unread(n int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inflight.Add(-n)
}

// ack moves a finished part from inflight (counted: what read reported of it) to acked (n: the
// whole part).
func (t *tracker) ack(counted, n int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.inflight.Add(-counted)
	t.acked.Add(n)
	t.publishLocked(true)
}

// resume starts the count at the bytes of parts finished in an earlier run.
func (t *tracker) resume(acked int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.acked.Store(acked)
	t.publishLocked(false)
}

func (t *tracker) publishLocked(mark bool) {
	if t.total == 0 {
		return
	}
	v := max(min(t.acked.Load()+t.inflight.Load(), t.total-1), 0)
	if mark {
		t.box.publishMark(v, t.total)
	} else {
		t.box.publish(v, t.total)
	}
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
