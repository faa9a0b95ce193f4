package compat

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ossresume/ossresume/tests/ossemu"
)

// The official SDKs run against ossemu here. They are clients nobody in this project wrote, so
// where one and the server disagree, the server is the one to fix.

// The one test fixture (tests/ossemu/fixture.json).
var (
	emuBucket = ossemu.Fixture.Bucket
	emuRegion = ossemu.Fixture.Region
	emuToken  = ossemu.Fixture.STSToken
)

type emu struct {
	srv    *ossemu.Server
	key    ossemu.Key
	client *http.Client // trusts the server's CA under TLS
}

// startEmu starts an in-memory server with one bucket, stopped when the test ends.
func startEmu(t *testing.T, useTLS bool) *emu {
	t.Helper()
	key := ossemu.Key{ID: ossemu.Fixture.AccessKeyID, Secret: ossemu.Fixture.AccessKeySecret}
	srv, err := ossemu.Start(ossemu.Options{TLS: useTLS}.WithFixture())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DialContext = localhostDialer
	if useTLS {
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(srv.CACertPEM()) {
			t.Fatal("server CA does not parse")
		}
		tr.TLSClientConfig = &tls.Config{RootCAs: pool}
	}
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}
	t.Cleanup(client.CloseIdleConnections)
	return &emu{srv: srv, key: key, client: client}
}

// localhostDialer sends every "*.localhost" name to 127.0.0.1, as RFC 6761 intends, so the SDKs
// can address buckets virtual-hosted (bucket.localhost:PORT) without a DNS entry.
func localhostDialer(ctx context.Context, network, addr string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, err
	}
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		addr = net.JoinHostPort("127.0.0.1", port)
	}
	var d net.Dialer
	return d.DialContext(ctx, network, addr)
}

// randomFile returns n random bytes, and writes them to a file in a fresh directory.
func randomFile(t *testing.T, n int) (string, []byte) {
	t.Helper()
	data := make([]byte, n)
	rand.Read(data)
	path := filepath.Join(t.TempDir(), "source.bin")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path, data
}

// checkStored compares what the server holds with want.
func (e *emu) checkStored(t *testing.T, key string, want []byte) {
	t.Helper()
	got, err := e.srv.Object(emuBucket, key)
	if err != nil {
		t.Fatalf("server has no %q: %v", key, err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("server holds %d bytes for %q, want %d identical bytes", len(got), key, len(want))
	}
}

// count tallies the logged requests of one operation on one key.
func (e *emu) count(op, key string) (n int, parts []int) {
	for _, r := range e.srv.Requests() {
		if r.Op == op && r.Key == key {
			n++
			if r.PartNumber > 0 {
				parts = append(parts, r.PartNumber)
			}
		}
	}
	return n, parts
}

// modes are the combinations every SDK test runs in.
var modes = []struct {
	name string
	v4   bool
	tls  bool
}{
	{"V1/http", false, false},
	{"V4/http", true, false},
	{"V1/https", false, true},
	{"V4/https", true, true},
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%q is not a number: %v", s, err)
	}
	return n
}

// localhostURL is the server's URL with "localhost" for the IP, which makes both SDKs address
// buckets virtual-hosted instead of path-style.
func (e *emu) localhostURL() string { return strings.Replace(e.srv.URL(), "127.0.0.1", "localhost", 1) }
