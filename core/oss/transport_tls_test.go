package oss_test

import (
	"context"
	"encoding/pem"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// selfWriter is a body that writes itself, as the upload engine's part reader does, and
// counts how it was consumed.
type selfWriter struct {
	data     []byte
	off      int
	reads    atomic.Int32
	writeTos atomic.Int32
	written  atomic.Int64 // bytes that went out through WriteTo
}

func (s *selfWriter) Read(p []byte) (int, error) {
	s.reads.Add(1)
	if s.off == len(s.data) {
		return 0, io.EOF
	}
	n := copy(p, s.data[s.off:])
	s.off += n
	return n, nil
}

// WriteTo writes in 1 MiB pieces, larger than anything net/http would read with.
func (s *selfWriter) WriteTo(w io.Writer) (int64, error) {
	s.writeTos.Add(1)
	var total int64
	for s.off < len(s.data) {
		n, err := w.Write(s.data[s.off:min(s.off+1<<20, len(s.data))])
		s.off += n
		total += int64(n)
		s.written.Add(int64(n))
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// uploadOnePart uploads body as the only part of key and checks the part's and the object's
// CRC-64 and the stored bytes.
func uploadOnePart(t *testing.T, srv *ossemu.Server, c *oss.Client, key string, body io.Reader, data []byte) {
	t.Helper()
	ctx := context.Background()
	ini, err := c.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: testBucket, Key: key})
	if err != nil {
		t.Fatal(err)
	}
	out, err := c.UploadPart(ctx, &oss.UploadPartInput{Bucket: testBucket, Key: key, UploadID: ini.UploadID,
		PartNumber: 1, Body: body, Size: int64(len(data))})
	if err != nil {
		t.Fatal(err)
	}
	if !out.HasCRC64 || out.CRC64 != crc64.Checksum(data) {
		t.Errorf("part CRC-64 %d (present %v), want %d", out.CRC64, out.HasCRC64, crc64.Checksum(data))
	}
	co, err := c.CompleteMultipartUpload(ctx, &oss.CompleteInput{Bucket: testBucket, Key: key, UploadID: ini.UploadID,
		Parts: []oss.CompletedPart{{PartNumber: 1, ETag: out.ETag}}})
	if err != nil {
		t.Fatal(err)
	}
	if !co.HasCRC64 || co.CRC64 != crc64.Checksum(data) {
		t.Errorf("object CRC-64 %d (present %v), want %d", co.CRC64, co.HasCRC64, crc64.Checksum(data))
	}
	if got, err := srv.Object(testBucket, key); err != nil || string(got) != string(data) {
		t.Errorf("stored object differs (%d bytes, %v)", len(got), err)
	}
}

// A body that is an io.WriterTo must write itself on HTTPS as on plain HTTP. net/http flushes
// the headers before a body it does not know to be in memory, so no byte of it is read into
// net/http's buffer: the body must never be read at all.
func TestBodyWritesItself(t *testing.T) {
	for _, tls := range []bool{false, true} {
		t.Run(map[bool]string{false: "http", true: "https"}[tls], func(t *testing.T) {
			srv := startEmu(t, ossemu.Options{TLS: tls})
			c := newClient(t, srv, nil)
			data := payload(3<<20+12345, 9)
			body := &selfWriter{data: data}
			uploadOnePart(t, srv, c, "writes/itself", body, data)
			if body.writeTos.Load() == 0 || body.written.Load() != int64(len(data)) {
				t.Errorf("WriteTo called %d times for %d bytes, want the whole %d bytes",
					body.writeTos.Load(), body.written.Load(), len(data))
			}
			if n := body.reads.Load(); n != 0 {
				t.Errorf("body read %d times, want never", n)
			}
		})
	}
}

// writeCA appends pemCerts to a new CA file and returns its name.
func writeCA(t *testing.T, pemCerts ...[]byte) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "ca.pem")
	var all []byte
	for _, p := range pemCerts {
		all = append(all, p...)
	}
	if err := os.WriteFile(name, all, 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

// The custom TLS dialer must verify the certificate against the name the request addresses,
// a virtual-hosted bucket.host included, and against the configured CA only.
func TestTLSDialerVerifies(t *testing.T) {
	srv := startEmu(t, ossemu.Options{TLS: true})
	_, port, _ := net.SplitHostPort(srv.Endpoint())
	ctx := context.Background()

	// "localhost." is not localhost to the client, so it addresses <bucket>.localhost.,
	// which the certificate covers as *.localhost; no resolver knows that name, hence the
	// redirect below the TLS layer.
	c := newClient(t, srv, func(cfg *oss.Config) { cfg.Endpoint = "https://localhost.:" + port })
	oss.RedirectDials(c, srv.Endpoint())
	data := payload(300<<10, 3)
	body := &selfWriter{data: data}
	uploadOnePart(t, srv, c, "vh/tls", body, data)
	if body.reads.Load() != 0 || body.written.Load() != int64(len(data)) {
		t.Errorf("virtual-hosted: %d reads, %d bytes through WriteTo", body.reads.Load(), body.written.Load())
	}

	// A name the certificate does not cover fails, although the CA is trusted.
	c = newClient(t, srv, func(cfg *oss.Config) { cfg.Endpoint = "https://oss.example.com:" + port })
	oss.RedirectDials(c, srv.Endpoint())
	_, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: "wrong/name", Body: strings.NewReader("x"), Size: 1})
	if e := wantTransportError(t, err, oss.TransportTLS); oss.IsRetryable(e) || !strings.Contains(e.Error(), testBucket+".oss.example.com") {
		t.Errorf("wrong name: %v (retryable %v)", e, oss.IsRetryable(e))
	}

	// Another server's CA, or none (the certificate is then self-signed as far as the system
	// knows), fails; InsecureSkipVerify alone lets it through.
	other := startEmu(t, ossemu.Options{TLS: true})
	for _, ca := range []string{writeCA(t, other.CACertPEM()), ""} {
		c = newClient(t, srv, func(cfg *oss.Config) { cfg.CAFile = ca })
		_, err = c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: "wrong/ca", Body: strings.NewReader("x"), Size: 1})
		if e := wantTransportError(t, err, oss.TransportTLS); oss.IsRetryable(e) {
			t.Errorf("CA %q: an untrusted certificate is retryable", ca)
		}
	}
	if _, err := srv.Object(testBucket, "wrong/name"); err == nil {
		t.Error("an object went to a server whose certificate failed")
	}
	if _, err := srv.Object(testBucket, "wrong/ca"); err == nil {
		t.Error("an object went to a server whose certificate failed")
	}
	c = newClient(t, srv, func(cfg *oss.Config) { cfg.CAFile, cfg.InsecureSkipVerify = "", true })
	if _, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: "insecure", Body: strings.NewReader("i"), Size: 1}); err != nil {
		t.Errorf("InsecureSkipVerify: %v", err)
	}
}

// connectProxy answers CONNECT by tunnelling to target, whatever host was asked for, and
// counts the tunnels and the credentials it saw.
func connectProxy(target string, tunnels *atomic.Int32, sawAuth *atomic.Value) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodConnect {
			http.Error(w, "CONNECT only", http.StatusMethodNotAllowed)
			return
		}
		up, err := net.Dial("tcp", target)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer up.Close()
		conn, rw, err := http.NewResponseController(w).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		tunnels.Add(1)
		sawAuth.Store(r.Header.Get("Proxy-Authorization"))
		if _, err := io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
			return
		}
		var wg sync.WaitGroup
		wg.Go(func() {
			io.Copy(up, rw.Reader) // rw.Reader may hold the first bytes the client sent
			up.(*net.TCPConn).CloseWrite()
		})
		io.Copy(conn, up)
		conn.Close()
		wg.Wait()
	})
}

// HTTPS through an http:// or https:// proxy: the client does CONNECT itself, so that the
// connection is still its own: the body writes itself and records go out batched, on the
// connection to the proxy.
func TestHTTPSThroughProxy(t *testing.T) {
	srv := startEmu(t, ossemu.Options{TLS: true})
	for _, scheme := range []string{"http", "https"} {
		t.Run(scheme, func(t *testing.T) {
			var tunnels atomic.Int32
			var sawAuth atomic.Value
			proxy := httptest.NewUnstartedServer(connectProxy(srv.Endpoint(), &tunnels, &sawAuth))
			ca := writeCA(t, srv.CACertPEM())
			if scheme == "https" {
				proxy.StartTLS()
				proxyPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: proxy.Certificate().Raw})
				ca = writeCA(t, srv.CACertPEM(), proxyPEM)
			} else {
				proxy.Start()
			}
			t.Cleanup(proxy.Close)
			c := newClient(t, srv, func(cfg *oss.Config) {
				cfg.CAFile = ca
				cfg.Proxy = strings.Replace(proxy.URL, "://", "://puser:ppass@", 1)
			})
			writes := oss.CountWrites(c)
			data := payload(1<<20+7, 5)
			body := &selfWriter{data: data}
			uploadOnePart(t, srv, c, "proxy/"+scheme, body, data)
			if body.reads.Load() != 0 || body.written.Load() != int64(len(data)) {
				t.Errorf("%d reads, %d of %d bytes through WriteTo", body.reads.Load(), body.written.Load(), len(data))
			}
			// Unbatched, the part alone would take one write per 16 KiB record: 65.
			if n := writes.Load(); n == 0 || n > 25 {
				t.Errorf("%d writes to the proxy for a 1 MiB part, want 1 to 25", n)
			}
			t.Logf("%d writes to the proxy for a 1 MiB part", writes.Load())
			if tunnels.Load() == 0 {
				t.Error("no request went through the proxy")
			}
			if auth, _ := sawAuth.Load().(string); !strings.HasPrefix(auth, "Basic ") {
				t.Errorf("proxy credentials not sent: %q", auth)
			}
		})
	}
}

// A server that accepts but never answers the handshake fails it within ConnectTimeout, as a
// timeout, and the caller learns what took too long.
func TestTLSHandshakeTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	var held []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			held = append(held, conn)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range held {
			c.Close()
		}
	})
	c, err := oss.New(oss.Config{Endpoint: "https://" + ln.Addr().String(), Region: testRegion,
		Credentials: oss.StaticCredentials(testID, testSecret, ""), ConnectTimeout: 200 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	start := time.Now()
	_, err = c.HeadObject(context.Background(), &oss.HeadObjectInput{Bucket: testBucket, Key: "k"})
	e := wantTransportError(t, err, oss.TransportTimeout)
	if d := time.Since(start); d > 5*time.Second || !strings.Contains(e.Error(), "TLS handshake timeout") {
		t.Errorf("after %v: %v", d, e)
	}
}

// A CA directory (curl's CAPATH) is trusted as a CA file is: every file in it that holds PEM
// certificates counts, others are skipped, and hash-named links (c_rehash) are followed.
func TestCAPath(t *testing.T) {
	srv := startEmu(t, ossemu.Options{TLS: true})
	other := startEmu(t, ossemu.Options{TLS: true})
	ctx := context.Background()
	put := func(dir, key string) error {
		c := newClient(t, srv, func(cfg *oss.Config) { cfg.CAFile, cfg.CAPath = "", dir })
		_, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: key, Body: strings.NewReader("c"), Size: 1})
		return err
	}

	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "README"), []byte("not a certificate"), 0o600)
	os.WriteFile(filepath.Join(dir, "other.pem"), other.CACertPEM(), 0o600)
	os.Mkdir(filepath.Join(dir, "sub"), 0o700)
	os.WriteFile(filepath.Join(dir, "ours.crt"), srv.CACertPEM(), 0o600)
	if err := os.Symlink("ours.crt", filepath.Join(dir, "0a1b2c3d.0")); err != nil {
		t.Fatal(err)
	}
	if err := put(dir, "capath/ok"); err != nil {
		t.Fatalf("CA directory holding the server's CA: %v", err)
	}
	if _, err := srv.Object(testBucket, "capath/ok"); err != nil {
		t.Fatal(err)
	}

	// Only the link is left: it is followed.
	os.Remove(filepath.Join(dir, "ours.crt"))
	os.WriteFile(filepath.Join(dir, "target"), srv.CACertPEM(), 0o600)
	os.Remove(filepath.Join(dir, "0a1b2c3d.0"))
	os.Symlink("target", filepath.Join(dir, "0a1b2c3d.0"))
	if err := put(dir, "capath/link"); err != nil {
		t.Fatalf("CA reached through a link: %v", err)
	}

	// Another server's CA alone does not make ours trusted.
	wrong := t.TempDir()
	os.WriteFile(filepath.Join(wrong, "other.pem"), other.CACertPEM(), 0o600)
	if e := wantTransportError(t, put(wrong, "capath/wrong"), oss.TransportTLS); oss.IsRetryable(e) {
		t.Errorf("an untrusted certificate is retryable: %v", e)
	}
	if _, err := srv.Object(testBucket, "capath/wrong"); err == nil {
		t.Error("an object went to a server whose certificate failed")
	}
}
