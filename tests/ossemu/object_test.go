package ossemu

import (
	"bufio"
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/ossresume/ossresume/core/crc64"
)

func md5Header(data []byte) string {
	sum := md5.Sum(data)
	return base64.StdEncoding.EncodeToString(sum[:])
}

func TestObjectRoundTrip(t *testing.T) {
	keys := []string{"plain.txt", "dir/sub/file.bin", "naïve 文件 +%?#&=.bin", "a//b/../c", strings.Repeat("k", 1023), "😀"}
	for _, mode := range []struct {
		name  string
		v4    bool
		vhost string
	}{{"V1/path", false, ""}, {"V4/path", true, ""}, {"V1/vhost", false, "localhost"}, {"V4/vhost", true, "localhost"},
		{"V4/vhost-ip", true, "127.0.0.1"}} {
		t.Run(mode.name, func(t *testing.T) {
			s := startServer(t, Options{})
			c := newClient(t, s)
			c.v4, c.vhost = mode.v4, mode.vhost
			for _, key := range keys {
				data := randomData(1000 + len(key))
				r := c.put("bkt", key, data, http.Header{"Content-Type": {"text/x-test"}, "X-Oss-Meta-Color": {"blue"}, "Cache-Control": {"no-cache"}}).want(t, 200, "")
				sum := md5.Sum(data)
				wantETag := fmt.Sprintf("\"%X\"", sum)
				wantCRC := strconv.FormatUint(crc64.Checksum(data), 10)
				if r.Header.Get("ETag") != wantETag || r.Header.Get("x-oss-hash-crc64ecma") != wantCRC || r.Header.Get("x-oss-request-id") == "" {
					t.Fatalf("PUT %q: ETag %s CRC %s, want %s %s", key, r.Header.Get("ETag"), r.Header.Get("x-oss-hash-crc64ecma"), wantETag, wantCRC)
				}
				g := c.get("bkt", key, nil).want(t, 200, "")
				if !bytes.Equal(g.body, data) || g.Header.Get("ETag") != wantETag || g.Header.Get("x-oss-hash-crc64ecma") != wantCRC {
					t.Fatalf("GET %q: %d bytes, ETag %s, CRC %s", key, len(g.body), g.Header.Get("ETag"), g.Header.Get("x-oss-hash-crc64ecma"))
				}
				h := c.do("HEAD", "bkt", key, "", nil, nil).want(t, 200, "")
				for name, want := range map[string]string{"Content-Length": strconv.Itoa(len(data)), "Content-Type": "text/x-test",
					"X-Oss-Meta-Color": "blue", "Cache-Control": "no-cache", "X-Oss-Object-Type": "Normal",
					"X-Oss-Hash-Crc64ecma": wantCRC, "Content-Md5": md5Header(data), "X-Oss-Storage-Class": "Standard"} {
					if got := h.Header.Get(name); got != want {
						t.Fatalf("HEAD %q: %s = %q, want %q", key, name, got, want)
					}
				}
				if got, err := s.Object("bkt", key); err != nil || !bytes.Equal(got, data) {
					t.Fatalf("Server.Object(%q): %v", key, err)
				}
				c.do("DELETE", "bkt", key, "", nil, nil).want(t, 204, "")
				c.get("bkt", key, nil).want(t, 404, "NoSuchKey")
				c.do("DELETE", "bkt", key, "", nil, nil).want(t, 204, "") // deleting nothing is fine
			}
		})
	}
}

func TestObjectErrors(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	c.put("nobucket", "k", []byte("x"), nil).want(t, 404, "NoSuchBucket")
	c.put("bkt", strings.Repeat("k", 1024), []byte("x"), nil).want(t, 400, "InvalidObjectName")
	c.put("Bad_Bucket", "k", []byte("x"), nil).want(t, 400, "InvalidBucketName")
	h := c.do("HEAD", "bkt", "missing", "", nil, nil).want(t, 404, "NoSuchKey")
	if len(h.body) != 0 || h.Header.Get("x-oss-err") == "" {
		t.Fatalf("HEAD error: body %q, x-oss-err %q", h.body, h.Header.Get("x-oss-err"))
	}
	data := []byte("content to check")
	c.put("bkt", "md5", data, http.Header{"Content-Md5": {md5Header(data)}}).want(t, 200, "")
	c.put("bkt", "md5", data, http.Header{"Content-Md5": {md5Header([]byte("other"))}}).want(t, 400, "InvalidDigest")
	c.put("bkt", "md5", data, http.Header{"Content-Md5": {"not base64!"}}).want(t, 400, "InvalidDigest")
	if got, _ := s.Object("bkt", "md5"); !bytes.Equal(got, data) {
		t.Fatal("a refused PUT replaced the object")
	}
	c.put("bkt", "once", data, http.Header{"X-Oss-Forbid-Overwrite": {"true"}}).want(t, 200, "")
	c.put("bkt", "once", data, http.Header{"X-Oss-Forbid-Overwrite": {"true"}}).want(t, 409, "FileAlreadyExists")
	c.do("PUT", "bkt", "k", "acl", nil, []byte{}).want(t, 501, "NotImplemented")
	r := c.put("bkt", "empty", []byte{}, nil).want(t, 200, "")
	if r.Header.Get("x-oss-hash-crc64ecma") != "0" || r.Header.Get("ETag") != "\"D41D8CD98F00B204E9800998ECF8427E\"" {
		t.Fatalf("empty object: CRC %s ETag %s", r.Header.Get("x-oss-hash-crc64ecma"), r.Header.Get("ETag"))
	}
	if g := c.get("bkt", "empty", nil).want(t, 200, ""); len(g.body) != 0 || g.Header.Get("Content-Length") != "0" {
		t.Fatalf("GET empty object: %d bytes", len(g.body))
	}
}

func TestRangeGet(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	data := randomData(1000)
	c.put("bkt", "r", data, nil).want(t, 200, "")
	for _, tc := range []struct {
		rng      string
		status   int
		from, to int // slice bounds of data
		standard bool
	}{
		{"bytes=0-99", 206, 0, 100, false},
		{"bytes=990-", 206, 990, 1000, false},
		{"bytes=-10", 206, 990, 1000, false},
		{"bytes=500-5000", 206, 500, 1000, false},
		{"bytes=2000-3000", 200, 0, 1000, false}, // OSS ignores an unsatisfiable range by default
		{"bytes=2000-3000", 416, 0, 0, true},
		{"bytes=junk", 200, 0, 1000, false},
		{"bytes=0-1,5-6", 200, 0, 1000, false},
	} {
		t.Run(tc.rng, func(t *testing.T) {
			h := http.Header{"Range": {tc.rng}}
			if tc.standard {
				h.Set("x-oss-range-behavior", "standard")
			}
			r := c.get("bkt", "r", h)
			if r.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", r.StatusCode, tc.status)
			}
			if tc.status == 416 {
				r.want(t, 416, "InvalidRange")
				return
			}
			if !bytes.Equal(r.body, data[tc.from:tc.to]) {
				t.Fatalf("got %d bytes, want data[%d:%d]", len(r.body), tc.from, tc.to)
			}
			// The whole object's CRC-64 on every GET, 206 included (issue 21): the official
			// SDKs skip comparing it with a range's bytes (v1 bucket.go "!hasRange", v2
			// checkCRC = Range == nil) for that reason, and a resumable download uses it to
			// notice an object replaced mid-download.
			if got := r.Header.Get("x-oss-hash-crc64ecma"); got != strconv.FormatUint(crc64.Checksum(data), 10) {
				t.Fatalf("x-oss-hash-crc64ecma %q on a %d, want the whole object's", got, tc.status)
			}
			if tc.status == 206 && r.Header.Get("Content-Range") != fmt.Sprintf("bytes %d-%d/1000", tc.from, tc.to-1) {
				t.Fatalf("Content-Range %q", r.Header.Get("Content-Range"))
			}
		})
	}
}

// sendRaw writes a signed request by hand, for what net/http's client will not send (a
// chunked body behind Expect: 100-continue, a PUT without Content-Length).
func sendRaw(t *testing.T, c *client, method, key string, hdr http.Header, writeBody func(w *bufio.Writer, br *bufio.Reader)) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(method, c.srv.URL()+"/bkt/"+uriEscape(key, false), nil)
	for k, v := range hdr {
		req.Header[k] = v
	}
	c.sign(req, "bkt", key)
	conn, err := net.Dial("tcp", c.srv.Endpoint())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	w, br := bufio.NewWriter(conn), bufio.NewReader(conn)
	fmt.Fprintf(w, "%s /bkt/%s HTTP/1.1\r\nHost: %s\r\n", method, uriEscape(key, false), c.srv.Endpoint())
	req.Header.Write(w)
	w.WriteString("\r\n")
	w.Flush()
	if writeBody != nil {
		writeBody(w, br)
		w.Flush()
	}
	resp, err := http.ReadResponse(br, req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestChunkedExpectContinue(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	data := randomData(300_000)
	resp := sendRaw(t, c, "PUT", "chunked", http.Header{"Transfer-Encoding": {"chunked"}, "Expect": {"100-continue"}},
		func(w *bufio.Writer, br *bufio.Reader) {
			line, err := br.ReadString('\n')
			if err != nil || !strings.Contains(line, "100 Continue") {
				t.Errorf("want 100 Continue first, got %q (%v)", line, err)
			}
			br.ReadString('\n') // the blank line after the interim response
			for off := 0; off < len(data); off += 70_000 {
				chunk := data[off:min(off+70_000, len(data))]
				fmt.Fprintf(w, "%x\r\n", len(chunk))
				w.Write(chunk)
				w.WriteString("\r\n")
			}
			w.WriteString("0\r\n\r\n")
		})
	if resp.StatusCode != 200 || resp.Header.Get("x-oss-hash-crc64ecma") != strconv.FormatUint(crc64.Checksum(data), 10) {
		t.Fatalf("chunked PUT: %d, CRC %s", resp.StatusCode, resp.Header.Get("x-oss-hash-crc64ecma"))
	}
	if got, _ := s.Object("bkt", "chunked"); !bytes.Equal(got, data) {
		t.Fatal("chunked body stored wrong")
	}
	resp = sendRaw(t, c, "PUT", "nolength", nil, nil)
	if resp.StatusCode != 411 {
		t.Fatalf("PUT without Content-Length: %d, want 411", resp.StatusCode)
	}
}

func TestBuckets(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	c.do("PUT", "new-bucket", "", "", nil, []byte{}).want(t, 200, "")
	c.do("PUT", "new-bucket", "", "", nil, []byte{}).want(t, 200, "") // already yours: fine
	for _, bad := range []string{"ab", "-abc", "abc-", "ABC", strings.Repeat("a", 64)} {
		c.do("PUT", bad, "", "", nil, []byte{}).want(t, 400, "InvalidBucketName")
	}
	c.put("new-bucket", "obj", []byte("x"), nil).want(t, 200, "")
	c.do("DELETE", "new-bucket", "", "", nil, nil).want(t, 409, "BucketNotEmpty")
	c.do("DELETE", "new-bucket", "obj", "", nil, nil).want(t, 204, "")
	id := c.initiate("new-bucket", "mp", nil)
	c.do("DELETE", "new-bucket", "", "", nil, nil).want(t, 409, "BucketNotEmpty")
	c.do("DELETE", "new-bucket", "mp", "uploadId="+id, nil, nil).want(t, 204, "")
	c.do("DELETE", "new-bucket", "", "", nil, nil).want(t, 204, "")
	c.do("DELETE", "new-bucket", "", "", nil, nil).want(t, 404, "NoSuchBucket")
	list := c.do("GET", "", "", "", nil, nil).want(t, 200, "")
	if !strings.Contains(string(list.body), "<Name>bkt</Name>") || strings.Contains(string(list.body), "new-bucket") {
		t.Fatalf("ListBuckets: %s", list.body)
	}
}

func TestListObjects(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	for _, k := range []string{"a/1", "a/2", "b/1", "c", "d"} {
		c.put("bkt", k, []byte(k), nil).want(t, 200, "")
	}
	r := c.do("GET", "bkt", "", "delimiter=%2F&max-keys=2", nil, nil).want(t, 200, "")
	body := string(r.body)
	if !strings.Contains(body, "<Prefix>a/</Prefix>") || !strings.Contains(body, "<Prefix>b/</Prefix>") ||
		!strings.Contains(body, "<IsTruncated>true</IsTruncated>") || !strings.Contains(body, "<NextMarker>b/</NextMarker>") {
		t.Fatalf("first page: %s", body)
	}
	r = c.do("GET", "bkt", "", "delimiter=%2F&marker=b%2F", nil, nil).want(t, 200, "")
	body = string(r.body)
	if strings.Contains(body, "<Prefix>b/</Prefix>") || !strings.Contains(body, "<Key>c</Key>") || !strings.Contains(body, "<Key>d</Key>") {
		t.Fatalf("second page: %s", body)
	}
	r = c.do("GET", "bkt", "", "list-type=2&prefix=a%2F", nil, nil).want(t, 200, "")
	if !strings.Contains(string(r.body), "<KeyCount>2</KeyCount>") {
		t.Fatalf("ListObjectsV2: %s", r.body)
	}
	// Owner: in every v1 entry (ali-oss's list() reads Owner.ID), in v2 only with fetch-owner.
	for _, tc := range []struct {
		query  string
		owners int
	}{{"prefix=a%2F", 2}, {"list-type=2&prefix=a%2F", 0}, {"list-type=2&prefix=a%2F&fetch-owner=true", 2}} {
		r = c.do("GET", "bkt", "", tc.query, nil, nil).want(t, 200, "")
		if n := strings.Count(string(r.body), "<Owner><ID>ossemu</ID><DisplayName>ossemu</DisplayName></Owner>"); n != tc.owners {
			t.Errorf("?%s: %d Owner elements, want %d: %s", tc.query, n, tc.owners, r.body)
		}
	}
}

// TestListBucketsPaging: a client that lists "test-" buckets and deletes what it gets back
// must not be handed the others (OSS API reference, ListBuckets (GetService)).
func TestListBucketsPaging(t *testing.T) {
	s := startServer(t, Options{Buckets: []string{"keep-a", "test-1", "test-2", "test-3", "zeta"}})
	c := newClient(t, s)
	type result struct {
		Prefix, Marker, NextMarker string
		MaxKeys                    int
		IsTruncated                bool
		Names                      []string `xml:"Buckets>Bucket>Name"`
	}
	list := func(query string) result {
		t.Helper()
		r := c.do("GET", "", "", query, nil, nil).want(t, 200, "")
		var res result
		if err := xml.Unmarshal(r.body, &res); err != nil {
			t.Fatalf("%s: %v", r.body, err)
		}
		return res
	}
	for _, tc := range []struct {
		query     string
		names     []string
		truncated bool
		next      string
	}{
		{"", []string{"keep-a", "test-1", "test-2", "test-3", "zeta"}, false, ""},
		{"prefix=test-", []string{"test-1", "test-2", "test-3"}, false, ""},
		{"prefix=test-&max-keys=2", []string{"test-1", "test-2"}, true, "test-2"},
		{"prefix=test-&marker=test-2", []string{"test-3"}, false, ""},
		{"marker=test-3", []string{"zeta"}, false, ""},
		{"max-keys=1", []string{"keep-a"}, true, "keep-a"},
		{"prefix=none", nil, false, ""},
	} {
		res := list(tc.query)
		if strings.Join(res.Names, ",") != strings.Join(tc.names, ",") || res.IsTruncated != tc.truncated || res.NextMarker != tc.next {
			t.Errorf("ListBuckets?%s = %q truncated=%v next=%q; want %q %v %q", tc.query, res.Names, res.IsTruncated, res.NextMarker, tc.names, tc.truncated, tc.next)
		}
		if tc.truncated && res.MaxKeys == 0 {
			t.Errorf("ListBuckets?%s: truncated without MaxKeys", tc.query)
		}
	}
	c.do("GET", "", "", "max-keys=x", nil, nil).want(t, 400, "InvalidArgument")
}
