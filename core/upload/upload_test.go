package upload

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/crc64"
)

func TestUploadSizes(t *testing.T) {
	cases := []struct {
		name      string
		size      int
		wantParts int
	}{
		{"empty", 0, 0},
		{"1 byte", 1, 1},
		{"exactly one part", part, 1},
		{"one part and a byte", part + 1, 2},
		{"seven and a half parts", 7*part + part/2, 8},
	}
	for _, c := range cases {
		for _, cp := range []bool{false, true} {
			name := c.name
			if cp {
				name += ", checkpoint"
			}
			t.Run(name, func(t *testing.T) {
				e := newEnv(t)
				path, data := e.file("f", c.size)
				o := e.opts(path, "dir/obj.bin")
				o.Checkpoint = cp
				o.Header = http.Header{"X-Oss-Meta-Who": {"test"}}
				res, err := e.upload(o)
				if err != nil {
					t.Fatal(err)
				}
				e.checkObject("dir/obj.bin", data)
				if res.Parts != c.wantParts || res.CRC64 != crc64.Checksum(data) || res.BytesSent != int64(c.size) || res.ETag == "" || res.RequestID == "" {
					t.Fatalf("result %+v", res)
				}
				if got := sorted(e.sentParts()); !slices.Equal(got, rangeInts(1, c.wantParts)) {
					t.Fatalf("parts sent %v, want 1..%d once each", got, c.wantParts)
				}
				if c.size == 0 && (e.ops("PutObject") != 1 || e.ops("InitiateMultipartUpload") != 0) {
					t.Fatal("an empty file should be one PutObject")
				}
				if cp && (exists(path+".cp") || exists(path+".cp.lock")) {
					t.Fatal("checkpoint or its lock left behind after success")
				}
				e.noOpenUploads()
			})
		}
	}
}

func TestUploadRejectsBadOptionsWithoutTraffic(t *testing.T) {
	e := newEnv(t)
	path, _ := e.file("f", 1000)
	cases := map[string]func(o *Options){
		"PartSize": func(o *Options) { o.PartSize = 100*kib - 1 },
		"Threads":  func(o *Options) { o.Threads = 2000 },
		"Key":      func(o *Options) { o.Key = "" },
	}
	for field, mutate := range cases {
		o := e.opts(path, "k")
		mutate(&o)
		_, err := e.upload(o)
		var oe *OptionError
		if !errors.As(err, &oe) || oe.Field != field {
			t.Errorf("%s: err = %v, want *OptionError for it", field, err)
		}
	}
	o := e.opts(path+".missing", "k")
	if _, err := e.upload(o); !errors.Is(err, errNotExist()) {
		t.Errorf("missing file: err = %v", err)
	}
	// Unlike the C SDK, an unusable checkpoint path fails before Initiate, not after it.
	o = e.opts(path, "k")
	o.Checkpoint, o.CheckpointPath = true, e.dir+"/no/such/dir/f.cp"
	if _, err := e.upload(o); !errors.Is(err, errNotExist()) {
		t.Errorf("checkpoint in a missing directory: err = %v", err)
	}
	if n := len(e.srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent for bad input", n)
	}
}

// Threads parts are in flight at once, and no more. The server holds every part 300 ms before
// answering, so a part it logged as started at S was in the server during at least
// [S, S+300ms); intervals of parts sent one after another cannot overlap, so the most that
// overlap is a count of parts that were in flight together, whatever the machine's load (a
// wall-clock bound on the whole upload was not: a loaded machine stretches it).
func TestThreadsRunInParallel(t *testing.T) {
	const hold = 300 * time.Millisecond
	e := newEnv(t)
	path, data := e.file("f", 8*part)
	o := e.opts(path, "obj")
	o.Threads = 4
	e.srv.AddFault(fmt.Sprintf("op=UploadPart,delay=%v", hold))
	if _, err := e.upload(o); err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	var starts []time.Time
	for _, r := range e.srv.Requests() {
		if r.Op == "UploadPart" && r.Status == 200 {
			starts = append(starts, r.Time)
		}
	}
	most := 0
	for _, a := range starts {
		n := 0 // parts whose held interval contains a's start
		for _, b := range starts {
			if !a.Before(b) && a.Before(b.Add(hold)) {
				n++
			}
		}
		most = max(most, n)
	}
	if len(starts) != 8 || most != o.Threads {
		t.Fatalf("%d parts, at most %d of them in the server at once; want 8 parts, %d at once", len(starts), most, o.Threads)
	}
}

// Cancelling an upload without a checkpoint aborts it: nothing could resume it.
func TestCancelWithoutCheckpointAborts(t *testing.T) {
	e := newEnv(t)
	path, _ := e.file("f", 6*part)
	o := e.opts(path, "obj")
	o.Threads = 1
	e.srv.AddFault("op=UploadPart,part=2,delay=1s")
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for len(e.sentParts()) < 1 {
			time.Sleep(2 * time.Millisecond)
		}
		cancel()
	}()
	if _, err := Upload(ctx, e.api, o); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if e.ops("AbortMultipartUpload") != 1 {
		t.Fatal("the cancelled upload was not aborted")
	}
	e.noOpenUploads()
}
