package ossemu

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

func callbackHeader(t *testing.T, cfg map[string]string) string {
	data, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(data)
}

func TestCallback(t *testing.T) {
	var mu sync.Mutex
	var seen url.Values
	got := func() url.Values { mu.Lock(); defer mu.Unlock(); return seen }
	cbSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen, _ = url.ParseQuery(string(body))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"Status":"OK","from":"callback"}`)
	}))
	defer cbSrv.Close()
	s := startServer(t, Options{})
	c := newClient(t, s)
	cb := callbackHeader(t, map[string]string{"callbackUrl": cbSrv.URL + "/notify",
		"callbackBody": "bucket=${bucket}&object=${object}&size=${size}&etag=${etag}&my=${x:my_var}"})
	vars := base64.StdEncoding.EncodeToString([]byte(`{"x:my_var":"a b&c"}`))
	r := c.put("bkt", "cb/obj", []byte("hello"), http.Header{"X-Oss-Callback": {cb}, "X-Oss-Callback-Var": {vars}}).want(t, 200, "")
	if string(r.body) != `{"Status":"OK","from":"callback"}` {
		t.Fatalf("PutObject with a callback answered %q, want the callback's reply", r.body)
	}
	if v := got(); v.Get("bucket") != "bkt" || v.Get("object") != "cb/obj" || v.Get("size") != "5" || v.Get("my") != "a b&c" || len(v.Get("etag")) != 32 {
		t.Fatalf("callback body: %v", v)
	}

	// Complete with a callback.
	id := c.initiate("bkt", "cb/mp", nil)
	et := c.uploadPart("bkt", "cb/mp", id, 1, []byte("part")).want(t, 200, "").Header.Get("ETag")
	r = c.do("POST", "bkt", "cb/mp", "uploadId="+id, http.Header{"X-Oss-Callback": {cb}}, completeXML([]completePart{{1, et}})).want(t, 200, "")
	if !strings.Contains(string(r.body), "callback") || got().Get("object") != "cb/mp" {
		t.Fatalf("Complete with a callback: %q, callback saw %v", r.body, got())
	}

	// An unreachable callback: 203 CallbackFailed, and the object is written.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + ln.Addr().String() + "/"
	ln.Close()
	bad := callbackHeader(t, map[string]string{"callbackUrl": dead, "callbackBody": "x=1"})
	r = c.put("bkt", "cb/failed", []byte("kept"), http.Header{"X-Oss-Callback": {bad}}).want(t, 203, "CallbackFailed")
	if r.Header.Get("ETag") == "" {
		t.Fatal("203 without the object's ETag")
	}
	if obj, err := s.Object("bkt", "cb/failed"); err != nil || string(obj) != "kept" {
		t.Fatal("object not written when its callback failed")
	}
	c.put("bkt", "cb/x", []byte("x"), http.Header{"X-Oss-Callback": {"not base64 json"}}).want(t, 400, "InvalidArgument")
}
