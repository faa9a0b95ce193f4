package oss

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults for the zero values of Config.
const (
	defaultConnectTimeout      = 10 * time.Second
	defaultReadWriteTimeout    = 60 * time.Second
	defaultIdleConnTimeout     = 50 * time.Second
	defaultMaxIdleConnsPerHost = 128
	defaultWriteBufferSize     = 256 << 10
	defaultReadBufferSize      = 64 << 10
)

// newTransport builds the one http.Transport of a client, tuned for many parts in flight:
// HTTP/1.1 only (HTTP/2 would multiplex every part onto one TCP connection and its flow
// control), enough idle connections per host to keep one per part, large write buffers, and
// an inactivity timeout on every connection.
func newTransport(cfg *Config) (*http.Transport, error) {
	tlsCfg := &tls.Config{MinVersion: tls.VersionTLS12, InsecureSkipVerify: cfg.InsecureSkipVerify,
		// A new connection (another part in flight, one after an idle timeout or a reset)
		// resumes a session: an abbreviated handshake, no certificate chain sent or verified.
		ClientSessionCache: tls.NewLRUClientSessionCache(0)}
	if cfg.CAFile != "" || cfg.CAPath != "" {
		pool, err := x509.SystemCertPool()
		if err != nil || pool == nil {
			pool = x509.NewCertPool()
		}
		if cfg.CAFile != "" {
			pem, err := os.ReadFile(cfg.CAFile)
			if err != nil {
				return nil, &ArgumentError{Field: "CAFile", Reason: err.Error()}
			}
			if !pool.AppendCertsFromPEM(pem) {
				return nil, &ArgumentError{Field: "CAFile", Reason: "no PEM certificate in " + cfg.CAFile}
			}
		}
		if cfg.CAPath != "" {
			if err := appendCADir(pool, cfg.CAPath); err != nil {
				return nil, &ArgumentError{Field: "CAPath", Reason: err.Error()}
			}
		}
		tlsCfg.RootCAs = pool
	}

	var proxy proxyFunc = http.ProxyFromEnvironment
	if cfg.Proxy != "" {
		u, err := url.Parse(cfg.Proxy)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "socks5") {
			// The proxy URL may hold a password: name the problem, not the value.
			return nil, &ArgumentError{Field: "Proxy", Reason: "must be a URL such as http://host:port"}
		}
		proxy = http.ProxyURL(u)
	}

	// Bodies reach the connection through io.Copy, whose own buffer is 32 KiB; the
	// connection's ReadFrom copies with WriteBufferSize buffers instead, so that large
	// parts go out in large writes.
	bufSize := cfg.WriteBufferSize
	bufs := sync.Pool{New: func() any { b := make([]byte, bufSize); return &b }}
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second, Control: controlSocket}
	idle := cfg.ReadWriteTimeout
	d := &tlsDialer{proxy: proxy, bufs: &bufs, batches: batchPool(bufSize),
		// A batch of ours, records and all, is what the proxy hop's TLS batches in turn.
		tunnelBatches: batchPool(bufSize + (bufSize/(16<<10)+1)*recordOverhead)}
	t := &http.Transport{
		Proxy: transportProxy(proxy, &d.hops),
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			c, err := dialer.DialContext(ctx, network, addr)
			if err != nil {
				return nil, err
			}
			return newIdleTimeoutConn(c, idle, &bufs), nil
		},
		// TLSClientConfig and TLSHandshakeTimeout still serve the TLS that net/http adds itself
		// through a SOCKS5 proxy; DialTLSContext serves every other HTTPS connection.
		TLSClientConfig:     tlsCfg,
		TLSHandshakeTimeout: cfg.ConnectTimeout,
		MaxIdleConnsPerHost: cfg.MaxIdleConnsPerHost,
		IdleConnTimeout:     cfg.IdleConnTimeout,
		WriteBufferSize:     cfg.WriteBufferSize,
		ReadBufferSize:      cfg.ReadBufferSize,
		// Objects are stored and checksummed as sent; a transparent gunzip would break CRCs.
		DisableCompression: true,
		ForceAttemptHTTP2:  false,
	}
	t.Protocols = new(http.Protocols)
	t.Protocols.SetHTTP1(true)
	// It reads t's fields at each dial, so that TLS runs over the very connections plain HTTP
	// gets, with the one configuration the TLS after a CONNECT uses too.
	t.DialTLSContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		return d.dial(ctx, t.DialContext, network, addr, t.TLSClientConfig, t.TLSHandshakeTimeout)
	}
	return t, nil
}

// tlsDialer does what net/http does for an HTTPS connection, CONNECT through an HTTP(S) proxy
// included, so that the connection it hands over is ours: net/http copies a request body into
// a *tls.Conn with io.Copy, which has no ReadFrom, so a body would be read in 32 KiB pieces
// and never get to write itself.
type tlsDialer struct {
	proxy         proxyFunc // where the proxy comes from, before transportProxy hides it
	hops          sync.Map  // host:port of https:// proxies net/http itself dials for plain HTTP
	bufs          *sync.Pool
	batches       *sync.Pool
	tunnelBatches *sync.Pool
}

func (d *tlsDialer) dial(ctx context.Context, dial func(context.Context, string, string) (net.Conn, error),
	network, addr string, base *tls.Config, timeout time.Duration) (net.Conn, error) {
	proxy, err := tlsProxy(d.proxy, &d.hops, addr)
	if err != nil {
		return nil, err
	}
	var tcp net.Conn
	if proxy != nil {
		tcp, err = dialTunnel(ctx, dial, network, addr, proxy, base, timeout, d.tunnelBatches)
	} else {
		tcp, err = dial(ctx, network, addr)
	}
	if err != nil {
		return nil, err
	}
	bufs, batches := d.bufs, d.batches
	raw := &recordBatcher{Conn: tcp, pool: batches}
	cfg := base.Clone()
	if cfg.ServerName == "" {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			raw.Close()
			return nil, err
		}
		cfg.ServerName = host
	}
	// net/http speaks HTTP/1.1 on whatever a custom dialer returns, whatever ALPN chose.
	cfg.NextProtos = []string{"http/1.1"}
	tc := tls.Client(raw, cfg)
	hctx := ctx
	if timeout > 0 {
		var cancel context.CancelFunc
		hctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	if err := tc.HandshakeContext(hctx); err != nil {
		raw.Close()
		if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
			return nil, handshakeTimeoutError{}
		}
		return nil, err
	}
	return &tlsConn{Conn: tc, bufs: bufs, batch: raw}, nil
}

// handshakeTimeoutError is a net.Error that times out, as net/http's own handshake timeout is:
// the context's "deadline exceeded" would not say what took too long.
type handshakeTimeoutError struct{}

func (handshakeTimeoutError) Error() string   { return "oss: TLS handshake timeout" }
func (handshakeTimeoutError) Timeout() bool   { return true }
func (handshakeTimeoutError) Temporary() bool { return true }

// tlsConn is a client TLS connection whose ReadFrom lets a body write itself, as
// idleTimeoutConn's does below it on plain HTTP. The idle timeout stays on the TCP connection
// underneath.
type tlsConn struct {
	*tls.Conn
	bufs  *sync.Pool
	batch *recordBatcher
}

// Write sends p's records in as few writes as the batch buffer allows.
func (c *tlsConn) Write(p []byte) (int, error) {
	c.batch.begin()
	n, err := c.Conn.Write(p)
	if ferr := c.batch.end(); err == nil && ferr != nil {
		// crypto/tls counted the records as written; they were not.
		n, err = 0, ferr
	}
	return n, err
}

func (c *tlsConn) ReadFrom(r io.Reader) (int64, error) { return copyBody(c, r, c.bufs) }

// idleTimeoutConn fails a read or write that makes no progress for timeout. Every successful
// read or write pushes both deadlines forward: the transport keeps a read pending while it
// writes a long body, and that read must not expire while the upload is moving.
type idleTimeoutConn struct {
	net.Conn
	bufs    *sync.Pool
	timeout time.Duration
	last    atomic.Int64 // unix nanoseconds of the last deadline refresh
}

func newIdleTimeoutConn(c net.Conn, timeout time.Duration, bufs *sync.Pool) net.Conn {
	ic := &idleTimeoutConn{Conn: c, timeout: timeout, bufs: bufs}
	ic.refresh(true)
	return ic
}

// refresh moves the deadline, but at most every timeout/16: setting it is cheap but not free,
// and a 256 KiB write loop would otherwise reset it thousands of times a second.
func (c *idleTimeoutConn) refresh(force bool) {
	now := time.Now()
	if !force && now.UnixNano()-c.last.Load() < int64(c.timeout/16) {
		return
	}
	c.last.Store(now.UnixNano())
	c.Conn.SetDeadline(now.Add(c.timeout))
}

func (c *idleTimeoutConn) Read(p []byte) (int, error) {
	// A read starting after a long idle spell (a kept-alive connection picked up again) must
	// get a fresh deadline before it blocks.
	c.refresh(false)
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.refresh(false)
	}
	return n, err
}

func (c *idleTimeoutConn) Write(p []byte) (int, error) {
	c.refresh(false)
	n, err := c.Conn.Write(p)
	if n > 0 {
		c.refresh(false)
	}
	return n, err
}

func (c *idleTimeoutConn) ReadFrom(r io.Reader) (int64, error) { return copyBody(c, r, c.bufs) }

// copyBody is a connection's ReadFrom: it copies a request body to w in WriteBufferSize
// chunks, and a body that is an io.WriterTo writes itself. net/http hands the body over as an
// io.LimitedReader of Content-Length bytes, which hides the guarded body's WriteTo: unwrap it,
// keeping the limit.
func copyBody(w io.Writer, r io.Reader, bufs *sync.Pool) (int64, error) {
	if lr, ok := r.(*io.LimitedReader); ok {
		if g, ok := lr.R.(*bodyGuard); ok && g.writesItself() {
			lw := &limitedWriter{w: writeOnly{w}, n: lr.N}
			n, err := g.WriteTo(lw)
			lr.N -= n
			return n, err
		}
	}
	b := bufs.Get().(*[]byte)
	defer bufs.Put(b)
	return io.CopyBuffer(writeOnly{w}, r, *b)
}

// writeOnly hides ReadFrom so that io.CopyBuffer does not call it again.
type writeOnly struct{ w io.Writer }

func (w writeOnly) Write(p []byte) (int, error) { return w.w.Write(p) }

var errBodyTooLong = errors.New("oss: request body longer than its Content-Length")

// limitedWriter passes on at most n bytes and fails beyond.
type limitedWriter struct {
	w io.Writer
	n int64
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	var err error
	if int64(len(p)) > l.n {
		p, err = p[:l.n], errBodyTooLong
	}
	m, werr := l.w.Write(p)
	l.n -= int64(m)
	if werr != nil {
		err = werr
	}
	return m, err
}

// maxCAFile bounds what appendCADir reads of one file: a certificate is a few KiB, and a large
// file in a certificate directory is not one.
const maxCAFile = 1 << 20

// appendCADir adds the PEM certificates of every regular file directly in dir (following
// links, as c_rehash's hash-named links need) to pool. Files that hold none are skipped, as
// OpenSSL skips them; a directory with no certificate at all is an error, since trusting it was
// the point.
func appendCADir(pool *x509.CertPool, dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	found := false
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		fi, err := os.Stat(name)
		if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxCAFile {
			continue
		}
		pem, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		if pool.AppendCertsFromPEM(pem) {
			found = true
		}
	}
	if !found {
		return errors.New("no PEM certificate in any file of " + dir)
	}
	return nil
}
