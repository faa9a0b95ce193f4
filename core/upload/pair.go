package upload

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/ossresume/ossresume/core/sha256x2"
)

// partnerWait bounds how long a chunk waits for a chunk of another part to be hashed with.
// Measured: pairing rose from 50–86% without a wait to 99% with 200 µs, while the waiting
// reader's next chunk is already being read and sent.
const partnerWait = 200 * time.Microsecond

// pairer matches chunks of two parts in flight so that sha256x2 hashes them together, twice as
// fast per core as one stream. A reader posts chunk k, sends it, reads chunk k+1, and only
// then settles chunk k: by then another part has usually posted one. One per job.
type pairer struct {
	mu      sync.Mutex
	waiting *pairHash
	senders atomic.Int32 // readers inside WriteTo: with fewer than two, no partner will come
	states  sync.Pool
}

// pairHash is a part's SHA-256 state and the chunk it has posted; pooled, so a part costs no
// allocation.
type pairHash struct {
	d      sha256x2.Digest
	p      []byte
	posted bool
	done   chan struct{} // one token per posted chunk, once hashed
	timer  *time.Timer
}

func newPairer() *pairer {
	return &pairer{states: sync.Pool{New: func() any {
		t := time.NewTimer(time.Hour)
		t.Stop()
		return &pairHash{done: make(chan struct{}, 1), timer: t}
	}}}
}

func (pr *pairer) get() *pairHash {
	h := pr.states.Get().(*pairHash)
	h.d.Reset()
	return h
}

func (pr *pairer) put(h *pairHash) { pr.states.Put(h) }

// post offers p for hashing into h: hashed now with a waiting partner, or left waiting for one.
// p must stay unchanged until settle(h).
func (pr *pairer) post(h *pairHash, p []byte) {
	h.p, h.posted = p, true
	pr.mu.Lock()
	if w := pr.waiting; w != nil {
		pr.waiting = nil
		pr.mu.Unlock()
		sha256x2.WritePair(&w.d, &h.d, w.p, h.p)
		w.done <- struct{}{}
		h.done <- struct{}{}
		return
	}
	if pr.senders.Load() >= 2 {
		pr.waiting = h
		pr.mu.Unlock()
		return
	}
	pr.mu.Unlock()
	h.d.Write(p)
	h.done <- struct{}{}
}

// settle returns once h's posted chunk is hashed, waiting a little for a partner and then
// hashing it alone.
func (pr *pairer) settle(h *pairHash) {
	if !h.posted {
		return
	}
	h.posted = false
	select {
	case <-h.done:
		h.p = nil
		return
	default:
	}
	if pr.senders.Load() >= 2 {
		h.timer.Reset(partnerWait)
		select {
		case <-h.done:
			h.timer.Stop()
			h.p = nil
			return
		case <-h.timer.C:
		}
	}
	pr.mu.Lock()
	if pr.waiting == h {
		pr.waiting = nil
		pr.mu.Unlock()
		h.d.Write(h.p)
	} else {
		pr.mu.Unlock()
		<-h.done // a partner took it and is hashing it
	}
	h.p = nil
}
