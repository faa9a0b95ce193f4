package oss

import (
	"bufio"
	"context"
	"crypto/tls"
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// proxyFunc chooses a request's proxy, as http.Transport.Proxy does.
type proxyFunc func(*http.Request) (*url.URL, error)

// tunnelled reports whether we, not net/http, open the tunnel for an HTTPS request through
// proxy: net/http would wrap the tunnel in its own *tls.Conn, which neither lets a body write
// itself nor batches records. SOCKS5 stays with net/http.
func tunnelled(proxy *url.URL) bool {
	return proxy != nil && (proxy.Scheme == "http" || proxy.Scheme == "https")
}

// transportProxy is the Transport's Proxy: it hides from net/http the proxies of HTTPS
// requests that the TLS dialer tunnels through itself. net/http reaches an https:// proxy of
// a plain-HTTP request through the TLS dialer too: hops records the proxy, so that the dialer
// connects to it directly.
func transportProxy(src proxyFunc, hops *sync.Map) proxyFunc {
	return func(req *http.Request) (*url.URL, error) {
		u, err := src(req)
		if err != nil || !tunnelled(u) {
			return u, err
		}
		if req.URL.Scheme == "https" {
			return nil, nil
		}
		if u.Scheme == "https" {
			hops.Store(canonicalProxyAddr(u), struct{}{})
		}
		return u, nil
	}
}

// tlsProxy asks src for the proxy of an HTTPS connection to addr, with a request like the one
// net/http would have asked about, so that NO_PROXY and the like decide as they would have.
func tlsProxy(src proxyFunc, hops *sync.Map, addr string) (*url.URL, error) {
	if _, ok := hops.Load(addr); ok {
		return nil, nil
	}
	u, err := src(&http.Request{Method: http.MethodGet, URL: &url.URL{Scheme: "https", Host: addr}, Header: http.Header{}})
	if err != nil || !tunnelled(u) {
		return nil, err
	}
	return u, nil
}

// ProxyConnectError is a proxy's refusal of a CONNECT. It names the proxy by its address only:
// the proxy URL may hold a password.
type ProxyConnectError struct {
	Proxy      string // host:port of the proxy
	StatusCode int
	Status     string // as the proxy sent it, "407 Proxy Authentication Required"
}

func (e *ProxyConnectError) Error() string {
	return "proxy " + e.Proxy + " refused CONNECT: " + e.Status
}

// proxyConnectTimeoutError is a net.Error that times out, so that a proxy that never answers
// is classified (and retried) as a server that never answers is.
type proxyConnectTimeoutError struct{ proxy string }

func (e proxyConnectTimeoutError) Error() string { return "oss: proxy " + e.proxy + " CONNECT timeout" }
func (proxyConnectTimeoutError) Timeout() bool   { return true }
func (proxyConnectTimeoutError) Temporary() bool { return true }

// dialTunnel connects to addr through proxy with CONNECT and returns the tunnel, over which the
// caller does its own TLS. For an https:// proxy, the hop to the proxy is TLS too, verified as
// the server's would be but for the proxy's name; its records are batched as ours are, since
// each record of ours becomes one of the proxy connection's.
func dialTunnel(ctx context.Context, dial func(context.Context, string, string) (net.Conn, error),
	network, addr string, proxy *url.URL, base *tls.Config, timeout time.Duration, batches *sync.Pool) (net.Conn, error) {
	proxyAddr := canonicalProxyAddr(proxy)
	cctx := ctx
	if timeout > 0 {
		var cancel context.CancelFunc
		cctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	conn, err := dial(cctx, network, proxyAddr)
	if err != nil {
		return nil, err
	}
	// Closing is what unblocks a read or write at once: a deadline could be pushed forward by
	// idleTimeoutConn underneath.
	stop := context.AfterFunc(cctx, func() { conn.Close() })
	tunnel, err := connect(cctx, conn, addr, proxy, proxyAddr, base, batches)
	if !stop() || err != nil {
		conn.Close()
		if err == nil || cctx.Err() != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, proxyConnectTimeoutError{proxyAddr}
		}
		return nil, err
	}
	return tunnel, nil
}

func connect(ctx context.Context, conn net.Conn, addr string, proxy *url.URL, proxyAddr string,
	base *tls.Config, batches *sync.Pool) (net.Conn, error) {
	if proxy.Scheme == "https" {
		raw := &recordBatcher{Conn: conn, pool: batches}
		cfg := base.Clone()
		cfg.ServerName = proxy.Hostname()
		cfg.NextProtos = []string{"http/1.1"}
		tc := tls.Client(raw, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			return nil, err
		}
		conn = &tlsConn{Conn: tc, batch: raw}
	}

	req := "CONNECT " + addr + " HTTP/1.1\r\nHost: " + addr + "\r\n"
	if u := proxy.User; u != nil {
		pass, _ := u.Password()
		req += "Proxy-Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(u.Username()+":"+pass)) + "\r\n"
	}
	if _, err := io.WriteString(conn, req+"\r\n"); err != nil {
		return nil, err
	}
	// The body of a 200 to CONNECT is the tunnel, and of any other answer of no interest: only
	// the header is read, and the header alone is bounded.
	br := bufio.NewReader(&io.LimitedReader{R: conn, N: maxConnectHeader})
	resp, err := http.ReadResponse(br, &http.Request{Method: http.MethodConnect})
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &ProxyConnectError{Proxy: proxyAddr, StatusCode: resp.StatusCode, Status: resp.Status}
	}
	if n := br.Buffered(); n > 0 {
		// The server's first bytes may have come with the proxy's answer.
		early, _ := br.Peek(n)
		return &prefixConn{Conn: conn, early: append([]byte(nil), early...)}, nil
	}
	return conn, nil
}

const maxConnectHeader = 64 << 10

// canonicalProxyAddr is the proxy's host:port, with the scheme's port when the URL has none.
func canonicalProxyAddr(u *url.URL) string {
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// prefixConn reads early before reading its connection.
type prefixConn struct {
	net.Conn
	early []byte
}

func (c *prefixConn) Read(p []byte) (int, error) {
	if len(c.early) > 0 {
		n := copy(p, c.early)
		c.early = c.early[n:]
		return n, nil
	}
	return c.Conn.Read(p)
}
