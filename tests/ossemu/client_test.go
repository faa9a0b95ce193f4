package ossemu

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/xml"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The tests talk to a real server over loopback through this small signing client. Its signing
// uses the server's own canonicalisation, which sign_vectors_test.go pins to the reference
// vectors independently.

type client struct {
	t      testing.TB
	srv    *Server
	key    Key
	v4     bool
	vhost  string // "localhost" or "127.0.0.1": Host bucket.VHOST:PORT instead of /bucket/key
	token  string // x-oss-security-token
	noSign bool
	http   *http.Client
	now    func() time.Time // the client's clock; nil: the server's
}

func startServer(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Keys == nil {
		opts.Keys = []Key{{ID: "test-ak", Secret: "test-secret"}}
	}
	if opts.Buckets == nil {
		opts.Buckets = []string{"bkt"}
	}
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func newClient(t testing.TB, s *Server) *client {
	tr := &http.Transport{DisableCompression: true}
	if s.CACertPEM() != nil {
		pool := x509.NewCertPool()
		pool.AppendCertsFromPEM(s.CACertPEM())
		tr.TLSClientConfig = &tls.Config{RootCAs: pool}
	}
	c := &client{t: t, srv: s, key: s.Keys()[0], http: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
	t.Cleanup(tr.CloseIdleConnections)
	return c
}

// reply is a response with its body read.
type reply struct {
	*http.Response
	body []byte
}

// errXML is the error document.
type errXML struct {
	Code, Message, RequestId, HostId, EC, StringToSign, UploadId string
}

func (r *reply) err() errXML {
	var e errXML
	data := r.body
	if r.Request.Method == http.MethodHead {
		data = []byte(r.Header.Get("x-oss-err"))
		data, _ = decodeB64(string(data))
	}
	xml.Unmarshal(data, &e)
	return e
}

// want fails the test unless the reply has the status (and, for errors, the code).
func (r *reply) want(t testing.TB, status int, code string) *reply {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s %s: status %d (%s), want %d %s", r.Request.Method, r.Request.URL, r.StatusCode, r.body, status, code)
	}
	if code != "" {
		e := r.err()
		if e.Code != code {
			t.Fatalf("%s %s: code %q, want %q (%s)", r.Request.Method, r.Request.URL, e.Code, code, r.body)
		}
		if e.RequestId != r.Header.Get("x-oss-request-id") || e.RequestId == "" || r.Header.Get("x-oss-ec") != e.EC || e.EC == "" {
			t.Fatalf("error %s: request id %q / header %q, EC %q / header %q", code, e.RequestId, r.Header.Get("x-oss-request-id"), e.EC, r.Header.Get("x-oss-ec"))
		}
	}
	return r
}

// do sends a signed request. query is the raw query string as it goes on the wire.
func (c *client) do(method, bucket, key, query string, hdr http.Header, body []byte) *reply {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	return c.send(method, bucket, key, query, hdr, rd, int64(len(body)))
}

func (c *client) send(method, bucket, key, query string, hdr http.Header, body io.Reader, size int64) *reply {
	c.t.Helper()
	u := c.srv.URL()
	host := c.srv.Endpoint()
	path := "/"
	switch {
	case bucket != "" && c.vhost != "":
		host = bucket + "." + c.vhost + ":" + host[strings.LastIndex(host, ":")+1:]
		path += uriEscape(key, false)
	case bucket != "":
		path += bucket + "/" + uriEscape(key, false)
	}
	if query != "" {
		path += "?" + query
	}
	req, err := http.NewRequest(method, u+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Host = host
	if body != nil {
		req.ContentLength = size
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if !c.noSign {
		c.sign(req, bucket, key)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatalf("%s %s: reading the body: %v", method, path, err)
	}
	return &reply{resp, data}
}

func (c *client) sign(req *http.Request, bucket, key string) {
	now := c.srv.now
	if c.now != nil {
		now = c.now
	}
	t := now().UTC()
	if c.token != "" {
		req.Header.Set("x-oss-security-token", c.token)
	}
	q, _ := url.ParseQuery(req.URL.RawQuery)
	if !c.v4 {
		req.Header.Set("Date", t.Format(http.TimeFormat))
		sts := v1StringToSign(req.Method, req.Header, req.Header.Get("Date"), v1Resource(bucket, key, q, nil))
		req.Header.Set("Authorization", "OSS "+c.key.ID+":"+v1Signature(c.key.Secret, sts))
		return
	}
	req.Header.Set("x-oss-date", t.Format(iso8601))
	req.Header.Set("x-oss-content-sha256", "UNSIGNED-PAYLOAD")
	day := t.Format("20060102")
	v := v4Request{Method: req.Method, Bucket: bucket, Key: key, Query: q, Header: req.Header}
	scope := day + "/cn-hangzhou/oss/aliyun_v4_request"
	sig := v4Signature(c.key.Secret, day, "cn-hangzhou", "oss", v4StringToSign(t.Format(iso8601), scope, v.canonical()))
	req.Header.Set("Authorization", "OSS4-HMAC-SHA256 Credential="+c.key.ID+"/"+scope+",Signature="+sig)
}

// Shorthands.
func (c *client) put(bucket, key string, data []byte, hdr http.Header) *reply {
	c.t.Helper()
	return c.do("PUT", bucket, key, "", hdr, data)
}

func (c *client) get(bucket, key string, hdr http.Header) *reply {
	c.t.Helper()
	return c.do("GET", bucket, key, "", hdr, nil)
}

func (c *client) initiate(bucket, key string, hdr http.Header) string {
	c.t.Helper()
	r := c.do("POST", bucket, key, "uploads", hdr, nil).want(c.t, 200, "")
	var res struct{ Bucket, Key, UploadId string }
	if err := xml.Unmarshal(r.body, &res); err != nil || len(res.UploadId) != 32 || res.Key != key || res.Bucket != bucket {
		c.t.Fatalf("Initiate: %s (%v)", r.body, err)
	}
	return res.UploadId
}

func (c *client) uploadPart(bucket, key, id string, n int, data []byte) *reply {
	c.t.Helper()
	return c.do("PUT", bucket, key, "partNumber="+itoa(n)+"&uploadId="+id, nil, data)
}

type completePart struct {
	PartNumber int
	ETag       string
}

func completeXML(parts []completePart) []byte {
	out, _ := xml.Marshal(struct {
		XMLName xml.Name `xml:"CompleteMultipartUpload"`
		Part    []completePart
	}{Part: parts})
	return out
}

func (c *client) complete(bucket, key, id string, parts []completePart) *reply {
	c.t.Helper()
	return c.do("POST", bucket, key, "uploadId="+id, nil, completeXML(parts))
}
