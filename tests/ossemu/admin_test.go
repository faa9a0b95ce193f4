package ossemu

import (
	"io"
	"net/http"
	"strconv"
	"testing"

	"github.com/ossresume/ossresume/core/crc64"
)

// TestAdminObject: GET /_ossemu/object/<bucket>/<key> hands a test the stored bytes and CRC
// without a signature, for single and multipart objects, and ignores faults.
func TestAdminObject(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	small := []byte("hello, admin")
	c.put("bkt", "dir/a b+c.txt", small, http.Header{"Content-Type": {"text/x-test"}, "X-Oss-Meta-Who": {"admin"}}).want(t, 200, "")
	id := c.initiate("bkt", "multi", nil)
	p1, p2 := randomData(100<<10), randomData(1234)
	e1 := c.uploadPart("bkt", "multi", id, 1, p1).want(t, 200, "").Header.Get("ETag")
	e2 := c.uploadPart("bkt", "multi", id, 2, p2).want(t, 200, "").Header.Get("ETag")
	c.complete("bkt", "multi", id, []completePart{{1, e1}, {2, e2}}).want(t, 200, "")
	if err := s.AddFault("op=GetObject,status=503"); err != nil {
		t.Fatal(err)
	}
	get := func(path string) (*http.Response, []byte) {
		t.Helper()
		resp, err := http.Get(s.URL() + "/_ossemu/object/" + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return resp, data
	}
	for _, tc := range []struct {
		path string
		want []byte
	}{
		{"bkt/dir/a%20b%2Bc.txt", small},
		{"bkt/multi", append(append([]byte{}, p1...), p2...)},
	} {
		resp, data := get(tc.path)
		if resp.StatusCode != 200 || string(data) != string(tc.want) {
			t.Fatalf("%s: %d, %d bytes, want 200 and %d bytes", tc.path, resp.StatusCode, len(data), len(tc.want))
		}
		if got, want := resp.Header.Get("x-oss-hash-crc64ecma"), strconv.FormatUint(crc64.Checksum(tc.want), 10); got != want {
			t.Fatalf("%s: CRC %s, want %s", tc.path, got, want)
		}
		if resp.Header.Get("ETag") == "" {
			t.Fatalf("%s: no ETag", tc.path)
		}
	}
	if resp, _ := get("bkt/dir/a%20b%2Bc.txt"); resp.Header.Get("Content-Type") != "text/x-test" || resp.Header.Get("x-oss-meta-who") != "admin" {
		t.Fatalf("stored headers not answered: %v", resp.Header)
	}
	for path, status := range map[string]int{"bkt/missing": 404, "nobucket/k": 404, "bkt": 400, "bkt/": 400} {
		if resp, body := get(path); resp.StatusCode != status {
			t.Errorf("%s: %d %s, want %d", path, resp.StatusCode, body, status)
		}
	}
	if n := len(s.Requests()); n != 5 { // PUT, Initiate, two parts, Complete
		t.Errorf("the log has %d entries: admin reads must not be logged as OSS requests", n)
	}
}

// TestFixture: the fixture's key, token and bucket are served by WithFixture (and --fixture).
func TestFixture(t *testing.T) {
	if Fixture.AccessKeyID == "" || Fixture.AccessKeySecret == "" || Fixture.STSToken == "" || !validBucketName(Fixture.Bucket) || Fixture.Region == "" {
		t.Fatalf("fixture.json: %+v", Fixture)
	}
	s := startServer(t, Options{Keys: []Key{}, Buckets: []string{}}.WithFixture())
	c := newClient(t, s)
	c.key, c.token = Key{Fixture.AccessKeyID, Fixture.AccessKeySecret}, Fixture.STSToken
	c.put(Fixture.Bucket, "k", []byte("x"), nil).want(t, 200, "")
}
