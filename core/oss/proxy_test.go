package oss_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// forwardProxy is an HTTP proxy on loopback that relays absolute-URI requests to srv,
// whatever host they name, so that no name needs to resolve. It records the hosts it saw.
func forwardProxy(t *testing.T, srv *ossemu.Server, relayed *atomic.Int32, sawAuth, sawHost, sawUA *atomic.Value) *httptest.Server {
	relay := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Endpoint())
	}}
	t.Cleanup(relay.CloseIdleConnections)
	proxy := httptest.NewServer(relayHandler(relay, func(r *http.Request) {
		relayed.Add(1)
		sawAuth.Store(r.Header.Get("Proxy-Authorization"))
		sawHost.Store(r.Host)
		sawUA.Store(r.UserAgent())
	}))
	t.Cleanup(proxy.Close)
	return proxy
}

// relayHandler is a forward proxy's handler: it refuses anything but absolute-URI requests,
// shows each to seen, and relays it through relay without its Proxy-Authorization.
func relayHandler(relay http.RoundTripper, seen func(*http.Request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !r.URL.IsAbs() {
			http.Error(w, "not a proxy request", http.StatusBadRequest)
			return
		}
		seen(r)
		out := r.Clone(r.Context())
		out.RequestURI = ""
		out.Header.Del("Proxy-Authorization")
		resp, err := relay.RoundTrip(out)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer resp.Body.Close()
		for k, v := range resp.Header {
			w.Header()[k] = v
		}
		w.WriteHeader(resp.StatusCode)
		io.Copy(w, resp.Body)
	})
}

func TestProxy(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	var relayed atomic.Int32
	var sawAuth, sawHost, sawUA atomic.Value
	proxy := forwardProxy(t, srv, &relayed, &sawAuth, &sawHost, &sawUA)
	c := newClient(t, srv, func(cfg *oss.Config) {
		cfg.UserAgent = "myapp/2.0"
		cfg.Proxy = strings.Replace(proxy.URL, "http://", "http://puser:ppass@", 1)
	})
	ctx := context.Background()
	if _, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: "via/proxy", Body: strings.NewReader("p"), Size: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.HeadObject(ctx, &oss.HeadObjectInput{Bucket: testBucket, Key: "via/proxy"}); err != nil {
		t.Fatal(err)
	}
	if relayed.Load() != 2 {
		t.Errorf("proxy relayed %d requests, want 2", relayed.Load())
	}
	if auth, _ := sawAuth.Load().(string); !strings.HasPrefix(auth, "Basic ") {
		t.Errorf("proxy credentials not sent: %q", auth)
	}
	if ua, _ := sawUA.Load().(string); !strings.HasPrefix(ua, "ossresume/"+oss.Version+" (") || !strings.HasSuffix(ua, ") myapp/2.0") {
		t.Errorf("User-Agent %q", ua)
	}
}

// Virtual-hosted addressing puts the bucket into Host. "localhost." (with the root dot) is
// not treated as localhost by the client, so it addresses bucket.localhost.:port, which
// ossemu understands; the proxy spares the test any name resolution.
func TestVirtualHostedAndPathStyle(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	_, port, _ := net.SplitHostPort(srv.Endpoint())
	var relayed atomic.Int32
	var sawAuth, sawHost, sawUA atomic.Value
	proxy := forwardProxy(t, srv, &relayed, &sawAuth, &sawHost, &sawUA)
	cases := []struct {
		pathStyle bool
		host      string
	}{
		{false, testBucket + ".localhost.:" + port},
		{true, "localhost.:" + port},
	}
	for _, tc := range cases {
		for _, v := range []int{1, 4} {
			c := newClient(t, srv, func(cfg *oss.Config) {
				cfg.Endpoint, cfg.Proxy, cfg.PathStyle, cfg.SignatureVersion = "localhost.:"+port, proxy.URL, tc.pathStyle, v
			})
			key := "vh/" + tc.host + "/k+1"
			if _, err := c.PutObject(context.Background(), &oss.PutObjectInput{Bucket: testBucket, Key: key, Body: strings.NewReader("v"), Size: 1}); err != nil {
				t.Fatalf("path style %v, V%d: %v", tc.pathStyle, v, err)
			}
			if got := sawHost.Load(); got != tc.host {
				t.Errorf("path style %v: Host %v, want %s", tc.pathStyle, got, tc.host)
			}
			if b, err := srv.Object(testBucket, key); err != nil || string(b) != "v" {
				t.Errorf("path style %v: object %q %v", tc.pathStyle, b, err)
			}
		}
	}
}

// localhost is path style without being asked, so a local server needs no DNS trickery.
func TestLocalhostEndpoint(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	_, port, _ := net.SplitHostPort(srv.Endpoint())
	c := newClient(t, srv, func(cfg *oss.Config) { cfg.Endpoint = "http://localhost:" + port + "/ignored/path" })
	if _, err := c.PutObject(context.Background(), &oss.PutObjectInput{Bucket: testBucket, Key: "lh", Body: strings.NewReader("l"), Size: 1}); err != nil {
		t.Fatal(err)
	}
	if b, err := srv.Object(testBucket, "lh"); err != nil || string(b) != "l" {
		t.Errorf("object %q %v", b, err)
	}
}
