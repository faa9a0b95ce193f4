package ossemu

import (
	"errors"
	"io"
	"net/http"
	"testing"
)

// TestRangeDownloadSupport: what a resumable download relies on. If-Match with another ETag is
// refused 412 PreconditionFailed (OSS's GetObject conditions); the object's own ETag, quoted or
// not, or "*" is served. A range-start=N fault takes only the GET whose range starts at N, and
// the log keeps each GET's Range.
func TestRangeDownloadSupport(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	data := randomData(1000)
	etag := c.put("bkt", "r", data, nil).want(t, 200, "").Header.Get("ETag")
	for _, tc := range []struct {
		ifMatch string
		status  int
	}{
		{etag, 206},
		{etag[1 : len(etag)-1], 206},
		{"*", 206},
		{`"0123456789ABCDEF0123456789ABCDEF"`, 412},
	} {
		r := c.get("bkt", "r", http.Header{"Range": {"bytes=10-19"}, "If-Match": {tc.ifMatch}})
		if tc.status == 412 {
			r.want(t, 412, "PreconditionFailed")
			continue
		}
		r.want(t, 206, "")
		if string(r.body) != string(data[10:20]) {
			t.Fatalf("If-Match %s: wrong bytes", tc.ifMatch)
		}
	}
	s.ResetLog()
	if err := s.AddFault("op=GetObject,range-start=500,status=503"); err != nil {
		t.Fatal(err)
	}
	c.get("bkt", "r", http.Header{"Range": {"bytes=0-499"}}).want(t, 206, "")
	c.get("bkt", "r", http.Header{"Range": {"bytes=500-999"}}).want(t, 503, "ServiceUnavailable")
	c.get("bkt", "r", nil).want(t, 200, "")
	log := s.Requests()
	if len(log) != 3 || log[0].Range != "bytes=0-499" || log[1].Range != "bytes=500-999" || log[1].Fault == "" || log[2].Range != "" {
		t.Fatalf("log %+v", log)
	}
	if _, err := parseFault("op=GetObject,range-start=x"); err == nil {
		t.Fatal("range-start=x accepted")
	}
}

// TestCorruptBody: a corrupt-body fault flips the first byte of one answer's body, nothing else.
func TestCorruptBody(t *testing.T) {
	s := startServer(t, Options{})
	c := newClient(t, s)
	data := randomData(1000)
	c.put("bkt", "r", data, nil).want(t, 200, "")
	if err := s.AddFault("op=GetObject,range-start=100,corrupt-body,times=1"); err != nil {
		t.Fatal(err)
	}
	got := c.get("bkt", "r", http.Header{"Range": {"bytes=100-199"}}).want(t, 206, "").body
	if len(got) != 100 || got[0] != ^data[100] || string(got[1:]) != string(data[101:200]) {
		t.Fatalf("corrupted answer: %d bytes, first %x (data %x)", len(got), got[0], data[100])
	}
	if got := c.get("bkt", "r", http.Header{"Range": {"bytes=100-199"}}).want(t, 206, "").body; string(got) != string(data[100:200]) {
		t.Fatal("the second answer is corrupted too (times=1)")
	}
}

// TestCutAfter: a cut-after fault ends a GET's body early with an orderly close: the client
// reads the bytes sent and then an unexpected EOF, not a reset.
func TestCutAfter(t *testing.T) {
	s := startServer(t, Options{})
	data := randomData(100000)
	c := newClient(t, s)
	c.put("bkt", "r", data, nil).want(t, 200, "")
	if err := s.AddFault("op=GetObject,cut-after=1000,times=1"); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, s.URL()+"/bkt/r", nil)
	req.Host = s.Endpoint()
	c.sign(req, "bkt", "r")
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !errors.Is(err, io.ErrUnexpectedEOF) || len(got) != 1000 || string(got) != string(data[:1000]) {
		t.Fatalf("read %d bytes, %v; want the first 1000 then an unexpected EOF", len(got), err)
	}
}
