package ossemu

import (
	"bytes"
	"io"
	"net"
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
	c.v4 = true // each entry names its signature version, so a client's signing option can be checked
	c.put("bkt", "b", []byte("y"), nil).want(t, 200, "")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], `"op":"PutObject"`) || !strings.Contains(lines[1], `"code":"NoSuchKey"`) ||
		!strings.Contains(lines[0], `"auth":"V1"`) || !strings.Contains(lines[2], `"auth":"V4"`) {
		t.Fatalf("log file:\n%s", data)
	}
}

// TestCloseCutsStuckRequests closes the server under a request stuck in each way a request
// can stall: Close must return within its 2 s grace (plus slack for a loaded machine), with
// the request logged.
func TestCloseCutsStuckRequests(t *testing.T) {
	cases := []struct {
		name  string
		fault string
		op    string
		send  func(t *testing.T, c *client) // returns once the request is under way
	}{
		{"injected delay", "op=PutObject,delay=1h", "PutObject", func(t *testing.T, c *client) {
			go c.fire(signed(c, "PUT", "stuck", strings.NewReader("x"), 1))
		}},
		{"bandwidth pacing", "op=PutObject,bandwidth=1KiB", "PutObject", func(t *testing.T, c *client) {
			go c.fire(signed(c, "PUT", "stuck", bytes.NewReader(randomData(256<<10)), 256<<10))
		}},
		{"client stops sending", "", "PutObject", func(t *testing.T, c *client) {
			pr, pw := io.Pipe()
			t.Cleanup(func() { pw.Close() })
			go c.fire(signed(c, "PUT", "stuck", pr, 1<<20))
			pw.Write([]byte("ten bytes!")) // and then nothing
		}},
		{"client stops reading", "", "GetObject", func(t *testing.T, c *client) {
			c.put("bkt", "big", randomData(8<<20), nil).want(t, 200, "")
			conn, err := net.Dial("tcp", c.srv.Endpoint())
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { conn.Close() })
			conn.(*net.TCPConn).SetReadBuffer(4 << 10) // the server's writes block soon
			if err := signed(c, "GET", "big", nil, 0).Write(conn); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := Options{Keys: []Key{{"test-ak", "test-secret"}}, Buckets: []string{"bkt"}}
			s, err := Start(opts)
			if err != nil {
				t.Fatal(err)
			}
			closing := false
			t.Cleanup(func() {
				if !closing { // a stuck Close must fail the test, not hang its cleanup
					s.Close()
				}
			})
			c := newClient(t, s)
			if tc.fault != "" {
				s.AddFault(tc.fault)
			}
			tc.send(t, c)
			for deadline := time.Now().Add(10 * time.Second); s.gate.running() == 0; time.Sleep(5 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatal("the request never reached a handler")
				}
			}
			time.Sleep(100 * time.Millisecond) // let it get stuck
			begin := time.Now()
			closed := make(chan error, 1)
			closing = true
			go func() { closed <- s.Close() }()
			select {
			case err := <-closed:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Close has not returned after 10 s") // fail, rather than hang the package
			}
			if d := time.Since(begin); d > 5*time.Second {
				t.Fatalf("Close took %v", d)
			}
			if e := lastEntry(s, tc.op); e.Op != tc.op || e.Key == "" {
				t.Fatalf("the cut request was not logged: %+v", s.Requests())
			}
		})
	}
}

// signed is a signed request for bkt/key whose body (if any) is size bytes long.
func signed(c *client, method, key string, body io.Reader, size int64) *http.Request {
	req, _ := http.NewRequest(method, c.srv.URL()+"/bkt/"+key, body)
	req.ContentLength = size
	c.sign(req, "bkt", key)
	return req
}

// fire sends req and drops the answer; the requests here end in a cut connection.
func (c *client) fire(req *http.Request) {
	if resp, err := c.http.Do(req); err == nil {
		resp.Body.Close()
	}
}
