//go:build js

package main

// GOOS=js tests of the browser seams, run under Node (Go's lib/wasm/go_js_wasm_exec), which has
// fetch, Blob and File but neither IndexedDB nor Web Locks (those run in b19js's Chromium
// suite). They talk to a real ossemu started with --fixture --cors by the caller (make
// test-wasm, through test_node.sh), whose base URL is in OSSEMU_URL: the fetch transport, the
// Blob source, the typed errors and the Worker RPC's handler.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"hash/crc64"
	"io"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall/js"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

const (
	fixtureID     = "test-key-id"
	fixtureSecret = "test-key-secret"
	fixtureBucket = "test-bucket"
	fixtureRegion = "cn-hangzhou"
)

var ecma = crc64.MakeTable(crc64.ECMA)

func emuURL(t *testing.T) string {
	t.Helper()
	u := os.Getenv("OSSEMU_URL")
	if u == "" {
		t.Fatal("OSSEMU_URL is not set: run these tests through bindings/browser/wasm/test_node.sh (make test-wasm), which starts ossemu --fixture --cors")
	}
	return u
}

// await waits for a promise (the test's own copy: core's helper is internal to core).
func await(p js.Value) (js.Value, error) {
	type res struct {
		v   js.Value
		err error
	}
	ch := make(chan res, 1)
	ok := js.FuncOf(func(_ js.Value, a []js.Value) any { ch <- res{v: a[0]}; return nil })
	bad := js.FuncOf(func(_ js.Value, a []js.Value) any {
		ch <- res{err: errors.New(a[0].Call("toString").String())}
		return nil
	})
	defer ok.Release()
	defer bad.Release()
	p.Call("then", ok, bad)
	r := <-ch
	return r.v, r.err
}

// admin calls ossemu's admin endpoint with the platform's fetch (Go's own net/http has no
// network under Node) and returns the status and body.
func admin(t *testing.T, method, path, body string) (int, []byte) {
	t.Helper()
	init := js.Global().Get("Object").New()
	init.Set("method", method)
	if body != "" {
		init.Set("body", body)
	}
	resp, err := await(js.Global().Call("fetch", emuURL(t)+path, init))
	if err != nil {
		t.Fatalf("admin %s %s: %v", method, path, err)
	}
	ab, err := await(resp.Call("arrayBuffer"))
	if err != nil {
		t.Fatal(err)
	}
	a := js.Global().Get("Uint8Array").New(ab)
	b := make([]byte, a.Length())
	js.CopyBytesToGo(b, a)
	return resp.Get("status").Int(), b
}

func addFault(t *testing.T, spec string) {
	t.Helper()
	if st, b := admin(t, "POST", "/_ossemu/faults", spec); st != 200 {
		t.Fatalf("fault %q: %d %s", spec, st, b)
	}
	t.Cleanup(func() { admin(t, "DELETE", "/_ossemu/faults", "") })
}

// logCount counts request-log entries of op on key (and part, when not 0).
func logCount(t *testing.T, op, key string, part int) int {
	t.Helper()
	_, b := admin(t, "GET", "/_ossemu/log", "")
	var entries []map[string]any
	if err := json.Unmarshal(b, &entries); err != nil {
		t.Fatalf("log: %v: %s", err, b)
	}
	n := 0
	for _, e := range entries {
		pn, _ := e["partNumber"].(float64)
		if e["op"] == op && e["key"] == key && (part == 0 || int(pn) == part) {
			n++
		}
	}
	return n
}

// newFile makes a Node File of data.
func newFile(data []byte, name string, lastModified int64) js.Value {
	a := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(a, data)
	opts := js.Global().Get("Object").New()
	opts.Set("lastModified", lastModified)
	return js.Global().Get("File").New([]any{a}, name, opts)
}

func randomBytes(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	b := make([]byte, n)
	for i := 0; i < n; i += 8 {
		v := r.Uint64()
		for j := 0; j < 8 && i+j < n; j++ {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	return b
}

func newClient(t *testing.T, endpoint string, version int) *oss.Client {
	t.Helper()
	c, err := oss.New(oss.Config{Endpoint: endpoint, Region: fixtureRegion, SignatureVersion: version,
		Credentials: oss.StaticCredentials(fixtureID, fixtureSecret, "")})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestFetchUpload: a File uploaded through the fetch transport (parts as Blob slices, drained
// through the hashing reader) is stored byte for byte, verified by CRC-64, with either
// signature version (V1 signs x-oss-date: the transport never sends Date), as a multipart
// upload and as one PutObject.
func TestFetchUpload(t *testing.T) {
	base := emuURL(t)
	for _, tc := range []struct {
		name      string
		version   int
		size      int
		partSize  int64
		threshold int64
	}{
		{"v4-multipart", 4, 5<<20 + 12345, 1 << 20, 0},
		{"v1-multipart", 1, 3<<20 + 1, 1 << 20, 0},
		{"v4-put", 4, 700 << 10, 0, 1 << 20},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := randomBytes(tc.size, uint64(tc.size))
			src, err := upload.NewBlobSource(newFile(data, "f.bin", 1700000000123))
			if err != nil {
				t.Fatal(err)
			}
			key := "wasm/" + tc.name
			res, err := upload.Upload(context.Background(), newClient(t, base, tc.version), upload.Options{
				Bucket: fixtureBucket, Key: key, Source: src, PartSize: tc.partSize, Threads: 3, PutThreshold: tc.threshold})
			if err != nil {
				t.Fatal(err)
			}
			want := crc64.Checksum(data, ecma)
			if !res.Verified || res.CRC64 != want {
				t.Fatalf("verified %v, crc %d, want %d", res.Verified, res.CRC64, want)
			}
			st, stored := admin(t, "GET", "/_ossemu/object/"+fixtureBucket+"/"+key, "")
			if st != 200 || !bytes.Equal(stored, data) {
				t.Fatalf("stored object: status %d, %d bytes, equal %v", st, len(stored), bytes.Equal(stored, data))
			}
		})
	}
}

// TestFetchErrors: the typed errors of the browser transport.
func TestFetchErrors(t *testing.T) {
	base := emuURL(t)
	data := randomBytes(2<<20+7, 3)
	run := func(t *testing.T, endpoint, key string, retries int) error {
		src, err := upload.NewBlobSource(newFile(data, "e.bin", 1))
		if err != nil {
			t.Fatal(err)
		}
		_, err = upload.Upload(context.Background(), newClient(t, endpoint, 4), upload.Options{
			Bucket: fixtureBucket, Key: key, Source: src, PartSize: 1 << 20, Threads: 2, Retries: retries,
			RetryBase: time.Millisecond, RetryMax: time.Millisecond})
		return err
	}
	t.Run("unreachable", func(t *testing.T) {
		// A port nothing listens on: fetch rejects with a TypeError, as for a CORS refusal.
		err := run(t, "http://127.0.0.1:9", "wasm/unreachable", -1)
		var fe *oss.FetchError
		if !errors.As(err, &fe) {
			t.Fatalf("want *oss.FetchError, got %T %v", err, err)
		}
		f := classify(err)
		if f.code != codeNetwork || f.transport != "cors" || !strings.Contains(f.message, "ExposeHeader ETag") {
			t.Fatalf("classified as %+v", f)
		}
	})
	t.Run("etag-hidden", func(t *testing.T) {
		// The browser hides an ETag the CORS rule does not expose; ossemu's no-etag fault
		// answers a part the same way. Typed, and not retried.
		key := "wasm/noetag"
		admin(t, "DELETE", "/_ossemu/log", "")
		addFault(t, "op=UploadPart,key="+key+",part=2,no-etag")
		err := run(t, base, key, 3)
		var he *oss.CORSHeaderError
		if !errors.As(err, &he) || he.Header != "ETag" {
			t.Fatalf("want *oss.CORSHeaderError for ETag, got %T %v", err, err)
		}
		f := classify(err)
		if f.code != codeNetwork || f.errorCode != "CORSHeaderHidden" || !strings.Contains(f.message, "ExposeHeader ETag") {
			t.Fatalf("classified as %+v", f)
		}
		if n := logCount(t, "UploadPart", key, 2); n != 1 {
			t.Fatalf("part 2 sent %d times: a hidden ETag must fail at once, not be retried", n)
		}
	})
	t.Run("cancel-aborts-in-flight", func(t *testing.T) {
		// Parts held by the server for 30 s: once the server holds one, a cancel must end the
		// fetches in flight at once.
		key := "wasm/cancel"
		addFault(t, "op=UploadPart,key="+key+",delay=30s")
		src, _ := upload.NewBlobSource(newFile(data, "c.bin", 1))
		ctx, cancel := context.WithCancel(context.Background())
		var cancelled time.Time
		go func() {
			for ctx.Err() == nil {
				_, b := admin(t, "GET", "/_ossemu/faults", "")
				var fs []struct{ Fired int }
				if json.Unmarshal(b, &fs) == nil && len(fs) == 1 && fs[0].Fired > 0 {
					cancelled = time.Now()
					cancel()
					return
				}
				time.Sleep(20 * time.Millisecond)
			}
		}()
		_, err := upload.Upload(ctx, newClient(t, base, 4), upload.Options{
			Bucket: fixtureBucket, Key: key, Source: src, PartSize: 1 << 20, Threads: 3})
		if !errors.Is(err, context.Canceled) || cancelled.IsZero() {
			t.Fatalf("want context.Canceled after a part reached the server, got %v", err)
		}
		if d := time.Since(cancelled); d > 5*time.Second {
			t.Fatalf("cancel took %v: requests in flight were not aborted", d)
		}
	})
}

// TestBlobSource: reads at any offset and length give the File's bytes (straight slices and
// windows alike); an unreadable File is the typed error that says to select it again.
func TestBlobSource(t *testing.T) {
	data := randomBytes(3<<20+333, 9)
	src, err := upload.NewBlobSource(newFile(data, "s.bin", 1234))
	if err != nil {
		t.Fatal(err)
	}
	id, _ := src.Identify()
	if id.Path != "s.bin" || id.Size != int64(len(data)) || id.MtimeNs != 1234*1e6 {
		t.Fatalf("identity %+v", id)
	}
	for _, c := range []struct{ off, n int64 }{
		{0, 100}, {5, 256 << 10}, {256 << 10, 256 << 10}, {1<<20 - 3, 10}, {0, 2 << 20},
		{1 << 20, 1<<20 + 5}, {int64(len(data)) - 17, 17}, {int64(len(data)) - 4, 100},
	} {
		p := make([]byte, c.n)
		n, err := src.ReadAt(p, c.off)
		want := data[c.off:min(int64(len(data)), c.off+c.n)]
		if n != len(want) || !bytes.Equal(p[:n], want) {
			t.Fatalf("ReadAt(%d, %d): %d bytes, equal %v", c.off, c.n, n, bytes.Equal(p[:n], want))
		}
		if short := n < len(p); short != (err == io.EOF) {
			t.Fatalf("ReadAt(%d, %d): n %d, err %v", c.off, c.n, n, err)
		}
	}
	if _, err := upload.NewBlobSource(js.ValueOf("not a file")); err == nil {
		t.Fatal("a string was taken for a File")
	}

	// A File whose file changed on disk rejects its reads with NotReadableError.
	broken := js.Global().Get("Object").New()
	broken.Set("size", 1<<20)
	broken.Set("name", "gone.bin")
	reject := js.FuncOf(func(js.Value, []js.Value) any {
		ex := js.Global().Get("DOMException").New("The requested file could not be read", "NotReadableError")
		return js.Global().Get("Promise").Call("reject", ex)
	})
	defer reject.Release()
	slice := js.FuncOf(func(js.Value, []js.Value) any {
		o := js.Global().Get("Object").New()
		o.Set("arrayBuffer", reject)
		return o
	})
	defer slice.Release()
	broken.Set("slice", slice)
	bs, err := upload.NewBlobSource(broken)
	if err != nil {
		t.Fatal(err)
	}
	_, err = bs.ReadAt(make([]byte, 10), 0)
	var ue *upload.UnreadableError
	if !errors.As(err, &ue) {
		t.Fatalf("want *upload.UnreadableError, got %T %v", err, err)
	}
	if f := classify(err); f.code != codeFile || f.errorCode != "NotReadableError" || !strings.Contains(f.message, "select it again") {
		t.Fatalf("classified as %+v", f)
	}
}

// rpc drives the Worker RPC's handler as worker.js does, collecting what it posts.
type rpc struct {
	mu      sync.Mutex
	replies map[int]js.Value
	events  []js.Value
	signal  chan struct{}
	seq     int
}

var theRPC *rpc

func newRPC(t *testing.T) *rpc {
	if theRPC != nil {
		return theRPC
	}
	r := &rpc{replies: map[int]js.Value{}, signal: make(chan struct{}, 1)}
	js.Global().Set("postMessage", js.FuncOf(func(_ js.Value, a []js.Value) any {
		m := a[0]
		r.mu.Lock()
		if id := m.Get("id"); id.Type() == js.TypeNumber {
			r.replies[id.Int()] = m
		} else {
			r.events = append(r.events, m)
		}
		r.mu.Unlock()
		select {
		case r.signal <- struct{}{}:
		default:
		}
		return nil
	}))
	theRPC = r
	return r
}

// call sends one request and waits for its reply; onEvent sees each event meanwhile.
func (r *rpc) call(t *testing.T, op string, args map[string]any, onEvent func(js.Value)) (js.Value, js.Value) {
	t.Helper()
	r.mu.Lock()
	r.seq++
	id := r.seq
	r.mu.Unlock()
	go handle(js.ValueOf(map[string]any{"id": id, "op": op, "args": args}))
	deadline := time.After(60 * time.Second)
	seen := 0
	for {
		r.mu.Lock()
		reply, ok := r.replies[id]
		evs := r.events[seen:]
		seen = len(r.events)
		r.mu.Unlock()
		for _, e := range evs {
			if onEvent != nil {
				onEvent(e)
			}
		}
		if ok {
			if reply.Get("ok").Bool() {
				return reply.Get("value"), js.Undefined()
			}
			return js.Undefined(), reply.Get("error")
		}
		select {
		case <-r.signal:
		case <-deadline:
			t.Fatalf("%s: no reply in 60 s", op)
		}
	}
}

// TestRPC: the handler's answers: options refused before any traffic with the field named,
// and an upload through the RPC whose token expires mid-way: one 'credentials' event, the
// page's set_credentials, the part sent again (retries off: ali-oss's retryMax 0), the object
// verified, progress moving by acknowledged parts and ending at the total.
func TestRPC(t *testing.T) {
	base := emuURL(t)
	r := newRPC(t)
	for _, c := range []struct {
		op    string
		args  map[string]any
		field string
	}{
		{"client.new", map[string]any{"options": map[string]any{"region": fixtureRegion, "access_key_id": "a", "access_key_secret": "b"}}, "endpoint"},
		{"client.new", map[string]any{"options": map[string]any{"endpoint": base, "region": fixtureRegion, "access_key_secret": "b"}}, "access_key_id"},
		{"client.new", map[string]any{"options": map[string]any{"endpoint": base, "signature_version": 2, "access_key_id": "a", "access_key_secret": "b"}}, "signature_version"},
		{"client.new", map[string]any{"options": map[string]any{"endpoint": base, "region": 5, "access_key_id": "a", "access_key_secret": "b"}}, "region"},
		{"upload.wait", map[string]any{"upload": 99999}, "upload"},
		{"no.such.op", map[string]any{}, "op"},
	} {
		_, e := r.call(t, c.op, c.args, nil)
		if e.IsUndefined() || e.Get("code").String() != "E_ARG" || e.Get("field").String() != c.field {
			t.Fatalf("%s %v: want E_ARG naming %s, got %v", c.op, c.args, c.field, errorJSON(e))
		}
	}

	v, e := r.call(t, "client.new", map[string]any{"options": map[string]any{"endpoint": base, "region": fixtureRegion,
		"access_key_id": fixtureID, "access_key_secret": fixtureSecret, "security_token": "test-sts-token"}}, nil)
	if !e.IsUndefined() {
		t.Fatalf("client.new: %v", errorJSON(e))
	}
	client := v.Get("client").Int()
	data := randomBytes(3<<20+99, 5)
	file := newFile(data, "rpc.bin", 42)
	for _, c := range []struct {
		opts  map[string]any
		field string
	}{
		{map[string]any{"bucket": fixtureBucket, "key": "k", "file": file, "part_sha256": 1}, "part_sha256"},
		{map[string]any{"bucket": fixtureBucket, "key": "k"}, "file"},
		{map[string]any{"bucket": fixtureBucket, "key": "k", "file": "nope"}, "file"},
		{map[string]any{"bucket": "BAD_bucket", "key": "k", "file": file}, "bucket"},
		{map[string]any{"bucket": fixtureBucket, "key": "k", "file": file, "part_size": 1}, "part_size"},
		{map[string]any{"bucket": fixtureBucket, "key": "k", "file": file, "checkpoint": 2}, "checkpoint"},
		{map[string]any{"bucket": fixtureBucket, "key": "k", "file": file, "headers": []any{"no colon"}}, "headers[0]"},
	} {
		_, e := r.call(t, "upload.start", map[string]any{"client": client, "options": c.opts}, nil)
		if e.IsUndefined() || e.Get("code").String() != "E_ARG" || e.Get("field").String() != c.field {
			t.Fatalf("upload.start %v: want E_ARG naming %s, got %v", c.opts, c.field, errorJSON(e))
		}
	}

	key := "wasm/rpc-sts"
	addFault(t, "op=UploadPart,key="+key+",part=2,status=403,code=SecurityTokenExpired,times=1")
	v, e = r.call(t, "upload.start", map[string]any{"client": client, "options": map[string]any{
		"bucket": fixtureBucket, "key": key, "file": file, "part_size": 1 << 20, "threads": 2,
		"retries": -1}}, nil) // no retries: the resend after a refresh is not one of them
	if !e.IsUndefined() {
		t.Fatalf("upload.start: %v", errorJSON(e))
	}
	up := v.Get("upload").Int()
	credEvents := 0
	var last js.Value
	v, e = r.call(t, "upload.wait", map[string]any{"upload": up}, func(ev js.Value) {
		switch ev.Get("event").String() {
		case "credentials":
			credEvents++
			if ev.Get("handle").Int() != client || ev.Get("reason").String() != "SecurityTokenExpired" {
				t.Errorf("credentials event %v", ev)
			}
			go handle(js.ValueOf(map[string]any{"id": -1, "op": "client.set_credentials", "args": map[string]any{
				"client": client, "access_key_id": fixtureID, "access_key_secret": fixtureSecret, "security_token": "test-sts-token"}}))
		case "progress":
			if ev.Get("handle").Int() == up {
				last = ev
				// fetch reports no upload progress: a part counts when acknowledged, so
				// every value is a sum of acknowledged parts, whole 1 MiB ones plus the short
				// last one when it came back before another (parts finish out of order), and
				// total-1 until Complete is verified.
				short := len(data) % (1 << 20)
				if d := ev.Get("done").Int(); d%(1<<20) != 0 && d%(1<<20) != short && d != len(data)-1 {
					t.Errorf("progress %d is not a sum of acknowledged parts", d)
				}
			}
		}
	})
	if !e.IsUndefined() {
		t.Fatalf("upload.wait: %v", errorJSON(e))
	}
	if credEvents != 1 {
		t.Fatalf("%d credentials events, want 1", credEvents)
	}
	if want := strconv.FormatUint(crc64.Checksum(data, ecma), 10); v.Get("crc64").String() != want || !v.Get("verified").Bool() {
		t.Fatalf("result crc64 %s verified %v, want %s", v.Get("crc64").String(), v.Get("verified").Bool(), want)
	}
	if last.IsUndefined() || last.Get("done").Int() != len(data) || last.Get("total").Int() != len(data) {
		t.Fatalf("last progress event %v, want done = total = %d", last, len(data))
	}
	st, _ := r.call(t, "upload.state", map[string]any{"upload": up}, nil)
	if st.Get("partCount").Int() != 4 || st.Get("parts").Length() != 4 || st.Get("file").Get("mtimeNs").String() != "42000000" {
		t.Fatalf("state %s", js.Global().Get("JSON").Call("stringify", st).String())
	}
}

func errorJSON(e js.Value) string {
	if e.IsUndefined() {
		return "no error"
	}
	return js.Global().Get("JSON").Call("stringify", e).String()
}
