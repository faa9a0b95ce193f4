package oss

import (
	"bufio"
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// Bytes that arrive with the proxy's 200 belong to the tunnel and must not be lost in the
// buffer that read the answer.
func TestTunnelKeepsEarlyBytes(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		defer conn.Close()
		if req, err := http.ReadRequest(bufio.NewReader(conn)); err != nil || req.Method != http.MethodConnect || req.Host != "target:443" {
			return
		}
		io.WriteString(conn, "HTTP/1.1 200 OK\r\n\r\nearly")
		io.Copy(io.Discard, conn)
	}()
	proxy := &url.URL{Scheme: "http", Host: ln.Addr().String()}
	conn, err := dialTunnel(context.Background(), (&net.Dialer{}).DialContext, "tcp", "target:443", proxy,
		&tls.Config{}, 5*time.Second, batchPool(1<<10))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	got := make([]byte, 5)
	if _, err := io.ReadFull(conn, got); err != nil || string(got) != "early" {
		t.Errorf("read %q, %v; want the bytes sent with the 200", got, err)
	}
}
