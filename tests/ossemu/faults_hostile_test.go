package ossemu

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestParseHostileFault(t *testing.T) {
	for _, tc := range []struct {
		spec string
		ok   bool
	}{
		{"op=UploadPart,no-crc", true},
		{"op=Complete,garbage-crc", true},
		{"op=ListParts,creep-marker", true},
		{"op=UploadPart,drip=1s", true},
		{"op=Complete,drip-body=200ms", true},
		{"op=Complete,status=200,code=InternalError", true},
		{"drip=0s", false},
		{"drip=1s,drip-body=1s", false},
		{"no-crc=1", false},
		{"creep-marker=yes", false},
		{"op=UploadPart,no-etag", true},
	} {
		_, err := parseFault(tc.spec)
		if (err == nil) != tc.ok {
			t.Errorf("parseFault(%q): %v, want ok=%v", tc.spec, err, tc.ok)
		}
	}
}

// The CRC faults strip or spoil x-oss-hash-crc64ecma on every answer that carries one.
func TestFaultCRCHeader(t *testing.T) {
	for _, tc := range []struct {
		spec   string
		want   func(string) bool
		expect string
	}{
		{"op=PutObject,no-crc", func(v string) bool { return v == "" }, "no header"},
		{"op=PutObject,garbage-crc", func(v string) bool { return v != "" && strings.Trim(v, "0123456789") != "" }, "a non-number"},
		{"op=PutObject,no-etag", func(v string) bool { return v != "" }, "the CRC kept"},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			s := startServer(t, Options{Faults: []string{tc.spec}})
			r := newClient(t, s).put("bkt", "k", []byte("hello"), nil).want(t, 200, "")
			if v := r.Header.Get("x-oss-hash-crc64ecma"); !tc.want(v) {
				t.Fatalf("x-oss-hash-crc64ecma %q, want %s", v, tc.expect)
			}
			if noETag := strings.Contains(tc.spec, "no-etag"); noETag != (r.Header.Get("ETag") == "") {
				t.Fatalf("ETag %q with %s", r.Header.Get("ETag"), tc.spec)
			}
		})
	}
}

// Complete answered 200 with an <Error> body leaves no object and the upload open.
func TestFaultCompleteOKWithErrorBody(t *testing.T) {
	s := startServer(t, Options{Faults: []string{"op=Complete,status=200,code=InternalError"}})
	c := newClient(t, s)
	id := c.initiate("bkt", "k", nil)
	etag := c.uploadPart("bkt", "k", id, 1, []byte("data")).want(t, 200, "").Header.Get("ETag")
	r := c.complete("bkt", "k", id, []completePart{{1, etag}}).want(t, 200, "")
	if e := r.err(); e.Code != "InternalError" {
		t.Fatalf("body %s, want an <Error> with code InternalError", r.body)
	}
	c.get("bkt", "k", nil).want(t, 404, "NoSuchKey")
	if len(s.OpenUploads("bkt")) != 1 {
		t.Fatal("the upload did not stay open")
	}
}

// A creeping list answers truncated pages whose marker moves by one, forever.
func TestFaultCreepMarker(t *testing.T) {
	s := startServer(t, Options{Faults: []string{"op=ListParts|ListMultipartUploads,creep-marker"}})
	c := newClient(t, s)
	id := c.initiate("bkt", "k", nil)
	marker := ""
	for i := 1; i <= 3; i++ {
		q := "uploadId=" + id
		if marker != "" {
			q += "&part-number-marker=" + marker
		}
		r := c.do("GET", "bkt", "k", q, nil, nil).want(t, 200, "")
		var x struct {
			IsTruncated          bool
			NextPartNumberMarker string
		}
		if err := xml.Unmarshal(r.body, &x); err != nil || !x.IsTruncated || x.NextPartNumberMarker != itoa(i) {
			t.Fatalf("page %d: %s", i, r.body)
		}
		marker = x.NextPartNumberMarker
	}
	idm := ""
	for i := 1; i <= 3; i++ {
		q := "uploads&prefix=k"
		if idm != "" {
			q += "&key-marker=k&upload-id-marker=" + idm
		}
		r := c.do("GET", "bkt", "", q, nil, nil).want(t, 200, "")
		var x struct {
			IsTruncated        bool
			NextUploadIdMarker string
		}
		if err := xml.Unmarshal(r.body, &x); err != nil || !x.IsTruncated || x.NextUploadIdMarker != "creep-"+itoa(i) {
			t.Fatalf("uploads page %d: %s", i, r.body)
		}
		idm = x.NextUploadIdMarker
	}
}

// drip sends the answer a byte per interval: the status line too, or only the body.
func TestFaultDrip(t *testing.T) {
	for _, tc := range []struct {
		spec     string
		headSlow bool
	}{
		{"op=GetObject,drip=4ms", true},
		{"op=GetObject,drip-body=20ms", false},
	} {
		t.Run(tc.spec, func(t *testing.T) {
			s := startServer(t, Options{})
			c := newClient(t, s)
			c.put("bkt", "k", []byte("0123456789"), nil).want(t, 200, "")
			if err := s.AddFault(tc.spec); err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("GET", s.URL()+"/bkt/k", nil)
			c.sign(req, "bkt", "k")
			start := time.Now()
			resp, err := c.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			head := time.Since(start)
			body := make([]byte, 64)
			n := 0
			for {
				m, err := resp.Body.Read(body[n:])
				n += m
				if err != nil {
					break
				}
			}
			resp.Body.Close()
			total := time.Since(start)
			if string(body[:n]) != "0123456789" {
				t.Fatalf("body %q", body[:n])
			}
			// The head is well over 100 bytes: at 4 ms a byte it takes most of a second.
			if tc.headSlow != (head > 400*time.Millisecond) {
				t.Fatalf("head after %v (slow head wanted: %v)", head, tc.headSlow)
			}
			if total-head < 30*time.Millisecond {
				t.Fatalf("10-byte body in %v, want ≥ 40 ms at 4 or 20 ms a byte", total-head)
			}
		})
	}
}
