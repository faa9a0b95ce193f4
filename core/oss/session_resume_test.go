package oss_test

import (
	"context"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/ossresume/ossresume/core/oss"
)

// TestTLSSessionResumed: a client's second connection to a host resumes the first one's TLS
// session (an abbreviated handshake) rather than running a full one, as a program that
// uploads many small files opens connection after connection.
func TestTLSSessionResumed(t *testing.T) {
	var mu sync.Mutex
	var resumed []bool
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		resumed = append(resumed, r.TLS.DidResume)
		mu.Unlock()
		w.Header().Set("x-oss-request-id", "resume-test")
		w.WriteHeader(http.StatusNotFound) // HEAD: no body
	}))
	defer srv.Close()
	ca := filepath.Join(t.TempDir(), "ca.pem")
	pemCA := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(ca, pemCA, 0o600); err != nil {
		t.Fatal(err)
	}
	cfg := oss.Config{Endpoint: srv.URL, Region: "cn-hangzhou",
		Credentials: oss.StaticCredentials("id", "secret", ""), CAFile: ca}
	shared, err := oss.NewSharedTransport(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		c, err := oss.NewShared(cfg, shared)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.HeadObject(context.Background(), &oss.HeadObjectInput{Bucket: "bucket", Key: "k"})
		if err == nil {
			t.Fatalf("request %d: HEAD of a missing object succeeded", i)
		}
		c.Close()
		shared.CloseIdleConnections() // the next request dials a new connection
	}
	mu.Lock()
	defer mu.Unlock()
	if len(resumed) != 3 {
		t.Fatalf("the server saw %d requests, want 3", len(resumed))
	}
	if resumed[0] {
		t.Errorf("the first connection resumed a session it cannot have had")
	}
	for i, r := range resumed[1:] {
		if !r {
			t.Errorf("connection %d ran a full handshake: the session of the first was not resumed", i+2)
		}
	}
}
