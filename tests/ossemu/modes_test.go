package ossemu

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestTLS(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	s := startServer(t, Options{TLS: true, CAOut: caFile})
	if !strings.HasPrefix(s.URL(), "https://127.0.0.1:") {
		t.Fatalf("URL %s", s.URL())
	}
	pem, err := os.ReadFile(caFile)
	if err != nil || !bytes.Equal(pem, s.CACertPEM()) {
		t.Fatalf("CA file: %v", err)
	}
	for _, vhost := range []string{"", "localhost"} {
		c := newClient(t, s)
		c.v4, c.vhost = true, vhost
		data := randomData(100_000)
		c.put("bkt", "tls/obj", data, nil).want(t, 200, "")
		if r := c.get("bkt", "tls/obj", nil).want(t, 200, ""); !bytes.Equal(r.body, data) {
			t.Fatal("TLS round trip differs")
		}
	}
	if _, err := Start(Options{CAOut: caFile}); err == nil {
		t.Fatal("CAOut without TLS accepted")
	}
}

func TestBenchmarkMode(t *testing.T) {
	s := startServer(t, Options{Benchmark: true})
	c := newClient(t, s)
	r := c.put("bkt", "b", randomData(1000), nil).want(t, 200, "")
	if !regexp.MustCompile(`^"[0-9A-F]{32}"$`).MatchString(r.Header.Get("ETag")) || r.Header.Get("x-oss-hash-crc64ecma") == "" {
		t.Fatalf("benchmark PUT: ETag %q CRC %q", r.Header.Get("ETag"), r.Header.Get("x-oss-hash-crc64ecma"))
	}
	c.get("bkt", "b", nil).want(t, 501, "NotImplemented")
	id := c.initiate("bkt", "mp", nil)
	e1 := c.uploadPart("bkt", "mp", id, 1, randomData(minPartSize)).want(t, 200, "").Header.Get("ETag")
	e2 := c.uploadPart("bkt", "mp", id, 2, randomData(10)).want(t, 200, "").Header.Get("ETag")
	c.complete("bkt", "mp", id, []completePart{{1, e1}, {2, e2}}).want(t, 200, "")
	if h := c.do("HEAD", "bkt", "mp", "", nil, nil).want(t, 200, ""); h.Header.Get("Content-Length") != "102410" {
		t.Fatalf("benchmark HEAD: %v", h.Header)
	}
	if _, err := Start(Options{Benchmark: true, DataDir: t.TempDir()}); err == nil {
		t.Fatal("Benchmark with DataDir accepted")
	}
}

func TestStartValidation(t *testing.T) {
	for _, opts := range []Options{
		{Addr: "nonsense"},
		{Keys: []Key{{ID: "a:b", Secret: "s"}}},
		{Keys: []Key{{ID: "a", Secret: ""}}},
		{Buckets: []string{"Bad_Name"}},
		{Faults: []string{"op=Nope"}},
		{STSTokens: []string{""}},
	} {
		if s, err := Start(opts); err == nil {
			s.Close()
			t.Errorf("Start(%+v) accepted", opts)
		}
	}
	s := startServer(t, Options{Keys: []Key{}})
	if k := s.Keys(); len(k) != 1 || k[0].ID == "" || k[0].Secret == "" {
		t.Fatalf("generated keys %+v", k)
	}
	newClient(t, s).put("bkt", "k", []byte("x"), nil).want(t, 200, "")
}

func TestRequestLogFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log.jsonl")
	s, err := Start(Options{LogFile: path, Buckets: []string{"bkt"}})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, s)
	c.put("bkt", "a", []byte("x"), nil).want(t, 200, "")
	c.get("bkt", "missing", nil).want(t, 404, "NoSuchKey")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"op":"PutObject"`) || !strings.Contains(lines[1], `"code":"NoSuchKey"`) {
		t.Fatalf("log file:\n%s", data)
	}
}

func TestCloseCutsStuckRequests(t *testing.T) {
	s, err := Start(Options{Keys: []Key{{"test-ak", "test-secret"}}, Buckets: []string{"bkt"}, Faults: []string{"op=PutObject,delay=1h"}})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, s)
	started := make(chan struct{})
	go func() {
		req, _ := http.NewRequest("PUT", s.URL()+"/bkt/stuck", strings.NewReader("x"))
		c.sign(req, "bkt", "stuck")
		close(started)
		if resp, err := c.http.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	<-started
	for len(s.faults.list()) == 0 || s.faults.list()[0].Seen == 0 {
		time.Sleep(5 * time.Millisecond)
	}
	begin := time.Now()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(begin); d > 5*time.Second {
		t.Fatalf("Close took %v with a request stuck in a delay", d)
	}
	if reqs := s.Requests(); len(reqs) != 1 || reqs[0].Op != "PutObject" {
		t.Fatalf("the cut request was not logged: %+v", reqs)
	}
}
