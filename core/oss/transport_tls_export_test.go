package oss

import (
	"context"
	"net"
	"sync/atomic"
)

// RedirectDials sends every connection of c to addr, whatever host it names, as a resolver
// mapping that name to addr would: TLS still sees the name. It must precede c's first request.
func RedirectDials(c *Client, addr string) {
	dial := c.transport.DialContext
	c.transport.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return dial(ctx, network, addr)
	}
}

// CountWrites counts the writes on c's TCP connections, beneath TLS. It must precede c's first
// request.
func CountWrites(c *Client) *atomic.Int64 {
	var n atomic.Int64
	dial := c.transport.DialContext
	c.transport.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		conn, err := dial(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &countingConn{Conn: conn, n: &n}, nil
	}
	return &n
}

type countingConn struct {
	net.Conn
	n *atomic.Int64
}

func (c *countingConn) Write(p []byte) (int, error) {
	c.n.Add(1)
	return c.Conn.Write(p)
}
