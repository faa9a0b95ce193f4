package oss

import (
	"net"
	"sync"
)

// recordBatcher sits between crypto/tls and the TCP connection. crypto/tls writes each record
// (16 KiB of payload at most) with a write call of its own, so a 256 KiB body chunk costs 16
// system calls; while a tlsConn write is in progress the batcher collects the records and
// sends them in one. Outside that span (the handshake, alerts, a record crypto/tls writes while
// reading) it passes writes straight through.
type recordBatcher struct {
	net.Conn
	pool *sync.Pool // of *[]byte with room for a WriteBufferSize chunk and its records' framing

	mu     sync.Mutex // orders batched and direct writes; held across the flushing write
	active bool
	buf    *[]byte
	err    error // a failed flush, returned to every later write
}

// recordOverhead bounds what TLS adds to 16 KiB of payload: a 5-byte header, an AEAD tag of 16
// bytes, TLS 1.3's inner content type, and slack for an explicit nonce.
const recordOverhead = 64

// batchPool returns the pool of batch buffers for chunks of up to chunk bytes.
func batchPool(chunk int) *sync.Pool {
	size := chunk + (chunk/(16<<10)+1)*recordOverhead
	return &sync.Pool{New: func() any { b := make([]byte, 0, size); return &b }}
}

// begin starts collecting writes.
func (b *recordBatcher) begin() {
	b.mu.Lock()
	b.active = true
	if b.buf == nil {
		b.buf = b.pool.Get().(*[]byte)
	}
	b.mu.Unlock()
}

// end sends what was collected and returns to writing straight through.
func (b *recordBatcher) end() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.active = false
	err := b.flushLocked()
	if b.buf != nil {
		*b.buf = (*b.buf)[:0]
		b.pool.Put(b.buf)
		b.buf = nil
	}
	return err
}

func (b *recordBatcher) flushLocked() error {
	if b.err != nil {
		return b.err
	}
	if b.buf == nil || len(*b.buf) == 0 {
		return nil
	}
	_, err := b.Conn.Write(*b.buf)
	*b.buf = (*b.buf)[:0]
	b.err = err
	return err
}

func (b *recordBatcher) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err != nil {
		return 0, b.err
	}
	if !b.active {
		return b.Conn.Write(p)
	}
	if len(*b.buf)+len(p) > cap(*b.buf) {
		if err := b.flushLocked(); err != nil {
			return 0, err
		}
		if len(p) > cap(*b.buf) {
			return b.Conn.Write(p)
		}
	}
	*b.buf = append(*b.buf, p...)
	return len(p), nil
}
