package oss_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

func TestWrongSecret(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	for _, v := range []int{1, 4} {
		c := newClient(t, srv, func(cfg *oss.Config) {
			cfg.SignatureVersion = v
			cfg.Credentials = oss.StaticCredentials(testID, "Zwr0ngZwr0ng", "")
		})
		_, err := c.PutObject(context.Background(), &oss.PutObjectInput{Bucket: testBucket, Key: "k.bin", Body: strings.NewReader("x"), Size: 1})
		e := wantServerError(t, err, 403, "SignatureDoesNotMatch")
		wantPrefix := map[int]string{1: "PUT\n", 4: "OSS4-HMAC-SHA256\n"}[v]
		if !strings.HasPrefix(e.StringToSign, wantPrefix) || e.EC == "" {
			t.Errorf("V%d: server's string to sign %q, EC %q", v, e.StringToSign, e.EC)
		}
		if oss.IsRetryable(err) || strings.Contains(err.Error(), "Zwr0ng") {
			t.Errorf("V%d: retryable or leaks the secret: %v", v, err)
		}
	}
}

func TestUnknownToken(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	c := newClient(t, srv, func(cfg *oss.Config) { cfg.Credentials = oss.StaticCredentials(testID, testSecret, "Zbadtoken") })
	_, err := c.HeadObject(context.Background(), &oss.HeadObjectInput{Bucket: testBucket, Key: "k"})
	wantServerError(t, err, 403, "InvalidSecurityToken")
	if strings.Contains(err.Error(), "Zbadtoken") {
		t.Errorf("error leaks the token: %v", err)
	}
}

func TestEnvCredentials(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	t.Setenv("OSS_ACCESS_KEY_ID", testID)
	t.Setenv("OSS_ACCESS_KEY_SECRET", testSecret)
	t.Setenv("OSS_SESSION_TOKEN", testToken)
	c := newClient(t, srv, func(cfg *oss.Config) { cfg.Credentials = nil })
	ctx := context.Background()
	if _, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: "env", Body: strings.NewReader("e"), Size: 1}); err != nil {
		t.Fatal(err)
	}
	// The environment is read at each request: removing the secret fails before any traffic.
	t.Setenv("OSS_ACCESS_KEY_SECRET", "")
	before := len(srv.Requests())
	_, err := c.HeadObject(ctx, &oss.HeadObjectInput{Bucket: testBucket, Key: "env"})
	var ae *oss.ArgumentError
	if !errors.As(err, &ae) || len(srv.Requests()) != before {
		t.Errorf("without secret: %v, %d requests sent", err, len(srv.Requests())-before)
	}
}

func TestArgumentsCheckedBeforeTraffic(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	c := newClient(t, srv, nil)
	ctx := context.Background()
	part := func(edit func(*oss.UploadPartInput)) func() error {
		return func() error {
			in := &oss.UploadPartInput{Bucket: testBucket, Key: "k", UploadID: "u", PartNumber: 1, Body: strings.NewReader("x"), Size: 1}
			edit(in)
			_, err := c.UploadPart(ctx, in)
			return err
		}
	}
	complete := func(parts ...oss.CompletedPart) func() error {
		return func() error {
			_, err := c.CompleteMultipartUpload(ctx, &oss.CompleteInput{Bucket: testBucket, Key: "k", UploadID: "u", Parts: parts})
			return err
		}
	}
	cases := []struct {
		name, field string
		call        func() error
	}{
		{"bad bucket", "bucket", func() error {
			_, err := c.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: "Bad_Bucket", Key: "k"})
			return err
		}},
		{"empty key", "key", func() error {
			_, err := c.HeadObject(ctx, &oss.HeadObjectInput{Bucket: testBucket})
			return err
		}},
		{"long key", "key", func() error {
			_, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: strings.Repeat("k", 1024)})
			return err
		}},
		{"nil input", "UploadPart input", func() error { _, err := c.UploadPart(ctx, nil); return err }},
		{"part 0", "PartNumber", part(func(in *oss.UploadPartInput) { in.PartNumber = 0 })},
		{"part 10001", "PartNumber", part(func(in *oss.UploadPartInput) { in.PartNumber = 10001 })},
		{"no upload id", "UploadID", part(func(in *oss.UploadPartInput) { in.UploadID = "" })},
		{"negative size", "Size", part(func(in *oss.UploadPartInput) { in.Size = -1 })},
		{"too large", "Size", part(func(in *oss.UploadPartInput) { in.Size = 5<<30 + 1 })},
		{"nil body", "Body", part(func(in *oss.UploadPartInput) { in.Body = nil })},
		{"parts out of order", "Parts", complete(oss.CompletedPart{PartNumber: 2, ETag: `"a"`}, oss.CompletedPart{PartNumber: 1, ETag: `"b"`})},
		{"parts repeated", "Parts", complete(oss.CompletedPart{PartNumber: 1, ETag: `"a"`}, oss.CompletedPart{PartNumber: 1, ETag: `"b"`})},
		{"part without ETag", "Parts", complete(oss.CompletedPart{PartNumber: 1})},
		{"bad range", "Range", func() error {
			_, err := c.GetObject(ctx, &oss.GetObjectInput{Bucket: testBucket, Key: "k", HasRange: true, RangeStart: 10, RangeEnd: 5})
			return err
		}},
		{"max parts", "MaxParts", func() error {
			_, err := c.ListParts(ctx, &oss.ListPartsInput{Bucket: testBucket, Key: "k", UploadID: "u", MaxParts: 1001})
			return err
		}},
	}
	for _, tc := range cases {
		err := tc.call()
		var ae *oss.ArgumentError
		if !errors.As(err, &ae) || ae.Field != tc.field {
			t.Errorf("%s: %v, want ArgumentError on %s", tc.name, err, tc.field)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c, err := oss.New(oss.Config{Endpoint: addr, SignatureVersion: 1, Credentials: oss.StaticCredentials(testID, testSecret, "")})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.HeadObject(context.Background(), &oss.HeadObjectInput{Bucket: testBucket, Key: "k"})
	if e := wantTransportError(t, err, oss.TransportRefused); !oss.IsRetryable(e) {
		t.Error("refused is not retryable")
	}
}

func TestResetMidBody(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	c := newClient(t, srv, nil)
	ctx := context.Background()
	ini, err := c.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: testBucket, Key: "reset"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.AddFault("op=UploadPart,part=1,reset-after=64KiB,times=1"); err != nil {
		t.Fatal(err)
	}
	data := payload(1<<20, 3)
	in := &oss.UploadPartInput{Bucket: testBucket, Key: "reset", UploadID: ini.UploadID, PartNumber: 1, Size: int64(len(data))}
	in.Body = bytes.NewReader(data)
	_, err = c.UploadPart(ctx, in)
	if e := wantTransportError(t, err, oss.TransportReset); !oss.IsRetryable(e) {
		t.Error("reset is not retryable")
	}
	// The fault fired once: the same part sent again goes through, read exactly once.
	counted := &countingReader{r: bytes.NewReader(data)}
	in.Body = counted
	if _, err := c.UploadPart(ctx, in); err != nil {
		t.Fatal(err)
	}
	if counted.n.Load() != int64(len(data)) {
		t.Errorf("body read %d bytes, want %d", counted.n.Load(), len(data))
	}
}

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

func TestServerFaults(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	c := newClient(t, srv, nil)
	cases := []struct {
		fault     string
		status    int
		code      string
		retryable bool
	}{
		{"op=PutObject,code=SlowDown,times=1", 503, "SlowDown", true},
		{"op=PutObject,status=500,times=1", 500, "InternalError", true},
		{"op=PutObject,status=429,times=1", 429, "", true},
		{"op=PutObject,status=400,code=InvalidArgument,times=1", 400, "InvalidArgument", false},
	}
	for _, tc := range cases {
		if err := srv.AddFault(tc.fault); err != nil {
			t.Fatal(err)
		}
		_, err := c.PutObject(context.Background(), &oss.PutObjectInput{Bucket: testBucket, Key: "f", Body: strings.NewReader("abc"), Size: 3})
		wantServerError(t, err, tc.status, tc.code)
		if oss.IsRetryable(err) != tc.retryable {
			t.Errorf("%s: retryable %v, want %v", tc.fault, oss.IsRetryable(err), tc.retryable)
		}
		srv.ClearFaults()
	}
}

// slowReader yields chunk bytes per Read, forever, pausing between reads.
type slowReader struct {
	chunk int
	read  atomic.Int64
}

func (s *slowReader) Read(p []byte) (int, error) {
	time.Sleep(time.Millisecond)
	n := min(len(p), s.chunk)
	clear(p[:n])
	s.read.Add(int64(n))
	return n, nil
}

// TestCancelStopsPartMidBody cancels a 1 GiB part mid-body, against a server that reads it,
// one that never reads it (a stalled server: the socket buffers fill and the transport's write
// blocks) and one that reads it slowly. In the last two the write is blocked when the cancel
// comes, so the test proves that the cancel cuts a blocked write, not just a loop between writes.
func TestCancelStopsPartMidBody(t *testing.T) {
	cases := []struct {
		name    string
		fault   string
		blocked bool // wait for the body writes to stall before cancelling
	}{
		{"reading server", "", false},
		{"stalled server", "op=UploadPart,delay=1h", true},
		{"throttled server", "op=UploadPart,bandwidth=64KiB", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := startEmu(t, ossemu.Options{})
			c := newClient(t, srv, nil)
			ini, err := c.InitiateMultipartUpload(context.Background(), &oss.InitiateInput{Bucket: testBucket, Key: "cancel"})
			if err != nil {
				t.Fatal(err)
			}
			if tc.fault != "" {
				if err := srv.AddFault(tc.fault); err != nil {
					t.Fatal(err)
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			body := &slowReader{chunk: 32 << 10}
			cancelled := make(chan time.Time, 1)
			go func() {
				for body.read.Load() < 128<<10 { // a stalled server lets ~256 KiB in: see notsent_unix.go
					time.Sleep(time.Millisecond)
				}
				// No progress for 200 ms: the transport is blocked writing to a full socket.
				for last := int64(-1); tc.blocked && body.read.Load() != last; time.Sleep(200 * time.Millisecond) {
					last = body.read.Load()
				}
				cancelled <- time.Now()
				cancel()
			}()
			const size = 1 << 30
			_, err = c.UploadPart(ctx, &oss.UploadPartInput{Bucket: testBucket, Key: "cancel", UploadID: ini.UploadID,
				PartNumber: 1, Body: body, Size: size})
			returned := time.Now()
			e := wantTransportError(t, err, oss.TransportCanceled)
			if !errors.Is(e, context.Canceled) || oss.IsRetryable(e) {
				t.Errorf("cancel: %v (retryable %v)", e, oss.IsRetryable(e))
			}
			// Generous for a loaded machine under -race; it takes a few milliseconds.
			took := returned.Sub(<-cancelled)
			t.Logf("returned %v after the cancel, %d bytes read", took, body.read.Load())
			if took > 2*time.Second {
				t.Errorf("UploadPart returned %v after the cancel", took)
			}
			if read := body.read.Load(); read > 64<<20 {
				t.Errorf("read %d bytes of the part", read)
			}
			lp, err := c.ListParts(context.Background(), &oss.ListPartsInput{Bucket: testBucket, Key: "cancel", UploadID: ini.UploadID})
			if err != nil || len(lp.Parts) != 0 {
				t.Errorf("after cancel the server lists %v (%v)", lp, err)
			}
		})
	}
}

// returnWatcher counts Reads still running, or started, once the operation has returned.
type returnWatcher struct {
	slowReader
	returned atomic.Bool
	late     atomic.Int64
}

func (w *returnWatcher) Read(p []byte) (int, error) {
	n, err := w.slowReader.Read(p)
	if w.returned.Load() {
		w.late.Add(1)
	}
	return n, err
}

// TestBodyNotReadAfterReturn: a 403 comes back before the server reads the part, while the
// transport is still sending it. Once UploadPart returns, the caller owns its reader again (the
// engine releases its buffers), so nothing may read it any more.
func TestBodyNotReadAfterReturn(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	c := newClient(t, srv, func(cfg *oss.Config) { cfg.Credentials = oss.StaticCredentials(testID, "Zwr0ngZwr0ng", "") })
	body := &returnWatcher{slowReader: slowReader{chunk: 32 << 10}}
	_, err := c.UploadPart(context.Background(), &oss.UploadPartInput{Bucket: testBucket, Key: "early", UploadID: "0123",
		PartNumber: 1, Body: body, Size: 1 << 30})
	body.returned.Store(true)
	wantServerError(t, err, 403, "SignatureDoesNotMatch")
	time.Sleep(200 * time.Millisecond) // the transport gives up on the connection within 50 ms
	if n := body.late.Load(); n != 0 {
		t.Errorf("the body was read %d times after UploadPart returned", n)
	}
}

func TestReadWriteTimeout(t *testing.T) {
	srv := startEmu(t, ossemu.Options{Faults: []string{"op=HeadObject,delay=3s"}})
	c := newClient(t, srv, func(cfg *oss.Config) { cfg.ReadWriteTimeout = 300 * time.Millisecond })
	start := time.Now()
	_, err := c.HeadObject(context.Background(), &oss.HeadObjectInput{Bucket: testBucket, Key: "k"})
	if e := wantTransportError(t, err, oss.TransportTimeout); !oss.IsRetryable(e) {
		t.Error("timeout is not retryable")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("timed out after %v", d)
	}
}

func TestClockSkewCorrected(t *testing.T) {
	srv := startEmu(t, ossemu.Options{Now: func() time.Time { return time.Now().Add(time.Hour) }})
	for _, v := range []int{1, 4} {
		c := newClient(t, srv, func(cfg *oss.Config) { cfg.SignatureVersion = v })
		put := func() error {
			_, err := c.PutObject(context.Background(), &oss.PutObjectInput{Bucket: testBucket, Key: "skew", Body: strings.NewReader("s"), Size: 1})
			return err
		}
		err := put()
		e := wantServerError(t, err, 403, "RequestTimeTooSkewed")
		if !e.ClockSkewCorrected || !oss.IsRetryable(err) {
			t.Errorf("V%d: skew not corrected or not retryable: %+v", v, e)
		}
		if d := c.ClockSkew() - time.Hour; d < -5*time.Second || d > 5*time.Second {
			t.Errorf("V%d: learnt skew %v, want about 1h", v, c.ClockSkew())
		}
		if err := put(); err != nil {
			t.Errorf("V%d: retry after correction: %v", v, err)
		}
	}
}

func TestTLSVerification(t *testing.T) {
	srv := startEmu(t, ossemu.Options{TLS: true})
	c := newClient(t, srv, func(cfg *oss.Config) { cfg.CAFile = "" })
	_, err := c.HeadObject(context.Background(), &oss.HeadObjectInput{Bucket: testBucket, Key: "k"})
	if e := wantTransportError(t, err, oss.TransportTLS); oss.IsRetryable(e) {
		t.Error("an untrusted certificate is retryable")
	}
	c = newClient(t, srv, func(cfg *oss.Config) { cfg.CAFile, cfg.InsecureSkipVerify = "", true })
	_, err = c.HeadObject(context.Background(), &oss.HeadObjectInput{Bucket: testBucket, Key: "k"})
	wantServerError(t, err, 404, "NoSuchKey")
}

func TestDebugLogNeverHoldsSecrets(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	var buf bytes.Buffer
	var mu sync.Mutex
	logger := slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, v := range []int{1, 4} {
		c := newClient(t, srv, func(cfg *oss.Config) {
			cfg.SignatureVersion = v
			cfg.Logger = logger
			cfg.Credentials = oss.StaticCredentials(testID, testSecret, testToken)
		})
		ctx := context.Background()
		if _, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: "log me", Body: strings.NewReader("x"), Size: 1}); err != nil {
			t.Fatal(err)
		}
		c.HeadObject(ctx, &oss.HeadObjectInput{Bucket: testBucket, Key: "missing"})
	}
	mu.Lock()
	out := buf.String()
	mu.Unlock()
	for _, want := range []string{"op=PutObject", "method=PUT", "status=200", "op=HeadObject", "status=404",
		"url=http://127.0.0.1:", "log%20me", "duration=", "NoSuchKey"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Count(out, "request_id=") != 4 || strings.Contains(out, "request_id= ") {
		t.Errorf("want 4 request ids:\n%s", out)
	}
	for _, secret := range []string{testSecret, testToken, "Signature", "OSS4-HMAC", "OSS " + testID} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %q:\n%s", secret, out)
		}
	}
}

type lockedWriter struct {
	w  io.Writer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestCallbackReply(t *testing.T) {
	var got atomic.Int32
	cb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got.Add(1)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"Status":"OK"}`)
	}))
	defer cb.Close()
	srv := startEmu(t, ossemu.Options{})
	c := newClient(t, srv, nil)
	ctx := context.Background()
	h := http.Header{}
	h.Set("x-oss-callback", base64.StdEncoding.EncodeToString([]byte(
		`{"callbackUrl":"`+cb.URL+`/cb","callbackBody":"bucket=${bucket}&object=${object}","callbackBodyType":"application/x-www-form-urlencoded"}`)))

	po, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: "cb-put", Body: strings.NewReader("p"), Size: 1, Header: h})
	if err != nil {
		t.Fatal(err)
	}
	if string(po.Body) != `{"Status":"OK"}` {
		t.Errorf("PutObject callback reply %q", po.Body)
	}

	ini, err := c.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: testBucket, Key: "cb-mp"})
	if err != nil {
		t.Fatal(err)
	}
	up, err := c.UploadPart(ctx, &oss.UploadPartInput{Bucket: testBucket, Key: "cb-mp", UploadID: ini.UploadID, PartNumber: 1, Body: strings.NewReader("m"), Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	co, err := c.CompleteMultipartUpload(ctx, &oss.CompleteInput{Bucket: testBucket, Key: "cb-mp", UploadID: ini.UploadID,
		Parts: []oss.CompletedPart{{PartNumber: 1, ETag: up.ETag}}, Header: h})
	if err != nil {
		t.Fatal(err)
	}
	if string(co.Body) != `{"Status":"OK"}` || !co.HasCRC64 || got.Load() != 2 {
		t.Errorf("Complete callback reply %q, CRC present %v, callbacks %d", co.Body, co.HasCRC64, got.Load())
	}

	// A callback server that is down: 203 CallbackFailed, yet the object exists.
	cb.Close()
	_, err = c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: "cb-fail", Body: strings.NewReader("f"), Size: 1, Header: h})
	wantServerError(t, err, 203, "CallbackFailed")
	if _, err := srv.Object(testBucket, "cb-fail"); err != nil {
		t.Errorf("object after a failed callback: %v", err)
	}
}

func TestParallelPartsShareConnections(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	c := newClient(t, srv, func(cfg *oss.Config) { cfg.MaxIdleConnsPerHost = 8 })
	ctx := context.Background()
	ini, err := c.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: testBucket, Key: "parallel"})
	if err != nil {
		t.Fatal(err)
	}
	const parts, size = 32, 100 << 10
	var wg sync.WaitGroup
	errs := make(chan error, parts)
	sem := make(chan struct{}, 8)
	for n := 1; n <= parts; n++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			_, err := c.UploadPart(ctx, &oss.UploadPartInput{Bucket: testBucket, Key: "parallel", UploadID: ini.UploadID,
				PartNumber: n, Body: bytes.NewReader(payload(size, byte(n))), Size: size})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	lp, err := c.ListParts(ctx, &oss.ListPartsInput{Bucket: testBucket, Key: "parallel", UploadID: ini.UploadID})
	if err != nil || len(lp.Parts) != parts {
		t.Fatalf("ListParts: %d parts, %v", len(lp.Parts), err)
	}
}

// closeTracker is a body that records whether anyone closed it.
type closeTracker struct {
	io.Reader
	closed atomic.Bool
}

func (c *closeTracker) Close() error { c.closed.Store(true); return nil }

func TestCallerBodyNotClosed(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	c := newClient(t, srv, nil)
	body := &closeTracker{Reader: strings.NewReader("keep me open")}
	if _, err := c.PutObject(context.Background(), &oss.PutObjectInput{Bucket: testBucket, Key: "open", Body: body, Size: 12}); err != nil {
		t.Fatal(err)
	}
	if body.closed.Load() {
		t.Error("the client closed the caller's body")
	}
}
