package ossemu

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
)

const corsXML = `<CORSConfiguration>
<CORSRule><AllowedOrigin>http://other.example</AllowedOrigin><AllowedMethod>GET</AllowedMethod><ExposeHeader>x-first</ExposeHeader></CORSRule>
<CORSRule><AllowedOrigin>http://127.0.0.1:*</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod>
<AllowedHeader>content-type</AllowedHeader><AllowedHeader>x-oss-*</AllowedHeader><AllowedHeader>Authorization</AllowedHeader>
<ExposeHeader>ETag</ExposeHeader><ExposeHeader>x-oss-request-id</ExposeHeader><MaxAgeSeconds>100</MaxAgeSeconds></CORSRule>
<ResponseVary>true</ResponseVary>
</CORSConfiguration>`

// preflightReq sends an unsigned OPTIONS as a browser does.
func preflightReq(t *testing.T, c *client, key, origin, method, headers string) *reply {
	t.Helper()
	c.noSign = true
	defer func() { c.noSign = false }()
	h := http.Header{}
	if origin != "" {
		h.Set("Origin", origin)
	}
	if method != "" {
		h.Set("Access-Control-Request-Method", method)
	}
	if headers != "" {
		h.Set("Access-Control-Request-Headers", headers)
	}
	return c.do("OPTIONS", "bkt", key, "", h, nil)
}

func TestCORSConfiguration(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	c.do("GET", "bkt", "", "cors", nil, nil).want(t, 404, "NoSuchCORSConfiguration")
	c.do("PUT", "nobucket", "", "cors", nil, []byte(corsXML)).want(t, 404, "NoSuchBucket")
	rule := `<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>`
	for _, tc := range []struct{ name, body, code string }{
		{"not XML", "<CORSConfiguration><CORSRule>", "MalformedXML"},
		{"no rule", "<CORSConfiguration></CORSConfiguration>", "MalformedXML"},
		{"11 rules", "<CORSConfiguration>" + strings.Repeat(rule, 11) + "</CORSConfiguration>", "InvalidArgument"},
		{"two * in an origin", `<CORSConfiguration><CORSRule><AllowedOrigin>http://*.a.*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`, "InvalidArgument"},
		{"no origin", `<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>`, "InvalidArgument"},
		{"method PATCH", `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>PATCH</AllowedMethod></CORSRule></CORSConfiguration>`, "InvalidArgument"},
		{"wildcard ExposeHeader", `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><ExposeHeader>x-*</ExposeHeader></CORSRule></CORSConfiguration>`, "InvalidArgument"},
		{"two MaxAgeSeconds", `<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><MaxAgeSeconds>1</MaxAgeSeconds><MaxAgeSeconds>2</MaxAgeSeconds></CORSRule></CORSConfiguration>`, "InvalidArgument"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.do("PUT", "bkt", "", "cors", nil, []byte(tc.body)).want(t, 400, tc.code)
		})
	}
	c.do("GET", "bkt", "", "cors", nil, nil).want(t, 404, "NoSuchCORSConfiguration")
	c.do("PUT", "bkt", "", "cors", nil, []byte("<CORSConfiguration>"+strings.Repeat(rule, 10)+"</CORSConfiguration>")).want(t, 200, "")
	c.do("PUT", "bkt", "", "cors", nil, []byte(corsXML)).want(t, 200, "") // replaces all rules
	r := c.do("GET", "bkt", "", "cors", nil, nil).want(t, 200, "")
	var got corsConfig
	if err := xml.Unmarshal(r.body, &got); err != nil || len(got.CORSRule) != 2 || got.CORSRule[1].AllowedOrigin[0] != "http://127.0.0.1:*" ||
		strings.Join(got.CORSRule[1].AllowedMethod, ",") != "PUT,GET" || got.ResponseVary == nil || !*got.ResponseVary {
		t.Fatalf("GET ?cors: %s (%v)", r.body, err)
	}
	c.do("DELETE", "bkt", "", "cors", nil, nil).want(t, 204, "")
	c.do("GET", "bkt", "", "cors", nil, nil).want(t, 404, "NoSuchCORSConfiguration")
	// PutBucketCors is signed like any request.
	c.noSign = true
	c.do("PUT", "bkt", "", "cors", nil, []byte(corsXML)).want(t, 403, "AccessDenied")
}

// TestCORSBrowserFlow: a page served from another origin on 127.0.0.1 preflights and PUTs
// (signed, with Origin) and reads the answer's headers; without CORS rules it is refused.
func TestCORSBrowserFlow(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	page := "http://127.0.0.1:5173" // another port of 127.0.0.1: another origin
	reqHeaders := "content-type,x-oss-date,authorization,x-oss-content-sha256"

	// No rules: the preflight is refused and actual answers carry no CORS header.
	preflightReq(t, c, "obj", page, "PUT", reqHeaders).want(t, 403, "AccessForbidden")
	r := c.put("bkt", "obj", []byte("x"), http.Header{"Origin": {page}}).want(t, 200, "")
	if v := r.Header.Get("Access-Control-Allow-Origin"); v != "" {
		t.Fatalf("no rules, yet Access-Control-Allow-Origin %q", v)
	}

	c.do("PUT", "bkt", "", "cors", nil, []byte(corsXML)).want(t, 200, "")
	for _, tc := range []struct {
		name, origin, method, headers string
		status                        int
	}{
		{"allowed", page, "PUT", reqHeaders, 200},
		{"allowed, header case", page, "GET", "Content-Type, X-OSS-Date", 200},
		{"other origin", "http://evil.example", "PUT", reqHeaders, 403},
		{"method not allowed", page, "DELETE", "", 403},
		{"header not allowed", page, "PUT", "content-type,x-custom", 403},
		{"first rule", "http://other.example", "GET", "", 200},
		{"first rule, not its method", "http://other.example", "PUT", "", 403},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := preflightReq(t, c, "obj", tc.origin, tc.method, tc.headers)
			if tc.status != 200 {
				r.want(t, tc.status, "AccessForbidden")
				if r.Header.Get("Access-Control-Allow-Origin") != "" {
					t.Fatal("a refused preflight carries Access-Control-Allow-Origin")
				}
				return
			}
			r.want(t, 200, "")
			if r.Header.Get("Access-Control-Allow-Origin") != tc.origin || !strings.Contains(r.Header.Get("Access-Control-Allow-Methods"), tc.method) {
				t.Fatalf("preflight headers %v", r.Header)
			}
		})
	}
	r = preflightReq(t, c, "obj", page, "PUT", reqHeaders).want(t, 200, "")
	for h, want := range map[string]string{
		"Access-Control-Allow-Origin":   page,
		"Access-Control-Allow-Methods":  "PUT, GET",
		"Access-Control-Allow-Headers":  reqHeaders[:12] + ", x-oss-date, authorization, x-oss-content-sha256",
		"Access-Control-Expose-Headers": "ETag, x-oss-request-id",
		"Access-Control-Max-Age":        "100",
		"Vary":                          "Origin",
	} {
		if got := r.Header.Get(h); got != want {
			t.Errorf("preflight %s: %q, want %q", h, got, want)
		}
	}
	preflightReq(t, c, "obj", "", "PUT", "").want(t, 400, "InvalidArgument")
	preflightReq(t, c, "obj", page, "", "").want(t, 400, "InvalidArgument")

	// The actual PUT from the page: answered with the CORS headers, ETag exposed.
	r = c.put("bkt", "from-page", []byte("hello"), http.Header{"Origin": {page}}).want(t, 200, "")
	if r.Header.Get("Access-Control-Allow-Origin") != page || r.Header.Get("Access-Control-Expose-Headers") != "ETag, x-oss-request-id" || r.Header.Get("ETag") == "" {
		t.Fatalf("actual PUT headers %v", r.Header)
	}
	if got, _ := s.Object("bkt", "from-page"); string(got) != "hello" {
		t.Fatalf("stored %q", got)
	}
	// Errors carry them too, so the page can read the OSS error code.
	wrong := newClient(t, s)
	wrong.key = Key{"test-ak", "wrong"}
	r = wrong.put("bkt", "from-page", []byte("x"), http.Header{"Origin": {page}}).want(t, 403, "SignatureDoesNotMatch")
	if r.Header.Get("Access-Control-Allow-Origin") != page {
		t.Fatalf("error answer without CORS headers: %v", r.Header)
	}
	r = c.get("bkt", "missing", http.Header{"Origin": {page}}).want(t, 404, "NoSuchKey")
	if r.Header.Get("Access-Control-Allow-Origin") != page {
		t.Fatalf("404 without CORS headers: %v", r.Header)
	}
	// A method the rules do not allow gets none.
	r = c.do("DELETE", "bkt", "from-page", "", http.Header{"Origin": {page}}, nil).want(t, 204, "")
	if r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Fatalf("DELETE not allowed by the rules, yet %v", r.Header)
	}
	// Rules go with their bucket.
	c.do("DELETE", "bkt", "", "cors", nil, nil).want(t, 204, "")
	preflightReq(t, c, "obj", page, "PUT", reqHeaders).want(t, 403, "AccessForbidden")
}

// TestCORSFlag: Options.CORS (--cors) answers any origin on a bucket without rules of its own,
// exposing what a browser uploader needs.
func TestCORSFlag(t *testing.T) {
	s := startServer(t, Options{CORS: true})
	c := newClient(t, s)
	r := preflightReq(t, c, "k", "http://localhost:3000", "PUT", "content-type,x-oss-date,authorization,x-oss-meta-anything").want(t, 200, "")
	if r.Header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" ||
		r.Header.Get("Access-Control-Expose-Headers") != "ETag, x-oss-request-id, x-oss-hash-crc64ecma, Date" {
		t.Fatalf("--cors preflight %v", r.Header)
	}
	r = c.put("bkt", "k", []byte("x"), http.Header{"Origin": {"http://localhost:3000"}}).want(t, 200, "")
	if r.Header.Get("Access-Control-Allow-Origin") != "http://localhost:3000" {
		t.Fatalf("--cors PUT %v", r.Header)
	}
	c.do("GET", "bkt", "", "cors", nil, nil).want(t, 200, "")
	// A bucket's own rules take precedence.
	c.do("PUT", "bkt", "", "cors", nil, []byte(corsXML)).want(t, 200, "")
	preflightReq(t, c, "k", "http://localhost:3000", "PUT", "").want(t, 403, "AccessForbidden")
}

// TestCORSPersisted: with a data directory a bucket's rules survive a restart, and so does
// their removal.
func TestCORSPersisted(t *testing.T) {
	dir := t.TempDir()
	start := func() (*Server, *client) {
		s, err := Start(Options{DataDir: dir, Keys: []Key{{"test-ak", "test-secret"}}, Buckets: []string{"bkt"}})
		if err != nil {
			t.Fatal(err)
		}
		return s, newClient(t, s)
	}
	s, c := start()
	c.do("PUT", "bkt", "", "cors", nil, []byte(corsXML)).want(t, 200, "")
	s.Close()
	s, c = start()
	preflightReq(t, c, "k", "http://127.0.0.1:8080", "PUT", "content-type").want(t, 200, "")
	c.do("DELETE", "bkt", "", "cors", nil, nil).want(t, 204, "")
	s.Close()
	s, c = start()
	defer s.Close()
	preflightReq(t, c, "k", "http://127.0.0.1:8080", "PUT", "content-type").want(t, 403, "AccessForbidden")
	c.do("GET", "bkt", "", "cors", nil, nil).want(t, 404, "NoSuchCORSConfiguration")
}
