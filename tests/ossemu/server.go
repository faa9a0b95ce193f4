package ossemu

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Key is an access key pair the server accepts.
type Key struct{ ID, Secret string }

// Options configure a server; the zero value is an in-memory HTTP server on a free loopback port
// with one generated key pair.
type Options struct {
	Addr           string   // default "127.0.0.1:0"
	DataDir        string   // "" → in memory
	Keys           []Key    // empty → one generated pair, reported by Server.Keys()
	STSTokens      []string // accepted x-oss-security-token values (empty: tokens refused)
	Buckets        []string // created at start
	TLS            bool     // HTTPS with a self-signed CA generated at start
	CAOut          string   // with TLS: write the CA certificate (PEM) here
	AllowAnonymous bool
	Faults         []string // fault specs, the same syntax as --fault and the admin endpoint
	LogFile        string   // request log, JSON lines, appended
	// Benchmark keeps no data: bodies are CRC-64'd and dropped, no MD5 is computed (ETags derive
	// from the CRC), and GetObject answers 501. Clients can be measured without the server
	// being the bottleneck.
	Benchmark bool
	// CORS answers every bucket without a CORS configuration of its own as if it had one rule:
	// any origin, every method and header, ETag, x-oss-request-id, x-oss-hash-crc64ecma and
	// Date exposed, MaxAgeSeconds 600 (ossemu --cors).
	CORS bool
	Now  func() time.Time // the server's clock (nil: time.Now); for skew tests
}

// Server is a running OSS-compatible server.
type Server struct {
	opts     Options
	now      func() time.Time
	keys     []Key
	secrets  map[string]string
	sts      map[string]bool
	st       *store
	faults   faultSet
	cors     corsRules
	log      *reqLog
	ln       net.Listener
	srv      *http.Server
	url      string
	endpoint string
	hostName string // the host part of Addr when it is a name, for virtual-hosted addressing
	caPEM    []byte
	reqSeq   atomic.Uint64
	reqBase  string
	gate     inflightGate
	bufs     sync.Pool // *[]byte copy buffers for bodies

	closeOnce sync.Once
	closeErr  error
	serveErr  chan error
	quit      chan struct{} // closed by Close: injected delays and pacing stop at once
}

// Start validates opts, loads any data directory, and returns once the server accepts
// connections.
func Start(opts Options) (*Server, error) {
	s := &Server{opts: opts, now: opts.Now, secrets: map[string]string{}, sts: map[string]bool{}}
	s.bufs.New = func() any { b := make([]byte, 256<<10); return &b }
	s.quit = make(chan struct{})
	if s.now == nil {
		s.now = time.Now
	}
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
		s.opts.Addr = opts.Addr
	}
	if opts.CAOut != "" && !opts.TLS {
		return nil, errors.New("ossemu: CAOut needs TLS")
	}
	if opts.Benchmark && opts.DataDir != "" {
		return nil, errors.New("ossemu: Benchmark mode keeps no data, so it takes no DataDir")
	}
	s.keys = append(s.keys, opts.Keys...)
	if len(s.keys) == 0 {
		s.keys = []Key{{ID: "LTAI" + strings.ToUpper(randomHex(10)), Secret: randomHex(15)}}
	}
	for _, k := range s.keys {
		if k.ID == "" || k.Secret == "" || strings.ContainsAny(k.ID, ":/ ") {
			return nil, fmt.Errorf("ossemu: access key %q: want a non-empty id without ':', '/' or spaces, and a non-empty secret", k.ID)
		}
		s.secrets[k.ID] = k.Secret
	}
	for _, t := range opts.STSTokens {
		if t == "" {
			return nil, errors.New("ossemu: empty STS token")
		}
		s.sts[t] = true
	}
	for _, spec := range opts.Faults {
		if err := s.faults.add(spec); err != nil {
			return nil, fmt.Errorf("ossemu: %w", err)
		}
	}
	for _, b := range opts.Buckets {
		if !validBucketName(b) {
			return nil, fmt.Errorf("ossemu: bucket %q: names are 3-63 characters of a-z, 0-9 and '-', not starting or ending with '-'", b)
		}
	}
	if opts.CORS {
		s.cors.fallback = anyOriginCORS()
	}
	if err := s.openStore(); err != nil {
		return nil, err
	}
	if err := s.loadCORS(); err != nil {
		return nil, fmt.Errorf("ossemu: load %s: CORS rules: %w", s.opts.DataDir, err)
	}
	for _, b := range opts.Buckets {
		if err := s.st.createBucket(b, s.now()); err != nil {
			return nil, fmt.Errorf("ossemu: create bucket %s: %w", b, err)
		}
	}
	var err error
	if s.log, err = openLog(opts.LogFile); err != nil {
		return nil, fmt.Errorf("ossemu: request log: %w", err)
	}
	if err := s.listen(); err != nil {
		s.log.close()
		return nil, err
	}
	s.reqBase = strings.ToUpper(randomHex(4))
	s.srv = &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 30 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
		TLSNextProto:      map[string]func(*http.Server, *tls.Conn, http.Handler){},
	}
	s.serveErr = make(chan error, 1)
	go func() { s.serveErr <- s.srv.Serve(s.ln) }()
	return s, nil
}

func (s *Server) openStore() error {
	switch {
	case s.opts.Benchmark:
		s.st = newStore(nullBlobs{}, nil)
	case s.opts.DataDir == "":
		s.st = newStore(newMemBlobs(), nil)
	default:
		d, err := openDisk(s.opts.DataDir)
		if err != nil {
			return fmt.Errorf("ossemu: data directory: %w", err)
		}
		s.st = newStore(&diskBlobs{dir: s.opts.DataDir}, d)
		if err := d.load(s.st); err != nil {
			return fmt.Errorf("ossemu: load %s: %w", s.opts.DataDir, err)
		}
	}
	return nil
}

func (s *Server) listen() error {
	host, _, err := net.SplitHostPort(s.opts.Addr)
	if err != nil {
		return fmt.Errorf("ossemu: address %q: want HOST:PORT", s.opts.Addr)
	}
	if net.ParseIP(host) == nil && host != "" {
		s.hostName = strings.ToLower(host)
	}
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return fmt.Errorf("ossemu: listen: %w", err)
	}
	addr := ln.Addr().(*net.TCPAddr)
	s.endpoint = addr.String()
	if addr.IP.IsUnspecified() {
		s.endpoint = net.JoinHostPort("127.0.0.1", fmt.Sprint(addr.Port))
	}
	scheme := "http"
	if s.opts.TLS {
		cfg, caPEM, err := newTLSConfig(addr.IP, s.hostName)
		if err != nil {
			ln.Close()
			return fmt.Errorf("ossemu: certificate: %w", err)
		}
		if s.opts.CAOut != "" {
			if err := os.WriteFile(s.opts.CAOut, caPEM, 0o644); err != nil {
				ln.Close()
				return fmt.Errorf("ossemu: write CA: %w", err)
			}
		}
		s.caPEM = caPEM
		ln = tls.NewListener(ln, cfg)
		scheme = "https"
	}
	s.ln = ln
	s.url = scheme + "://" + s.endpoint
	return nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return hex.EncodeToString(b)
}

// URL is the base URL, "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT".
func (s *Server) URL() string { return s.url }

// Endpoint is "127.0.0.1:PORT".
func (s *Server) Endpoint() string { return s.endpoint }

// Keys are the accepted access key pairs (the generated one when none was given).
func (s *Server) Keys() []Key { return append([]Key(nil), s.keys...) }

// CACertPEM is the CA certificate clients must trust, nil without TLS.
func (s *Server) CACertPEM() []byte { return s.caPEM }

// AddFault adds a fault at run time (see the package documentation for the syntax).
func (s *Server) AddFault(spec string) error { return s.faults.add(spec) }

// ClearFaults removes every fault.
func (s *Server) ClearFaults() { s.faults.clear() }

// Requests is the request log so far, in arrival order of completion.
func (s *Server) Requests() []Request { return s.log.snapshot() }

// ResetLog empties the in-memory request log (the --log file keeps its lines).
func (s *Server) ResetLog() { s.log.reset() }

// Close stops listening, closes every connection, waits for handlers and flushes the log.
// Requests stuck in an injected delay or in bandwidth pacing stop waiting at once; one whose
// client stopped sending or reading is cut with its connection after a 2 s grace.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		// net/http cancels a request's context when its connection closes only once the body
		// has been read, so handlers learn of the shutdown from quit rather than from it.
		close(s.quit)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		if err := s.srv.Shutdown(ctx); err != nil {
			s.srv.Close() // handlers still running after the grace period: cut them off
		}
		<-s.serveErr
		// A connection that had read its request when it was closed may still be about to
		// call ServeHTTP: the gate turns it away instead of letting it start after the wait.
		s.gate.closeAndWait()
		s.closeErr = s.log.close()
	})
	return s.closeErr
}

// inflightGate counts running handlers and, once closed, admits no more. (A bare WaitGroup
// would let a late Add race with Wait and a handler outlive Close.)
type inflightGate struct {
	mu     sync.Mutex
	closed bool
	n      int
	wg     sync.WaitGroup
}

func (g *inflightGate) enter() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	g.n++
	g.wg.Add(1)
	return true
}

func (g *inflightGate) leave() {
	g.mu.Lock()
	g.n--
	g.mu.Unlock()
	g.wg.Done()
}

// running is the number of handlers in flight, for tests.
func (g *inflightGate) running() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.n
}

func (g *inflightGate) closeAndWait() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
	g.wg.Wait()
}

// Object returns an object's stored bytes, for tests.
func (s *Server) Object(bucket, key string) ([]byte, error) {
	obj, release, e := s.st.pinObject(bucket, key)
	if e != nil {
		return nil, e
	}
	defer release()
	var buf bytes.Buffer
	buf.Grow(int(obj.Size))
	if err := s.copyRange(&buf, obj, 0, obj.Size); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UploadInfo describes an open multipart upload.
type UploadInfo struct {
	Key       string
	UploadID  string
	Initiated time.Time
	Parts     []PartInfo
}

// PartInfo is one uploaded part of an open upload.
type PartInfo struct {
	Number int
	Size   int64
	ETag   string
	CRC64  uint64
}

// OpenUploads lists the bucket's open multipart uploads with their parts.
func (s *Server) OpenUploads(bucket string) []UploadInfo {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	var out []UploadInfo
	for _, u := range s.st.uploads {
		if u.Bucket != bucket {
			continue
		}
		info := UploadInfo{Key: u.Key, UploadID: u.ID, Initiated: u.Initiated}
		for _, p := range sortedParts(u) {
			info.Parts = append(info.Parts, PartInfo{p.Number, p.Size, p.ETag, p.CRC})
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Key != out[j].Key {
			return out[i].Key < out[j].Key
		}
		return out[i].Initiated.Before(out[j].Initiated)
	})
	return out
}

// newRequestID makes a 24-hex-digit id like OSS's, unique within this server.
func (s *Server) newRequestID() string {
	return fmt.Sprintf("%s%016X", s.reqBase, s.reqSeq.Add(1))
}
