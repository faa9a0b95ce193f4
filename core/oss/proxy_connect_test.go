package oss_test

import (
	"context"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// startConnectProxy starts connectProxy to srv over scheme and returns it with the CA file
// that trusts both srv (or serverCA, when given) and the proxy.
func startConnectProxy(t *testing.T, srv *ossemu.Server, scheme string, serverCA []byte, tunnels *atomic.Int32) (*httptest.Server, string) {
	t.Helper()
	var sawAuth atomic.Value
	proxy := httptest.NewUnstartedServer(connectProxy(srv.Endpoint(), tunnels, &sawAuth))
	if serverCA == nil {
		serverCA = srv.CACertPEM()
	}
	ca := writeCA(t, serverCA)
	if scheme == "https" {
		proxy.StartTLS()
		ca = writeCA(t, serverCA, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: proxy.Certificate().Raw}))
	} else {
		proxy.Start()
	}
	t.Cleanup(proxy.Close)
	return proxy, ca
}

// A server behind the proxy whose certificate the configured CAs do not vouch for fails as it
// would directly: the tunnel is no reason to trust it.
func TestHTTPSThroughProxyVerifies(t *testing.T) {
	srv := startEmu(t, ossemu.Options{TLS: true})
	other := startEmu(t, ossemu.Options{TLS: true})
	for _, scheme := range []string{"http", "https"} {
		t.Run(scheme, func(t *testing.T) {
			var tunnels atomic.Int32
			proxy, ca := startConnectProxy(t, srv, scheme, other.CACertPEM(), &tunnels)
			c := newClient(t, srv, func(cfg *oss.Config) { cfg.CAFile, cfg.Proxy = ca, proxy.URL })
			_, err := c.PutObject(context.Background(), &oss.PutObjectInput{Bucket: testBucket, Key: "proxy/wrong-ca",
				Body: strings.NewReader("x"), Size: 1})
			if e := wantTransportError(t, err, oss.TransportTLS); oss.IsRetryable(e) {
				t.Errorf("an untrusted certificate behind the proxy is retryable: %v", e)
			}
			if tunnels.Load() == 0 {
				t.Error("the request did not go through the proxy")
			}
			if _, err := srv.Object(testBucket, "proxy/wrong-ca"); err == nil {
				t.Error("an object went to a server whose certificate failed")
			}
		})
	}
}

// A proxy that refuses CONNECT fails the request with its status, for good (the same
// credentials will be refused again), and without repeating the proxy's password; one that
// cannot be reached is a refused connection, as through net/http's own CONNECT.
func TestHTTPSProxyRefuses(t *testing.T) {
	srv := startEmu(t, ossemu.Options{TLS: true})
	var connects atomic.Int32
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		connects.Add(1)
		w.Header().Set("Proxy-Authenticate", `Basic realm="proxy"`)
		http.Error(w, "who are you", http.StatusProxyAuthRequired)
	}))
	t.Cleanup(proxy.Close)
	c := newClient(t, srv, func(cfg *oss.Config) { cfg.Proxy = strings.Replace(proxy.URL, "://", "://puser:ppass@", 1) })
	ctx := context.Background()
	_, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: "proxy/407", Body: strings.NewReader("x"), Size: 1})
	var pe *oss.ProxyConnectError
	if !errors.As(err, &pe) || pe.StatusCode != http.StatusProxyAuthRequired {
		t.Fatalf("got %T %v, want a *oss.ProxyConnectError with 407", err, err)
	}
	if oss.IsRetryable(err) || !strings.Contains(err.Error(), "407") || strings.Contains(err.Error(), "ppass") {
		t.Errorf("%v (retryable %v)", err, oss.IsRetryable(err))
	}
	if connects.Load() != 1 {
		t.Errorf("proxy saw %d CONNECTs, want 1", connects.Load())
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	gone := ln.Addr().String()
	ln.Close()
	c = newClient(t, srv, func(cfg *oss.Config) { cfg.Proxy = "http://" + gone })
	_, err = c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: "proxy/gone", Body: strings.NewReader("x"), Size: 1})
	wantTransportError(t, err, oss.TransportRefused)
}

// HTTPS_PROXY and NO_PROXY decide for our CONNECT as for net/http's. net/http reads the
// environment once per process, and never proxies loopback addresses, so the test runs in a
// process of its own and addresses the server by names under "localhost." that the
// certificate covers but net/http does not take for loopback.
func TestHTTPSProxyFromEnvironment(t *testing.T) {
	const child = "OSSR_TEST_PROXY_ENV_CHILD"
	if os.Getenv(child) == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestHTTPSProxyFromEnvironment$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), child+"=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestHTTPSProxyFromEnvironment") {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}

	srv := startEmu(t, ossemu.Options{TLS: true})
	_, port, _ := net.SplitHostPort(srv.Endpoint())
	var tunnels atomic.Int32
	proxy, ca := startConnectProxy(t, srv, "http", nil, &tunnels)
	for _, k := range []string{"HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "REQUEST_METHOD"} {
		t.Setenv(k, "")
	}
	for _, k := range []string{"HTTPS_PROXY", "https_proxy"} {
		t.Setenv(k, proxy.URL)
	}
	for _, k := range []string{"NO_PROXY", "no_proxy"} {
		t.Setenv(k, testBucket+".localhost.")
	}

	// The bucket's name is in NO_PROXY: straight to the server. Were the proxy used, the
	// redirect would send the CONNECT to the server, which does not tunnel.
	direct := newClient(t, srv, func(cfg *oss.Config) { cfg.CAFile, cfg.Endpoint = ca, "https://localhost.:"+port })
	oss.RedirectDials(direct, srv.Endpoint())
	data := payload(200<<10, 4)
	uploadOnePart(t, srv, direct, "env/direct", &selfWriter{data: data}, data)
	if tunnels.Load() != 0 {
		t.Errorf("%d tunnels for a host in NO_PROXY", tunnels.Load())
	}

	// Path style addresses "localhost.", which NO_PROXY does not cover.
	proxied := newClient(t, srv, func(cfg *oss.Config) {
		cfg.CAFile, cfg.Endpoint, cfg.PathStyle = ca, "https://localhost.:"+port, true
	})
	body := &selfWriter{data: data}
	uploadOnePart(t, srv, proxied, "env/proxied", body, data)
	if tunnels.Load() == 0 {
		t.Error("HTTPS_PROXY not used")
	}
	if body.reads.Load() != 0 || body.written.Load() != int64(len(data)) {
		t.Errorf("through HTTPS_PROXY: %d reads, %d bytes through WriteTo", body.reads.Load(), body.written.Load())
	}
}

// Plain HTTP through an https:// proxy stays with net/http, which reaches the proxy through the
// TLS dialer: that must connect to the proxy, not tunnel to it through itself.
func TestHTTPThroughHTTPSProxy(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	var relayed atomic.Int32
	relay := &http.Transport{}
	t.Cleanup(relay.CloseIdleConnections)
	proxy := httptest.NewUnstartedServer(relayHandler(relay, func(*http.Request) { relayed.Add(1) }))
	proxy.StartTLS()
	t.Cleanup(proxy.Close)
	ca := writeCA(t, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: proxy.Certificate().Raw}))
	c := newClient(t, srv, func(cfg *oss.Config) { cfg.CAFile, cfg.Proxy = ca, proxy.URL })
	if _, err := c.PutObject(context.Background(), &oss.PutObjectInput{Bucket: testBucket, Key: "http/via/https",
		Body: strings.NewReader("h"), Size: 1}); err != nil {
		t.Fatal(err)
	}
	if relayed.Load() != 1 {
		t.Errorf("proxy relayed %d requests, want 1", relayed.Load())
	}
}
