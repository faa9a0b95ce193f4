package oss_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ossresume/ossresume/bindings/go/oss"
	core "github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// Both signature versions the engine has upload; AuthV2 and unknown versions are refused by
// New, and V4 without a region is refused too, all before any request.
func TestAuthVersion(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", part+1)
	for _, c := range []struct {
		name string
		opts []oss.ClientOption
		want string // the signature version every request carried, as ossemu logged it
	}{
		{"default (V1)", nil, "V1"},
		{"AuthV1", []oss.ClientOption{oss.AuthVersion(oss.AuthV1)}, "V1"},
		{"AuthV4", []oss.ClientOption{oss.AuthVersion(oss.AuthV4), oss.Region("cn-hangzhou")}, "V4"},
	} {
		e.srv.ResetLog()
		if err := e.bucket(c.opts...).UploadFile("k", path, part); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		reqs := e.srv.Requests()
		for _, r := range reqs {
			if r.Auth != c.want {
				t.Fatalf("%s: %s signed %q, want %q", c.name, r.Op, r.Auth, c.want)
			}
		}
		if len(reqs) == 0 {
			t.Fatalf("%s: nothing logged", c.name)
		}
		e.checkObject("k", data)
	}
	e.srv.ResetLog()
	for _, c := range []struct {
		opts []oss.ClientOption
		want string
	}{
		{[]oss.ClientOption{oss.AuthVersion(oss.AuthV2)}, "AuthV2"},
		{[]oss.ClientOption{oss.AuthVersion("v3")}, "v3"},
		{[]oss.ClientOption{oss.AuthVersion(oss.AuthV4)}, "Region"},
	} {
		_, err := oss.New(e.srv.URL(), e.key.ID, e.key.Secret, c.opts...)
		var ce oss.ClientError
		if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("New with %s: %v, want a ClientError naming it", c.want, err)
		}
	}
	if n := len(e.srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent", n)
	}
}

// A wrong secret and a missing bucket are ServiceErrors with the server's code, status and
// request id, found by errors.As and by a type switch as v1 users write them.
func TestServiceErrors(t *testing.T) {
	e := newEnv(t)
	path, _ := e.file("f", part+1)
	cases := []struct {
		name   string
		bucket func() *oss.Bucket
		code   string
		status int
	}{
		{"wrong secret", func() *oss.Bucket {
			c, _ := oss.New(e.srv.URL(), e.key.ID, "wrong-secret")
			b, _ := c.Bucket(testBucket)
			return b
		}, "SignatureDoesNotMatch", 403},
		{"wrong key id", func() *oss.Bucket {
			c, _ := oss.New(e.srv.URL(), "nobody", e.key.Secret, oss.AuthVersion(oss.AuthV4), oss.Region("r"))
			b, _ := c.Bucket(testBucket)
			return b
		}, "InvalidAccessKeyId", 403},
		{"missing bucket", func() *oss.Bucket {
			b, _ := e.client().Bucket("no-such-bucket")
			return b
		}, "NoSuchBucket", 404},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer e.use(t)()
			e.srv.ResetLog()
			err := c.bucket().UploadFile("k", path, part, oss.Checkpoint(true, ""))
			var se oss.ServiceError
			if !errors.As(err, &se) {
				t.Fatalf("err = %#v, want a ServiceError", err)
			}
			reqs := e.srv.Requests()
			if se.Code != c.code || se.StatusCode != c.status || se.RequestID == "" || se.RequestID != reqs[len(reqs)-1].RequestID || se.Message == "" {
				t.Fatalf("ServiceError %+v, want %s %d with the request id the server logged (%+v)", se, c.code, c.status, reqs)
			}
			switch err.(type) {
			case oss.ServiceError:
			default:
				t.Fatalf("a type switch does not see a ServiceError in %T", err)
			}
			var ce *core.Error
			if !errors.As(err, &ce) || ce.Op != "InitiateMultipartUpload" {
				t.Fatalf("the engine's error is not in the chain: %v", err)
			}
			if !strings.Contains(err.Error(), c.code) || !strings.Contains(err.Error(), se.RequestID) {
				t.Fatalf("message %q lacks the code or request id", err)
			}
		})
	}
}

// Input refused before any request is a ClientError naming what is wrong; its cause stays
// reachable with errors.Is and errors.As.
func TestClientErrorsBeforeAnyRequest(t *testing.T) {
	e := newEnv(t)
	path, _ := e.file("f", part+1)
	cases := []struct {
		name string
		run  func() error
		want string
		is   error
		as   func(error) bool
	}{
		{"part size below 100 KiB", func() error { return e.bucket().UploadFile("k", path, part-1) }, "PartSize", nil,
			func(err error) bool { var oe *upload.OptionError; return errors.As(err, &oe) && oe.Field == "PartSize" }},
		{"part size above 5 GiB", func() error { return e.bucket().UploadFile("k", path, oss.MaxPartSize+1) }, "PartSize", nil, nil},
		{"missing file", func() error { return e.bucket().UploadFile("k", path+".missing", part) }, "missing", fs.ErrNotExist, nil},
		{"empty key", func() error { return e.bucket().UploadFile("", path, part) }, "Key", nil, nil},
		{"no credentials", func() error {
			c, _ := oss.New(e.srv.URL(), "", "")
			b, _ := c.Bucket(testBucket)
			return b.UploadFile("k", path, part)
		}, "credentials", nil, nil},
		{"provider failing", func() error {
			c, _ := oss.New(e.srv.URL(), "", "", oss.SetCredentialsProvider(failingProvider{}))
			b, _ := c.Bucket(testBucket)
			return b.UploadFile("k", path, part)
		}, "vault sealed", errVault, nil},
		{"Bucket not from Client.Bucket", func() error {
			return oss.Bucket{BucketName: testBucket}.UploadFile("k", path, part)
		}, "Client.Bucket", nil, nil},
		{"bad bucket name", func() error { _, err := e.client().Bucket("Bad_Bucket"); return err }, "bucket", nil, nil},
		{"bad endpoint", func() error { _, err := oss.New("ftp://x", "a", "b"); return err }, "Endpoint", nil, nil},
		{"bad proxy", func() error { _, err := oss.New(e.srv.URL(), "a", "b", oss.Proxy("http://")); return err }, "Proxy", nil, nil},
		{"nil context", func() error {
			return e.bucket().UploadFile("k", path, part, oss.WithContext(nil))
		}, "nil context", nil, nil},
		{"CNAME with path style", func() error {
			_, err := oss.New(e.srv.URL(), "a", "b", oss.UseCname(true), oss.ForcePathStyle(true))
			return err
		}, "PathStyle", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer e.use(t)()
			e.srv.ResetLog()
			err := c.run()
			var ce oss.ClientError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want a ClientError mentioning %q", err, c.want)
			}
			if c.is != nil && !errors.Is(err, c.is) {
				t.Fatalf("err = %v does not wrap %v", err, c.is)
			}
			if c.as != nil && !c.as(err) {
				t.Fatalf("err = %v: cause not reachable", err)
			}
			if n := len(e.srv.Requests()); n != 0 {
				t.Fatalf("%d requests sent for bad input", n)
			}
		})
	}
}

var errVault = errors.New("vault sealed")

type failingProvider struct{}

func (failingProvider) GetCredentials() oss.Credentials { return nil }
func (failingProvider) GetCredentialsE() (oss.Credentials, error) {
	return nil, errVault
}

// A part whose CRC-64 the server reports differently is a CRCCheckError (after the engine's
// retries); EnableCRC(false) accepts it, as v1 does.
func TestCRCCheck(t *testing.T) {
	e := newEnv(t, func(o *ossemu.Options) { o.Faults = []string{"op=UploadPart,part=2,wrong-crc"} })
	path, data := e.file("f", 3*part)
	err := e.bucket().UploadFile("c", path, part)
	var ce oss.CRCCheckError
	if !errors.As(err, &ce) || ce.Operation() != "UploadPart" || ce.ClientCRC() == ce.ServerCRC() || ce.RequestID() == "" {
		t.Fatalf("err = %#v, want a CRCCheckError for UploadPart", err)
	}
	if !strings.Contains(err.Error(), "the crc of UploadPart is inconsistent") {
		t.Fatalf("message %q", err)
	}
	var ie *upload.InconsistentError
	if !errors.As(err, &ie) || ie.PartNumber != 2 {
		t.Fatalf("the engine's error is not in the chain: %v", err)
	}
	if err := e.bucket(oss.EnableCRC(false)).UploadFile("c", path, part); err != nil {
		t.Fatalf("EnableCRC(false): %v", err)
	}
	e.checkObject("c", data)
}

// Credentials: an STS token given with SecurityToken or by a provider is sent and accepted; a
// wrong one is refused by the server; a provider is asked again for every request.
func TestSecurityToken(t *testing.T) {
	e := newEnv(t)
	token := ossemu.Fixture.STSToken
	path, data := e.file("f", 2*part)
	for _, v := range []oss.AuthVersionType{oss.AuthV1, oss.AuthV4} {
		if err := e.bucket(oss.SecurityToken(" "+token+" "), oss.AuthVersion(v), oss.Region("r")).UploadFile("s", path, part); err != nil {
			t.Fatalf("%s with SecurityToken: %v", v, err)
		}
		e.checkObject("s", data)
	}
	counting := &countingProvider{p: oss.NewStaticCredentialsProvider(e.key.ID, e.key.Secret, token)}
	if err := e.bucket(oss.SetCredentialsProvider(counting)).UploadFile("s2", path, part); err != nil {
		t.Fatal(err)
	}
	if counting.n < 4 { // Initiate, two parts, Complete
		t.Fatalf("provider asked %d times for 4 requests", counting.n)
	}
	err := e.bucket(oss.SecurityToken("forged")).UploadFile("s3", path, part)
	var se oss.ServiceError
	if !errors.As(err, &se) || se.StatusCode != 403 {
		t.Fatalf("forged token: %v", err)
	}
}

type countingProvider struct {
	mu sync.Mutex
	n  int
	p  oss.CredentialsProvider
}

func (c *countingProvider) GetCredentials() oss.Credentials {
	c.mu.Lock()
	c.n++
	c.mu.Unlock()
	return c.p.GetCredentials()
}

// Timeout's read-write bound cuts a request the server sits on: the part is retried and the
// upload ends well before the server would have answered.
func TestTimeout(t *testing.T) {
	e := newEnv(t, func(o *ossemu.Options) { o.Faults = []string{"op=UploadPart,part=1,times=1,delay=6s"} })
	path, data := e.file("f", part+1) // two parts: one part goes as a PutObject
	start := time.Now()
	if err := e.bucket(oss.Timeout(5, 1)).UploadFile("t", path, part); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el > 4*time.Second {
		t.Fatalf("upload took %v: the 1 s read-write timeout did not cut the held request", el)
	}
	e.checkObject("t", data)
}

// TestLowSpeedLimit: a part answered at 1 B/s ends at the limit's window (1 s here), not at
// the default window (15 s) nor the read-write timeout (30 s, which a drip never trips: each
// byte is activity), and is retried into a correct object.
func TestLowSpeedLimit(t *testing.T) {
	e := newEnv(t, func(o *ossemu.Options) { o.Faults = []string{"op=UploadPart,part=1,times=1,drip=1s"} })
	path, data := e.file("f", part+1) // two parts: one part goes as a PutObject
	start := time.Now()
	if err := e.bucket(oss.Timeout(5, 30), oss.LowSpeedLimit(1024, 1)).UploadFile("slow", path, part); err != nil {
		t.Fatal(err)
	}
	if el := time.Since(start); el < 900*time.Millisecond || el > 8*time.Second {
		t.Fatalf("upload took %v, want 0.9..8 s: the 1 s low-speed window did not cut the drip", el)
	}
	e.checkObject("slow", data)
}

// hop is a forward HTTP proxy on loopback that relays every absolute-URI request to the
// server, whatever host it names (so bucket.localhost. needs no DNS), recording what it saw.
type hop struct {
	mu    sync.Mutex
	hosts []string
	paths []string
	auth  []string
}

func (h *hop) start(t *testing.T, srv *ossemu.Server) string {
	relay := &http.Transport{DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, srv.Endpoint())
	}}
	t.Cleanup(relay.CloseIdleConnections)
	p := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !r.URL.IsAbs() {
			http.Error(w, "not a proxy request", http.StatusBadRequest)
			return
		}
		h.mu.Lock()
		h.hosts, h.paths = append(h.hosts, r.Host), append(h.paths, r.URL.Path)
		h.auth = append(h.auth, r.Header.Get("Proxy-Authorization"))
		h.mu.Unlock()
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
	}))
	t.Cleanup(p.Close)
	return p.URL
}

// Addressing and proxies: virtual-hosted by default, ForcePathStyle puts the bucket in the
// path, UseCname leaves it out of both; Proxy takes host:port or a URL, AuthProxy sends the
// proxy credentials.
func TestAddressingThroughProxy(t *testing.T) {
	e := newEnv(t)
	_, port, _ := net.SplitHostPort(e.srv.Endpoint())
	path, data := e.file("f", part+1)
	var h hop
	proxy := h.start(t, e.srv)
	proxyHostPort := strings.TrimPrefix(proxy, "http://")
	cases := []struct {
		name     string
		endpoint string
		opts     []oss.ClientOption
		host     string
		path     string
		auth     bool
	}{
		{"virtual-hosted, Proxy(host:port)", "localhost.:" + port, []oss.ClientOption{oss.Proxy(proxyHostPort)},
			testBucket + ".localhost.:" + port, "/dir/k", false},
		{"ForcePathStyle, Proxy(URL), V4", "localhost.:" + port, []oss.ClientOption{oss.Proxy(proxy), oss.ForcePathStyle(true),
			oss.AuthVersion(oss.AuthV4), oss.Region("r")}, "localhost.:" + port, "/" + testBucket + "/dir/k", false},
		{"UseCname, AuthProxy", testBucket + ".localhost.:" + port, []oss.ClientOption{oss.AuthProxy(proxyHostPort, "puser", "ppass"), oss.UseCname(true)},
			testBucket + ".localhost.:" + port, "/dir/k", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer e.use(t)()
			h.mu.Lock()
			h.hosts, h.paths, h.auth = nil, nil, nil
			h.mu.Unlock()
			c2, err := oss.New(c.endpoint, e.key.ID, e.key.Secret, c.opts...)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := c2.Bucket(testBucket)
			if err := b.UploadFile("dir/k", path, part); err != nil {
				t.Fatal(err)
			}
			e.checkObject("dir/k", data)
			h.mu.Lock()
			defer h.mu.Unlock()
			if len(h.hosts) < 4 {
				t.Fatalf("the proxy relayed %d requests, want Initiate, 2 parts, Complete", len(h.hosts))
			}
			for i := range h.hosts {
				if h.hosts[i] != c.host || h.paths[i] != c.path {
					t.Fatalf("request %d: Host %q path %q, want %q %q", i, h.hosts[i], h.paths[i], c.host, c.path)
				}
				if got := strings.HasPrefix(h.auth[i], "Basic "); got != c.auth {
					t.Fatalf("request %d: Proxy-Authorization %q", i, h.auth[i])
				}
			}
		})
	}
}

// roundTripRecorder is a caller's own transport (HTTPClient): it sends through the default
// transport and keeps each request's headers.
type roundTripRecorder struct {
	mu   sync.Mutex
	reqs []*http.Request
}

func (r *roundTripRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.reqs = append(r.reqs, req)
	r.mu.Unlock()
	return http.DefaultTransport.RoundTrip(req)
}

// HTTPClient's transport carries every request; headers ossemu does not store (the object ACL,
// tags, the callback) are seen on the wire where OSS needs them, and UserAgent is appended.
func TestHTTPClientAndWireHeaders(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 2*part)
	rec := &roundTripRecorder{}
	b := e.bucket(oss.HTTPClient(&http.Client{Transport: rec}), oss.UserAgent("myapp/1.0"))
	tags := oss.Tagging{Tags: []oss.Tag{{Key: "team", Value: "a b"}, {Key: "k&", Value: "v="}}}
	if err := b.UploadFile("w", path, part, oss.ObjectACL(oss.ACLPublicRead), oss.SetTagging(tags), oss.Routines(2)); err != nil {
		t.Fatal(err)
	}
	e.checkObject("w", data)
	rec.mu.Lock()
	defer rec.mu.Unlock()
	ops := map[string]*http.Request{}
	for _, r := range rec.reqs {
		switch q := r.URL.Query(); {
		case q.Has("uploads"):
			ops["initiate"] = r
		case q.Has("partNumber"):
			ops["part"] = r
		case q.Has("uploadId"):
			ops["complete"] = r
		}
		if ua := r.Header.Get("User-Agent"); !strings.HasSuffix(ua, " myapp/1.0") {
			t.Errorf("User-Agent %q", ua)
		}
	}
	if len(rec.reqs) != 4 || len(ops) != 3 {
		t.Fatalf("the caller's transport saw %d requests (%v), want 4", len(rec.reqs), ops)
	}
	in := ops["initiate"].Header
	if in.Get("X-Oss-Object-Acl") != "public-read" || in.Get("X-Oss-Tagging") != "team=a+b&k%26=v%3D" {
		t.Fatalf("Initiate headers %v", in)
	}
	if ops["complete"].Header.Get("X-Oss-Object-Acl") != "public-read" {
		t.Fatalf("Complete lacks the ACL: %v", ops["complete"].Header)
	}
}

// SetLogLevel(Debug) logs a line per request to SetLogger's logger; LogOff logs nothing.
func TestLogging(t *testing.T) {
	e := newEnv(t)
	path, _ := e.file("f", part+1)
	var buf bytes.Buffer
	l := log.New(&buf, "", 0)
	if err := e.bucket(oss.SetLogger(l)).UploadFile("l", path, part); err != nil || buf.Len() != 0 {
		t.Fatalf("LogOff: err %v, logged %q", err, buf.String())
	}
	if err := e.bucket(oss.SetLogger(l), oss.SetLogLevel(oss.Debug)).UploadFile("l", path, part); err != nil {
		t.Fatal(err)
	}
	for _, op := range []string{"InitiateMultipartUpload", "UploadPart", "CompleteMultipartUpload"} {
		if !strings.Contains(buf.String(), "[debug]") || !strings.Contains(buf.String(), "op="+op) {
			t.Fatalf("debug log lacks %s:\n%s", op, buf.String())
		}
	}
	if strings.Contains(buf.String(), e.key.Secret) {
		t.Fatal("the secret was logged")
	}
	// Info: the engine's notices (here: a corrupt record replaced), and no request lines.
	buf.Reset()
	if err := os.WriteFile(path+".cp", []byte("not a checkpoint"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := e.bucket(oss.SetLogger(l), oss.SetLogLevel(oss.Info)).UploadFile("l", path, part, oss.Checkpoint(true, "")); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "[info]") || strings.Contains(buf.String(), "[debug]") {
		t.Fatalf("Info log:\n%s", buf.String())
	}
}

// OSS answers a bucket addressed through another region's endpoint with the endpoint to use;
// ServiceError.Endpoint carries it. ossemu has one region, so a scripted server plays OSS here.
func TestServiceErrorEndpoint(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("x-oss-request-id", "RID-1")
		w.Header().Set("Content-Type", "application/xml")
		w.WriteHeader(403)
		io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>`+
			`<Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message>`+
			`<RequestId>RID-1</RequestId><HostId>h</HostId><Endpoint>oss-cn-beijing.aliyuncs.com</Endpoint><EC>0003-00000001</EC></Error>`)
	}))
	defer srv.Close()
	e := newEnv(t)
	path, _ := e.file("f", part)
	c, err := oss.New(srv.URL, "ak", "sk")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.Bucket(testBucket)
	err = b.UploadFile("k", path, part)
	var se oss.ServiceError
	if !errors.As(err, &se) || se.Endpoint != "oss-cn-beijing.aliyuncs.com" || se.Code != "AccessDenied" ||
		se.RequestID != "RID-1" || se.Ec != "0003-00000001" || se.StatusCode != 403 || !strings.Contains(err.Error(), "Endpoint=oss-cn-beijing") {
		t.Fatalf("err = %v (%+v)", err, se)
	}
}
