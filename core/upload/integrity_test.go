package upload

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"encoding/base64"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
)

func TestWrongCRCIsInconsistent(t *testing.T) {
	cases := []struct {
		fault, what string
	}{
		{"op=UploadPart,part=2,wrong-crc", "part"},
		{"op=Complete,wrong-crc", "object"},
	}
	for _, c := range cases {
		t.Run(c.what, func(t *testing.T) {
			e := newEnv(t)
			path, _ := e.file("f", 3*part)
			o := e.opts(path, "obj")
			o.Checkpoint = true
			e.srv.AddFault(c.fault)
			res, err := e.upload(o)
			var ie *InconsistentError
			if !errors.As(err, &ie) || ie.What != c.what || ie.Local == ie.Server || ie.RequestID == "" {
				t.Fatalf("result %v, err = %v; want an *InconsistentError about the %s", res, err, c.what)
			}
			if c.what == "part" {
				n := 0
				for _, r := range e.srv.Requests() {
					if r.Op == "UploadPart" && r.PartNumber == 2 {
						n++
					}
				}
				if n != 1+DefaultRetries {
					t.Fatalf("part 2 sent %d times; a CRC mismatch should be retried %d times", n, DefaultRetries)
				}
			}
			if !exists(path + ".cp") {
				t.Fatal("the checkpoint was removed although Complete was not verified")
			}
		})
	}
}

// A part whose CRC is wrong once is sent again and the upload succeeds: the fault fired on the
// first send of part 3, and part 3 went exactly twice (an upload that ignored the mismatch
// would send it once and still store the right bytes).
func TestWrongCRCOnceIsRetried(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 3*part)
	e.srv.AddFault("op=UploadPart,part=3,wrong-crc,times=1")
	if _, err := e.upload(e.opts(path, "obj")); err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	var sends, fired int
	for _, r := range e.srv.Requests() {
		if r.Op == "UploadPart" && r.PartNumber == 3 {
			sends++
			if r.Fault != "" {
				fired++
			}
		}
	}
	if fired != 1 || sends != 2 {
		t.Fatalf("part 3 sent %d times with the fault firing %d times; want 2 sends, the first with the wrong CRC", sends, fired)
	}
}

// A Complete whose answer is lost is retried; the retry's NoSuchUpload is recognised by HEAD.
func TestCompleteAnswerLost(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 3*part)
	o := e.opts(path, "obj")
	o.Checkpoint = true
	e.srv.AddFault("op=Complete,status=500,when=after,times=1")
	res, err := e.upload(o)
	if err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	if e.ops("CompleteMultipartUpload") != 2 || e.ops("HeadObject") != 1 || res.ETag == "" || exists(path+".cp") {
		t.Fatalf("want Complete, its retry, a HEAD, an ETag and no checkpoint; result %+v", res)
	}
}

func TestUploadExpiredMidway(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 5*part)
	o := e.opts(path, "obj")
	o.Checkpoint, o.Threads = true, 1
	e.srv.AddFault("op=UploadPart,part=3,expire-upload,times=1")
	_, err := e.upload(o)
	var oe *oss.Error
	if !errors.As(err, &oe) || oe.Code != "NoSuchUpload" {
		t.Fatalf("err = %v, want NoSuchUpload", err)
	}
	e.quiesce()
	e.srv.ResetLog()
	if _, err := e.upload(o); err != nil { // the checkpoint does not wedge: a fresh upload
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	if !slices.Equal(sorted(e.sentParts()), rangeInts(1, 5)) {
		t.Fatalf("sent %v, want all parts of a fresh upload", e.sentParts())
	}
}

func TestProgressSequence(t *testing.T) {
	for _, threads := range []int{1, 8} {
		t.Run(fmt.Sprintf("%d threads", threads), func(t *testing.T) {
			e := newEnv(t)
			path, data := e.file("f", 20*part+5)
			o := e.opts(path, "obj")
			o.Threads = threads
			o.Retries = 8
			e.srv.AddFault("op=UploadPart,p=0.2,seed=3,reset-after=50KiB")
			var mu sync.Mutex
			var calls [][2]int64
			o.Progress = func(d, tot int64) {
				mu.Lock()
				calls = append(calls, [2]int64{d, tot})
				mu.Unlock()
			}
			if _, err := e.upload(o); err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			total := int64(len(data))
			if len(calls) < 2 {
				t.Fatalf("only %d progress calls", len(calls))
			}
			for i, c := range calls {
				if c[1] != total || c[0] < 0 || c[0] > total || i > 0 && c[0] <= calls[i-1][0] {
					t.Fatalf("call %d = %v after %v: not monotonic within 0..%d", i, c, calls[max(i-1, 0)], total)
				}
				if c[0] == total && i != len(calls)-1 {
					t.Fatalf("(total, total) reported before the end, at call %d of %d", i, len(calls))
				}
			}
			if last := calls[len(calls)-1]; last != [2]int64{total, total} {
				t.Fatalf("last call %v, want (%d, %d)", last, total, total)
			}
		})
	}
}

// A caller can drain progress on its own goroutine through a ProgressBox.
func TestProgressBoxFromCaller(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 4*part)
	o := e.opts(path, "obj")
	o.ProgressBox = NewProgressBox()
	errc := make(chan error, 1)
	go func() { _, err := e.upload(o); errc <- err }()
	var last int64
	for {
		d, tot, ok := o.ProgressBox.Wait()
		if !ok {
			break
		}
		if d < last || tot != int64(len(data)) {
			t.Fatalf("value %d/%d after %d", d, tot, last)
		}
		last = d
	}
	if err := <-errc; err != nil || last != int64(len(data)) {
		t.Fatalf("err %v, last %d", err, last)
	}
}

func TestImportCSDKCheckpoint(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 6*part)
	o := e.opts(path, "obj")
	o.Checkpoint, o.Threads = true, 1
	rec := e.interrupt(o, 4) // parts 1..3 done
	// Hand the upload over as the C SDK would have left it, and remove our own record.
	if err := os.WriteFile(path+".ucp", checkpoint.EncodeUCP(rec), 0o640); err != nil {
		t.Fatal(err)
	}
	os.Remove(path + ".cp")
	res, err := e.upload(o)
	if err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	if got := sorted(e.sentParts()); !slices.Equal(got, rangeInts(4, 6)) || res.UploadID != rec.UploadID {
		t.Fatalf("sent %v under %s, want 4..6 under the C SDK's upload id", got, res.UploadID)
	}
	if exists(path+".ucp") || exists(path+".cp") {
		t.Fatal("the .ucp or the checkpoint was left after success")
	}
}

func TestFailureWithoutCheckpointAborts(t *testing.T) {
	e := newEnv(t)
	path, _ := e.file("f", 5*part)
	e.srv.AddFault("op=UploadPart,part=4,status=403,code=AccessDenied")
	if _, err := e.upload(e.opts(path, "obj")); err == nil {
		t.Fatal("upload succeeded despite the fault")
	}
	if e.ops("AbortMultipartUpload") != 1 || exists(path+".cp") {
		t.Fatal("want an abort and no checkpoint")
	}
	e.noOpenUploads()
}

// Headers reach the object, and the callback server's reply is the result's body.
func TestHeadersAndCallback(t *testing.T) {
	e := newEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var gotBody string
	cb := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		gotBody = string(b)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"Status":"OK"}`)
	})}
	go cb.Serve(ln)
	defer cb.Close()
	path, data := e.file("f", 2*part+1)
	o := e.opts(path, "pic.jpg")
	callback := fmt.Sprintf(`{"callbackUrl":"http://%s/cb","callbackBody":"bucket=${bucket}&size=${size}"}`, ln.Addr())
	o.Header = http.Header{
		"X-Oss-Meta-Owner": {"ossresume"},
		"X-Oss-Callback":   {base64.StdEncoding.EncodeToString([]byte(callback))},
	}
	res, err := e.upload(o)
	if err != nil {
		t.Fatal(err)
	}
	e.checkObject("pic.jpg", data)
	if string(res.Body) != `{"Status":"OK"}` || !strings.Contains(gotBody, fmt.Sprint(len(data))) {
		t.Fatalf("result body %q, callback got %q", res.Body, gotBody)
	}
	h, err := e.api.HeadObject(context.Background(), &oss.HeadObjectInput{Bucket: bucket, Key: "pic.jpg"})
	if err != nil {
		t.Fatal(err)
	}
	if h.Header.Get("X-Oss-Meta-Owner") != "ossresume" || h.ContentType != "image/jpeg" {
		t.Fatalf("object headers %v", h.Header)
	}
}

// A file written to while it is uploaded is not completed into an object.
func TestFileChangedDuringUpload(t *testing.T) {
	e := newEnv(t)
	path, _ := e.file("f", 4*part)
	o := e.opts(path, "obj")
	o.Checkpoint, o.Threads = true, 1
	e.srv.AddFault("op=UploadPart,part=2,delay=200ms")
	go func() {
		for len(e.sentParts()) < 1 {
			time.Sleep(time.Millisecond)
		}
		f, _ := os.OpenFile(path, os.O_WRONLY, 0)
		f.WriteAt([]byte("changed"), 3*part+5)
		f.Close()
		later := time.Now().Add(3 * time.Second)
		os.Chtimes(path, later, later)
	}()
	_, err := e.upload(o)
	var ie *InconsistentError
	if !errors.As(err, &ie) || ie.What != "file" {
		t.Fatalf("err = %v, want an *InconsistentError about the file", err)
	}
	if e.ops("CompleteMultipartUpload") != 0 {
		t.Fatal("Complete was sent for a file that changed")
	}
}

// Interrupted after every part but before Complete: the resume sends no part, only Complete.
func TestResumeWithAllPartsDone(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 3*part)
	o := e.opts(path, "obj")
	o.Checkpoint = true
	e.srv.AddFault("op=Complete,status=403,code=AccessDenied,times=1")
	if _, err := e.upload(o); err == nil {
		t.Fatal("Complete fault not reported")
	}
	e.srv.ResetLog()
	res, err := e.upload(o)
	if err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	if len(e.sentParts()) != 0 || res.BytesResumed != int64(len(data)) || res.BytesSent != 0 {
		t.Fatalf("resume sent %v; result %+v", e.sentParts(), res)
	}
}

// Complete refused with InvalidPart is reconciled with ListParts and tried once more.
func TestCompleteInvalidPartReconciles(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 3*part)
	o := e.opts(path, "obj")
	o.Checkpoint = true
	e.srv.AddFault("op=Complete,status=400,code=InvalidPart,times=1")
	if _, err := e.upload(o); err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	if e.ops("CompleteMultipartUpload") != 2 || e.ops("ListParts") != 1 || len(e.sentParts()) != 3 {
		t.Fatalf("want Complete, ListParts, Complete and no part re-sent; log %+v", e.srv.Requests())
	}
	if !e.noticed("InvalidPart") {
		t.Fatal("no notice about the reconcile")
	}
}
