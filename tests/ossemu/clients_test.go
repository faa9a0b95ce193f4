package ossemu

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// How official clients other than the Go SDKs address and sign requests, as seen on the wire:
// each case is one client habit ossemu must accept as OSS does.

// signV1Raw signs req over the given canonical resource with the given date line, as a client
// that builds its own resource string would.
func signV1Raw(req *http.Request, k Key, date, resource string) {
	sts := v1StringToSign(req.Method, req.Header, date, resource)
	req.Header.Set("Authorization", "OSS "+k.ID+":"+v1Signature(k.Secret, sts))
}

func TestOfficialClientHabits(t *testing.T) {
	s := startServer(t, Options{})
	k := s.Keys()[0]
	hc := &http.Client{Timeout: 10 * time.Second}
	gmt := func() string { return s.now().UTC().Format(http.TimeFormat) }
	for _, tc := range []struct {
		name     string
		method   string
		path     string // on the wire, after the endpoint
		host     string // "" → the endpoint
		hdr      map[string]string
		date     string // the signed date line
		resource string
		status   int
		check    func(t *testing.T, body string)
	}{
		// ali-oss (and every browser client) sends no Date, only x-oss-date, and signs its value
		// in V1's date line.
		{name: "V1 x-oss-date only", method: "PUT", path: "/bkt/xdate", hdr: map[string]string{"x-oss-date": "NOW"},
			date: "NOW", resource: "/bkt/xdate", status: 200},
		// ...and the x-oss-date header is still signed among the x-oss-* headers: a date line
		// left empty does not verify.
		{name: "V1 x-oss-date, empty date line", method: "PUT", path: "/bkt/xdate2", hdr: map[string]string{"x-oss-date": "NOW"},
			date: "", resource: "/bkt/xdate2", status: 403},
		// ali-oss with an IP endpoint: path "/key", Host <bucket>.<region>.aliyuncs.com.
		{name: "Host bkt.oss-cn-hangzhou.aliyuncs.com", method: "PUT", path: "/dir/hosted", host: "bkt.oss-cn-hangzhou.aliyuncs.com",
			hdr: map[string]string{"Date": "NOW"}, date: "NOW", resource: "/bkt/dir/hosted", status: 200},
		{name: "Host bkt.oss-cn-hangzhou.aliyuncs.com GET", method: "GET", path: "/dir/hosted", host: "bkt.oss-cn-hangzhou.aliyuncs.com:80",
			hdr: map[string]string{"Date": "NOW"}, date: "NOW", resource: "/bkt/dir/hosted", status: 200,
			check: func(t *testing.T, body string) {
				if body != "payload" {
					t.Errorf("body %q", body)
				}
			}},
		{name: "Host bkt.cn-hangzhou.aliyuncs.com bucket listing", method: "GET", path: "/", host: "bkt.cn-hangzhou.aliyuncs.com",
			hdr: map[string]string{"Date": "NOW"}, date: "NOW", resource: "/bkt/", status: 200,
			check: func(t *testing.T, body string) {
				if !strings.Contains(body, "<Key>dir/hosted</Key>") {
					t.Errorf("listing %s", body)
				}
			}},
		// The bare service endpoint names no bucket: ListBuckets.
		{name: "Host oss-cn-hangzhou.aliyuncs.com", method: "GET", path: "/", host: "oss-cn-hangzhou.aliyuncs.com",
			hdr: map[string]string{"Date": "NOW"}, date: "NOW", resource: "/", status: 200,
			check: func(t *testing.T, body string) {
				if !strings.Contains(body, "<ListAllMyBucketsResult>") {
					t.Errorf("not ListBuckets: %s", body)
				}
			}},
		// The C SDK with an IP endpoint sends bucket-level requests as "/bucket" and signs
		// "/bucket" (no trailing slash).
		{name: "C SDK /bkt signed /bkt", method: "GET", path: "/bkt", hdr: map[string]string{"Date": "NOW"},
			date: "NOW", resource: "/bkt", status: 200},
		{name: "C SDK /bkt?uploads signed /bkt?uploads", method: "GET", path: "/bkt?uploads", hdr: map[string]string{"Date": "NOW"},
			date: "NOW", resource: "/bkt?uploads", status: 200},
		{name: "/bkt signed /bkt/", method: "GET", path: "/bkt", hdr: map[string]string{"Date": "NOW"},
			date: "NOW", resource: "/bkt/", status: 200},
		// Only a request sent without the slash may be signed without it.
		{name: "/bkt/ signed /bkt", method: "GET", path: "/bkt/", hdr: map[string]string{"Date": "NOW"},
			date: "NOW", resource: "/bkt", status: 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader
			if tc.method == "PUT" {
				body = strings.NewReader("payload")
			}
			req, err := http.NewRequest(tc.method, s.URL()+tc.path, body)
			if err != nil {
				t.Fatal(err)
			}
			if tc.host != "" {
				req.Host = tc.host
			}
			now := gmt()
			for h, v := range tc.hdr {
				req.Header.Set(h, strings.ReplaceAll(v, "NOW", now))
			}
			signV1Raw(req, k, strings.ReplaceAll(tc.date, "NOW", now), tc.resource)
			resp, err := hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status {
				t.Fatalf("%s %s (Host %s): %d %s, want %d", tc.method, tc.path, req.Host, resp.StatusCode, data, tc.status)
			}
			if tc.check != nil {
				tc.check(t, string(data))
			}
		})
	}
	if got, err := s.Object("bkt", "dir/hosted"); err != nil || string(got) != "payload" {
		t.Fatalf("the Host-routed PUT stored %q, %v", got, err)
	}
	// Presigned V1 URLs for "/bkt" verify over "/bkt" too.
	exp := itoa(int(s.now().Add(time.Minute).Unix()))
	q := url.Values{"OSSAccessKeyId": {k.ID}, "Expires": {exp}}
	q.Set("Signature", v1Signature(k.Secret, "GET\n\n\n"+exp+"\n/bkt"))
	resp, err := hc.Get(s.URL() + "/bkt?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("presigned /bkt: %d", resp.StatusCode)
	}
}
