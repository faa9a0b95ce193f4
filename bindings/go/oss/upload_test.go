package oss_test

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ossresume/ossresume/bindings/go/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// Routines(n) puts n parts in flight, counted on the wire by the caller's transport while the
// server holds each part 400 ms (3 s for the 101-part case: under -race on a loaded machine the
// first parts came back before the hundredth was sent, and 91 were counted): v1's default is 1,
// and values below 1 mean 1.
func TestRoutines(t *testing.T) {
	cases := []struct {
		name  string
		opts  []oss.Option
		parts int
		want  int
	}{
		{"default 1", nil, 3, 1},
		{"Routines(0) is 1", []oss.Option{oss.Routines(0)}, 3, 1},
		{"Routines(4)", []oss.Option{oss.Routines(4)}, 4, 4},
		{"Routines(1000) is 100", []oss.Option{oss.Routines(1000)}, 101, 100},
	}
	e := newEnv(t, func(o *ossemu.Options) {
		o.Faults = []string{"op=UploadPart,key=Routines(1000) is 100,delay=3s", "op=UploadPart,delay=400ms"}
	})
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()                                        // each case counts on its own client's transport
			e := &env{t: t, srv: e.srv, key: e.key, dir: e.dir} // helpers fail this subtest, not the parent
			path, data := e.file(c.name, c.parts*part)
			var f inFlight
			b := e.bucket(oss.HTTPClient(&http.Client{Transport: &f}))
			if err := b.UploadFile(c.name, path, part, c.opts...); err != nil {
				t.Fatal(err)
			}
			e.checkObject(c.name, data)
			if f.max != c.want {
				t.Fatalf("%d parts in flight at most, want %d", f.max, c.want)
			}
		})
	}
}

// inFlight counts UploadPart requests between sending and the response.
type inFlight struct {
	mu       sync.Mutex
	now, max int
}

func (f *inFlight) RoundTrip(req *http.Request) (*http.Response, error) {
	part := req.URL.Query().Has("partNumber")
	if part {
		f.mu.Lock()
		f.now++
		f.max = max(f.max, f.now)
		f.mu.Unlock()
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if part {
		f.mu.Lock()
		f.now--
		f.mu.Unlock()
	}
	return resp, err
}

// An upload cancelled through WithContext keeps its checkpoint where the option says, and a
// second UploadFile call sends only the parts the first did not finish; without a checkpoint
// the cancelled upload is aborted and nothing is left to resume.
func TestCancelAndResume(t *testing.T) {
	cpDir := func(e *env, path string) string {
		abs, _ := filepath.Abs(path)
		src, dst := md5.Sum([]byte(abs)), md5.Sum([]byte("oss://"+testBucket+"/dir/obj"))
		return filepath.Join(e.dir, "cps", hex.EncodeToString(src[:])+"-"+hex.EncodeToString(dst[:])+".cp")
	}
	cases := []struct {
		name   string
		option func(e *env, path string) (oss.Option, string) // the option and where its record must be
	}{
		{`Checkpoint(true, "")`, func(e *env, path string) (oss.Option, string) { return oss.Checkpoint(true, ""), path + ".cp" }},
		{`Checkpoint(true, path)`, func(e *env, path string) (oss.Option, string) {
			p := filepath.Join(e.dir, "my.cp")
			return oss.Checkpoint(true, p), p
		}},
		{`CheckpointDir(true, dir)`, func(e *env, path string) (oss.Option, string) {
			os.Mkdir(filepath.Join(e.dir, "cps"), 0o755)
			return oss.CheckpointDir(true, filepath.Join(e.dir, "cps")), cpDir(e, path)
		}},
		{`Checkpoint(false, "")`, func(e *env, path string) (oss.Option, string) { return oss.Checkpoint(false, ""), "" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			path, data := e.file("big.bin", 6*part-5)
			opt, cpPath := c.option(e, path)
			// One part at a time: parts 1 and 2 finish, part 3 is held until the cancel, which
			// waits until the client has had time to record part 2 (a part the server logged
			// but the client never heard of is sent again, by design).
			e.srv.AddFault("op=UploadPart,part=3,delay=5s")
			ctx, cancel := context.WithCancel(context.Background())
			go func() { e.waitAcked(2); time.Sleep(200 * time.Millisecond); cancel() }()
			b := e.bucket()
			err := b.UploadFile("dir/obj", path, part, opt, oss.WithContext(ctx))
			var ce oss.ClientError
			if !errors.Is(err, context.Canceled) || !errors.As(err, &ce) {
				t.Fatalf("cancelled upload: err = %#v, want a ClientError wrapping context.Canceled", err)
			}
			first := e.acked()
			entries, _ := filepath.Glob(filepath.Join(e.dir, "*.cp"))
			more, _ := filepath.Glob(filepath.Join(e.dir, "cps", "*.cp"))
			entries = append(entries, more...)
			if cpPath == "" {
				if len(entries) != 0 || len(e.srv.OpenUploads(testBucket)) != 0 {
					t.Fatalf("without a checkpoint: records %v, open uploads %d", entries, len(e.srv.OpenUploads(testBucket)))
				}
			} else if !slices.Equal(entries, []string{cpPath}) {
				t.Fatalf("records after the cancel: %v, want only %s", entries, cpPath)
			}

			e.freshLog()
			if err := b.UploadFile("dir/obj", path, part, opt); err != nil {
				t.Fatal(err)
			}
			e.checkObject("dir/obj", data)
			want := rangeInts(1, 6)
			if cpPath != "" {
				want = slices.DeleteFunc(want, func(n int) bool { return slices.Contains(first, n) })
			}
			if got := e.acked(); !slices.Equal(got, want) {
				t.Fatalf("second call sent parts %v, want %v (the first finished %v)", got, want, first)
			}
			if cpPath != "" && exists(cpPath) {
				t.Fatal("record left behind after success")
			}
		})
	}
}

type recorder struct{ events []oss.ProgressEvent }

func (r *recorder) ProgressChanged(ev *oss.ProgressEvent) { r.events = append(r.events, *ev) }

// checkEvents asserts the v1 sequence: one Started, Data events whose ConsumedBytes grow by
// RwBytes, and one final event of kind last; every TotalBytes is total.
func checkEvents(t *testing.T, evs []oss.ProgressEvent, total int64, last oss.ProgressEventType, wantDone int64) {
	t.Helper()
	if len(evs) < 2 || evs[0].EventType != oss.TransferStartedEvent || evs[len(evs)-1].EventType != last {
		t.Fatalf("events %+v: want Started first and %v last", evs, last)
	}
	done := evs[0].ConsumedBytes
	for i, ev := range evs {
		if ev.TotalBytes != total {
			t.Fatalf("event %d %+v: TotalBytes, want %d", i, ev, total)
		}
		if i == 0 || i == len(evs)-1 {
			continue
		}
		if ev.EventType != oss.TransferDataEvent || ev.RwBytes <= 0 || ev.ConsumedBytes != done+ev.RwBytes {
			t.Fatalf("event %d %+v after %d bytes: want a Data event adding RwBytes", i, ev, done)
		}
		done = ev.ConsumedBytes
	}
	if end := evs[len(evs)-1]; end.ConsumedBytes != done || (wantDone >= 0 && done != wantDone) {
		t.Fatalf("final event %+v after %d bytes, want %d", end, done, wantDone)
	}
}

func TestProgressEvents(t *testing.T) {
	e := newEnv(t)
	size := 5*part + 123
	path, data := e.file("f", size)
	var r recorder
	if err := e.bucket().UploadFile("p", path, part, oss.Progress(&r), oss.Routines(2)); err != nil {
		t.Fatal(err)
	}
	e.checkObject("p", data)
	checkEvents(t, r.events, int64(size), oss.TransferCompletedEvent, int64(size))

	// A part refused for good ends with TransferFailedEvent below the total.
	e.srv.AddFault("op=UploadPart,part=4,status=403,code=AccessDenied")
	r = recorder{}
	if err := e.bucket().UploadFile("p2", path, part, oss.Progress(&r)); err == nil {
		t.Fatal("upload with a refused part succeeded")
	}
	checkEvents(t, r.events, int64(size), oss.TransferFailedEvent, -1)
	if r.events[len(r.events)-1].ConsumedBytes >= int64(size) {
		t.Fatalf("failed upload reported %+v", r.events[len(r.events)-1])
	}

	// As in v1, an upload refused before its first byte (no such bucket) reports nothing.
	e.srv.ClearFaults()
	r = recorder{}
	b, _ := e.client().Bucket("no-such-bucket")
	if err := b.UploadFile("p3", path, part, oss.Progress(&r)); err == nil || len(r.events) != 0 {
		t.Fatalf("missing bucket: err %v, events %+v", err, r.events)
	}

	// An empty file: Started and Completed, at 0 of 0.
	empty, _ := e.file("empty", 0)
	r = recorder{}
	if err := e.bucket().UploadFile("e", empty, part, oss.Progress(&r)); err != nil {
		t.Fatal(err)
	}
	if len(r.events) != 2 || r.events[0].EventType != oss.TransferStartedEvent || r.events[1] != (oss.ProgressEvent{EventType: oss.TransferCompletedEvent}) {
		t.Fatalf("empty file events %+v", r.events)
	}
	e.checkObject("e", nil)
}

// A resumed upload's Started event already counts the parts carried over, as v1's does.
func TestProgressAfterResume(t *testing.T) {
	e := newEnv(t)
	size := 4 * part
	path, _ := e.file("f", size)
	e.srv.AddFault("op=UploadPart,part=3,delay=5s")
	ctx, cancel := context.WithCancel(context.Background())
	go func() { e.waitAcked(2); time.Sleep(200 * time.Millisecond); cancel() }()
	b := e.bucket()
	b.UploadFile("r", path, part, oss.Checkpoint(true, ""), oss.WithContext(ctx))
	e.freshLog()
	var r recorder
	if err := b.UploadFile("r", path, part, oss.Checkpoint(true, ""), oss.Progress(&r)); err != nil {
		t.Fatal(err)
	}
	checkEvents(t, r.events, int64(size), oss.TransferCompletedEvent, int64(size))
	if r.events[0].ConsumedBytes < 2*part {
		t.Fatalf("Started %+v does not count the 2 parts carried over", r.events[0])
	}
}

// The object options land on the object as HEAD shows it.
func TestObjectHeaders(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 2*part+1)
	expires := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	err := e.bucket().UploadFile("h.bin", path, part,
		oss.ContentType("text/x-test"), oss.Meta("Owner", "alice"), oss.Meta("n", "1"),
		oss.Expires(expires), oss.CacheControl("no-cache"), oss.ContentDisposition("attachment"),
		oss.ContentEncoding("identity"), oss.ContentLanguage("en"),
		oss.ObjectStorageClass(oss.StorageIA), oss.ServerSideEncryption("AES256"),
		oss.SetHeader("X-Oss-Meta-Extra", "x"), oss.SetHeader("X-Ignored", nil), oss.SetTagging(oss.Tagging{}))
	if err != nil {
		t.Fatal(err)
	}
	e.checkObject("h.bin", data)
	h := e.head("h.bin")
	want := map[string]string{
		"Content-Type": "text/x-test", "X-Oss-Meta-Owner": "alice", "X-Oss-Meta-N": "1",
		"Expires": "Wed, 02 Jan 2030 03:04:05 GMT", "Cache-Control": "no-cache",
		"Content-Disposition": "attachment", "Content-Encoding": "identity", "Content-Language": "en",
		"X-Oss-Storage-Class": "IA", "X-Oss-Server-Side-Encryption": "AES256", "X-Oss-Meta-Extra": "x",
	}
	for k, v := range want {
		if got := h.Header.Get(k); got != v {
			t.Errorf("%s: %q, want %q", k, got, v)
		}
	}
	if err := e.bucket().UploadFile("h2", path, part, oss.SetHeader("X-Bad", 7)); err == nil || !strings.Contains(err.Error(), "not a string") {
		t.Fatalf("SetHeader with an int: %v", err)
	}
}

// ForbidOverWrite(true) reaches the server: a second upload to the key is refused.
func TestForbidOverWrite(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", part+1)
	b := e.bucket()
	if err := b.UploadFile("once", path, part, oss.ForbidOverWrite(true)); err != nil {
		t.Fatal(err)
	}
	err := b.UploadFile("once", path, part, oss.ForbidOverWrite(true))
	var se oss.ServiceError
	if !errors.As(err, &se) || se.Code != "FileAlreadyExists" || se.StatusCode != 409 {
		t.Fatalf("second upload with ForbidOverWrite: %v", err)
	}
	if err := b.UploadFile("once", path, part, oss.ForbidOverWrite(false)); err != nil {
		t.Fatal(err)
	}
	e.checkObject("once", data)
}

// GetResponseHeader receives the headers of the answer that created the object.
func TestGetResponseHeader(t *testing.T) {
	e := newEnv(t)
	path, _ := e.file("f", part+1)
	var h http.Header
	if err := e.bucket().UploadFile("rh", path, part, oss.GetResponseHeader(&h)); err != nil {
		t.Fatal(err)
	}
	reqs := e.srv.Requests()
	if last := reqs[len(reqs)-1]; last.Op != "CompleteMultipartUpload" || h.Get("X-Oss-Request-Id") != last.RequestID {
		t.Fatalf("response header request id %q, want Complete's %+v", h.Get("X-Oss-Request-Id"), last)
	}
}

// A record the v1 SDK left in CheckpointDir (its JSON format, same name) is not ours to read:
// the upload starts afresh, replaces it, and succeeds.
func TestV1CheckpointFileReplaced(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 2*part)
	dir := filepath.Join(e.dir, "cps")
	os.Mkdir(dir, 0o700)
	abs, _ := filepath.Abs(path)
	src, dst := md5.Sum([]byte(abs)), md5.Sum([]byte("oss://"+testBucket+"/v1"))
	v1cp := filepath.Join(dir, hex.EncodeToString(src[:])+"-"+hex.EncodeToString(dst[:])+".cp")
	if err := os.WriteFile(v1cp, []byte(`{"Magic":"FE8BB4EA-B593-4FAC-AD7A-2459A36E2E62","MD5":"x","UploadID":"U"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := e.bucket().UploadFile("v1", path, part, oss.CheckpointDir(true, dir)); err != nil {
		t.Fatal(err)
	}
	e.checkObject("v1", data)
	if exists(v1cp) {
		t.Fatal("record left behind")
	}
}

// One file to two keys, both interrupted, with Checkpoint(true, ""): each resumes on its own and
// neither sends a finished part again (the engine keeps records per object).
func TestOneFileTwoKeys(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 4*part)
	b := e.bucket()
	done := map[string][]int{}
	for _, key := range []string{"a", "b"} {
		e.freshLog()
		e.srv.AddFault("op=UploadPart,part=3,delay=5s")
		ctx, cancel := context.WithCancel(context.Background())
		go func() { e.waitAcked(2); time.Sleep(200 * time.Millisecond); cancel() }()
		if err := b.UploadFile(key, path, part, oss.Checkpoint(true, ""), oss.WithContext(ctx)); !errors.Is(err, context.Canceled) {
			t.Fatalf("%s: %v", key, err)
		}
		done[key] = e.acked()
	}
	for _, key := range []string{"a", "b"} {
		e.freshLog()
		if err := b.UploadFile(key, path, part, oss.Checkpoint(true, "")); err != nil {
			t.Fatal(err)
		}
		e.checkObject(key, data)
		if got := e.acked(); !slices.Equal(got, []int{3, 4}) {
			t.Fatalf("%s: resumed by sending %v, want [3 4] (first run finished %v)", key, got, done[key])
		}
	}
}

// Callback and CallbackVar reach OSS, which calls the application after the object is complete;
// CallbackResult receives the application's reply.
func TestCallbackResult(t *testing.T) {
	e := newEnv(t)
	bodies := make(chan string, 1)
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		bodies <- string(b)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"Status":"OK"}`)
	}))
	defer app.Close()
	path, data := e.file("f", 2*part)
	cb := base64.StdEncoding.EncodeToString([]byte(`{"callbackUrl":"` + app.URL + `/cb","callbackBody":"object=${object}&who=${x:who}"}`))
	vars := base64.StdEncoding.EncodeToString([]byte(`{"x:who":"alice"}`))
	var reply []byte
	if err := e.bucket().UploadFile("cb.bin", path, part, oss.Callback(cb), oss.CallbackVar(vars), oss.CallbackResult(&reply)); err != nil {
		t.Fatal(err)
	}
	e.checkObject("cb.bin", data)
	var got string
	select {
	case got = <-bodies: // sent before OSS answered Complete
	default:
	}
	if string(reply) != `{"Status":"OK"}` || got != "object=cb.bin&who=alice" {
		t.Fatalf("callback body %q, reply %q", got, reply)
	}
}

// The record keeps each part's CRC-64 by default and its SHA-256 too with PartSHA256(true);
// either record resumes under the default.
func TestPartSHA256InRecord(t *testing.T) {
	for _, c := range []struct {
		opts []oss.Option
		sha  bool
	}{{nil, false}, {[]oss.Option{oss.PartSHA256(true)}, true}, {[]oss.Option{oss.PartSHA256(true), oss.PartSHA256(false)}, false}} {
		e := newEnv(t)
		path, data := e.file("f", 4*part)
		e.srv.AddFault("op=UploadPart,part=3,status=403,code=AccessDenied")
		opts := append([]oss.Option{oss.Checkpoint(true, ""), oss.Routines(1)}, c.opts...)
		if err := e.bucket().UploadFile("s", path, part, opts...); err == nil {
			t.Fatal("upload with a refused part succeeded")
		}
		rec, err := os.ReadFile(path + ".cp")
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, l := range strings.Split(string(rec), "\n") {
			if strings.HasPrefix(l, `{"n":`) {
				lines = append(lines, l)
			}
		}
		if len(lines) != 2 {
			t.Fatalf("record holds %d part lines, want 2:\n%s", len(lines), rec)
		}
		for _, l := range lines {
			if !strings.Contains(l, `"crc64":`) || strings.Contains(l, `"sha256":`) != c.sha {
				t.Fatalf("SHA-256 wanted: %v; part line %s", c.sha, l)
			}
		}
		e.freshLog()
		if err := e.bucket().UploadFile("s", path, part, oss.Checkpoint(true, "")); err != nil {
			t.Fatal(err)
		}
		if got := e.acked(); !slices.Equal(got, []int{3, 4}) {
			t.Fatalf("resume sent %v, want [3 4]", got)
		}
		e.checkObject("s", data)
	}
}
