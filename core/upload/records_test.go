package upload

// Records are per object and acted on only by their owner (issue 12, items 5-8): one file to
// two keys, the endpoint spelt differently, a record planted by someone else, a password in
// the endpoint.

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// One file to two keys, interrupted alternately, completes both; no part is sent twice and no
// upload is aborted. Then both at once: neither is "in use".
func TestOneFileTwoKeys(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 6*part)
	a, b := e.opts(path, "a"), e.opts(path, "b")
	a.Checkpoint, a.Threads = true, 1
	b.Checkpoint, b.Threads = true, 1
	// e.interrupt and e.rerun empty the server's log, so each run's requests are kept here as
	// it ends (after quiesce: nothing of it still in flight): the checks below span all five.
	var log []ossemu.Request
	keep := func() { e.quiesce(); log = append(log, e.srv.Requests()...) }
	interrupt := func(o Options, failPart int) {
		t.Helper()
		if err := e.srv.AddFault(fmt.Sprintf("op=UploadPart,part=%d,status=403,code=AccessDenied", failPart)); err != nil {
			t.Fatal(err)
		}
		if _, err := e.upload(o); err == nil || !strings.Contains(err.Error(), "AccessDenied") {
			t.Fatalf("%s interrupted: err = %v, want the injected AccessDenied", o.Key, err)
		}
		keep()
		e.freshLog()
	}
	interrupt(a, 3) // a: parts 1, 2
	interrupt(b, 5) // b: parts 1..4
	interrupt(a, 5) // a: 3, 4 more
	if !exists(path+".cp") || !exists(checkpoint.ObjectPath(path+".cp", oss.NormalEndpoint(b.Endpoint)+"\n"+bucket+"\nb")) {
		t.Fatal("want a's record at <file>.cp and b's beside it")
	}
	if sent := e.rerun(b, "b", data); !slices.Equal(sent, []int{5, 6}) {
		t.Fatalf("b's resume sent %v, want [5 6]", sent)
	}
	keep()
	if sent := e.rerun(a, "a", data); !slices.Equal(sent, []int{5, 6}) {
		t.Fatalf("a's resume sent %v, want [5 6]", sent)
	}
	keep()
	// With one thread the faulted part is the only one in flight at an interrupt and it is
	// answered 403, so no acknowledged part is lost to an interrupt (none to account for): each
	// key's parts 1..6 are acknowledged exactly once over the five runs, under one Initiate.
	initiates := map[string]int{}
	acked := map[string][]int{}
	for _, r := range log {
		switch {
		case r.Op == "AbortMultipartUpload":
			t.Fatalf("an upload was aborted: %+v", r)
		case r.Op == "InitiateMultipartUpload":
			initiates[r.Key]++
		case r.Op == "UploadPart" && r.Status == 200:
			acked[r.Key] = append(acked[r.Key], r.PartNumber)
		}
	}
	for _, k := range []string{"a", "b"} {
		if initiates[k] != 1 {
			t.Errorf("%s: %d InitiateMultipartUpload over the whole test, want 1", k, initiates[k])
		}
		if got := sorted(acked[k]); !slices.Equal(got, rangeInts(1, 6)) {
			t.Errorf("%s: parts acknowledged over the whole test %v, want each of 1..6 once", k, got)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	e.noOpenUploads()

	e.freshLog()
	e.srv.AddFault("op=UploadPart,delay=50ms")
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, o := range []Options{a, b} {
		wg.Go(func() { _, errs[i] = e.upload(o) })
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("both at once: %v / %v", errs[0], errs[1])
	}
	e.checkObject("a", data)
	e.checkObject("b", data)
	if exists(path + ".cp") {
		t.Fatal("a record outlived its upload")
	}
	if m, _ := os.ReadDir(e.dir); len(m) != 1 {
		t.Fatalf("left in the directory: %v", m)
	}
}

// "host:port", "http://host:port", "HTTP://HOST:PORT/" are one endpoint: the rerun resumes
// rather than dropping the progress and leaving the old upload open.
func TestEndpointSpeltDifferently(t *testing.T) {
	for _, spell := range []func(string) string{
		func(ep string) string { return "http://" + ep },
		func(ep string) string { return "HTTP://" + strings.ToUpper(ep) + "/" },
		func(ep string) string { return "http://localhost" + ep[strings.LastIndexByte(ep, ':'):] },
	} {
		e := newEnv(t)
		path, data := e.file("f", 4*part)
		o := e.opts(path, "obj")
		o.Checkpoint, o.Threads = true, 1
		rec := e.interrupt(o, 3)
		o.Endpoint = spell(o.Endpoint)
		sent := e.rerun(o, "obj", data)
		if o.Endpoint[7:16] == "localhost" {
			// Another host name is another endpoint: not continued, and not aborted either.
			if e.ops("AbortMultipartUpload") != 0 || len(sent) != 4 {
				t.Fatalf("%s: sent %v, %d aborts", o.Endpoint, sent, e.ops("AbortMultipartUpload"))
			}
			continue
		}
		if !slices.Equal(sent, []int{3, 4}) || !e.noticed("resuming upload "+rec.UploadID) {
			t.Fatalf("%s: sent %v, want [3 4] under %s", o.Endpoint, sent, rec.UploadID)
		}
		e.noOpenUploads()
	}
}

// A record the caller does not own, or that others may write, is refused with a clear error
// before any request, and its upload is left alone.
func TestUntrustedRecordRefused(t *testing.T) {
	for _, plant := range []struct {
		name string
		do   func(string) error
	}{
		{"world-writable", func(p string) error { return os.Chmod(p, 0o666) }},
		{"group-readable", func(p string) error { return os.Chmod(p, 0o640) }},
		{"another user's", func(p string) error { return os.Chown(p, 65534, 65534) }},
	} {
		t.Run(plant.name, func(t *testing.T) {
			e := newEnv(t)
			path, _ := e.file("f", 4*part)
			o := e.opts(path, "obj")
			o.Checkpoint, o.Threads = true, 1
			e.interrupt(o, 3)
			if err := plant.do(path + ".cp"); err != nil {
				t.Skipf("cannot plant the record here (%v); checkpoint's TestUntrusted covers the owner check", err)
			}
			e.freshLog()
			_, err := e.upload(o)
			var ue *checkpoint.UntrustedError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), path+".cp") {
				t.Fatalf("err = %v, want an UntrustedError naming the record", err)
			}
			if n := len(e.srv.Requests()); n != 0 {
				t.Fatalf("%d requests sent for a refused record", n)
			}
			if len(e.srv.OpenUploads(bucket)) != 1 {
				t.Fatal("the record's upload was touched")
			}
		})
	}
}

// A user:password in the endpoint is never written into the record nor shown in a notice.
func TestEndpointPasswordNeverStored(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 4*part)
	o := e.opts(path, "obj")
	o.Checkpoint, o.Threads = true, 1
	o.Endpoint = "http://alice:s3cr3tpw@" + o.Endpoint
	e.interrupt(o, 3)
	raw, err := os.ReadFile(path + ".cp")
	if err != nil || strings.Contains(string(raw), "s3cr3tpw") || strings.Contains(string(raw), "alice") {
		t.Fatalf("record (%v):\n%s", err, raw)
	}
	other := o
	other.Endpoint = "http://bob:s3cr3tpw@127.0.0.2:1"
	other.Key = "elsewhere"
	other.Checkpoint, other.CheckpointPath = true, path+".cp"
	if _, err := e.upload(other); err == nil || strings.Contains(err.Error(), "s3cr3tpw") {
		t.Fatalf("err = %v: want a refusal that shows no password", err)
	}
	e.rerun(o, "obj", data)
	for _, n := range e.notices {
		if strings.Contains(n, "s3cr3tpw") {
			t.Fatalf("notice shows the password: %q", n)
		}
	}
}
