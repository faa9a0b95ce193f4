package ossemu

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAuthRefusals(t *testing.T) {
	now := time.Date(2026, 11, 22, 6, 0, 0, 0, time.UTC)
	s := startServer(t, Options{Now: func() time.Time { return now }, STSTokens: []string{"good-token"}})
	for _, v4 := range []bool{false, true} {
		name := map[bool]string{false: "V1", true: "V4"}[v4]
		t.Run(name, func(t *testing.T) {
			c := newClient(t, s)
			c.v4 = v4
			c.put("bkt", "ok", []byte("x"), nil).want(t, 200, "")

			wrong := newClient(t, s)
			wrong.v4, wrong.key = v4, Key{"test-ak", "wrong-secret"}
			r := wrong.put("bkt", "k", []byte("x"), nil).want(t, 403, "SignatureDoesNotMatch")
			if e := r.err(); !strings.HasPrefix(e.StringToSign, map[bool]string{false: "PUT\n", true: "OSS4-HMAC-SHA256\n"}[v4]) {
				t.Fatalf("StringToSign %q", e.StringToSign)
			}
			wrong.do("HEAD", "bkt", "ok", "", nil, nil).want(t, 403, "SignatureDoesNotMatch")

			unknown := newClient(t, s)
			unknown.v4, unknown.key = v4, Key{"nobody", "x"}
			unknown.put("bkt", "k", []byte("x"), nil).want(t, 403, "InvalidAccessKeyId")

			for _, skew := range []time.Duration{16 * time.Minute, -16 * time.Minute} {
				late := newClient(t, s)
				late.v4, late.now = v4, func() time.Time { return now.Add(skew) }
				late.put("bkt", "k", []byte("x"), nil).want(t, 403, "RequestTimeTooSkewed")
			}
			close := newClient(t, s)
			close.v4, close.now = v4, func() time.Time { return now.Add(14 * time.Minute) }
			close.put("bkt", "k", []byte("x"), nil).want(t, 200, "")

			sts := newClient(t, s)
			sts.v4, sts.token = v4, "good-token"
			sts.put("bkt", "k", []byte("x"), nil).want(t, 200, "")
			sts.token = "bad-token"
			sts.put("bkt", "k", []byte("x"), nil).want(t, 403, "InvalidSecurityToken")

			anon := newClient(t, s)
			anon.noSign = true
			anon.put("bkt", "k", []byte("x"), nil).want(t, 403, "AccessDenied")
		})
	}
	// V4 signed with the raw Date header as its timestamp (what the Go SDK v1 does).
	c := newClient(t, s)
	req, _ := http.NewRequest("PUT", s.URL()+"/bkt/date-v4", strings.NewReader("x"))
	date := now.Format(http.TimeFormat)
	req.Header.Set("Date", date)
	req.Header.Set("x-oss-content-sha256", "UNSIGNED-PAYLOAD")
	v := v4Request{Method: "PUT", Bucket: "bkt", Key: "date-v4", Header: req.Header}
	scope := now.Format("20060102") + "/cn-hangzhou/oss/aliyun_v4_request"
	sig := v4Signature("test-secret", now.Format("20060102"), "cn-hangzhou", "oss", v4StringToSign(date, scope, v.canonical()))
	req.Header.Set("Authorization", "OSS4-HMAC-SHA256 Credential=test-ak/"+scope+", Signature="+sig)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("V4 with the Date header as timestamp: %d", resp.StatusCode)
	}
	// Malformed Authorization headers are refused as such.
	for _, auth := range []string{"Basic abc", "OSS nocolon", "OSS4-HMAC-SHA256 Signature=abc",
		"OSS4-HMAC-SHA256 Credential=test-ak/20261122/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=,Signature=ab"} {
		c.noSign = true
		r := c.do("PUT", "bkt", "k", "", http.Header{"Authorization": {auth}, "Date": {date}}, []byte("x"))
		if r.StatusCode != 400 || r.err().Code != "InvalidArgument" {
			t.Fatalf("Authorization %q: %d %s", auth, r.StatusCode, r.body)
		}
	}
}

func TestAnonymousAllowed(t *testing.T) {
	s := startServer(t, Options{AllowAnonymous: true})
	c := newClient(t, s)
	c.noSign = true
	c.put("bkt", "anon", []byte("hello"), nil).want(t, 200, "")
	if r := c.get("bkt", "anon", nil).want(t, 200, ""); string(r.body) != "hello" {
		t.Fatalf("anonymous GET: %q", r.body)
	}
	c.noSign = false
	c.key = Key{"test-ak", "wrong"}
	c.put("bkt", "anon", []byte("x"), nil).want(t, 403, "SignatureDoesNotMatch") // signed requests are still checked
}
