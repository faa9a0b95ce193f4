package download

import (
	"bytes"
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// TestDownloadSizes: every file byte-identical across sizes around the range size, range sizes
// and thread counts, with and without a checkpoint; nothing left beside the target; progress
// ends at exactly (total, total).
func TestDownloadSizes(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		size    int
		part    int64
		threads int
		buf     int
		cp      bool
	}{
		{0, 64 * kib, 4, 0, true},
		{1, 64 * kib, 4, 0, false},
		{64*kib - 1, 64 * kib, 4, 4 * kib, true},
		{64 * kib, 64 * kib, 1, 4 * kib, true},
		{64*kib + 1, 64 * kib, 2, 4 * kib, false},
		{1000 * kib, 100 * kib, 8, 16 * kib, true},
		{777*kib + 3, 1 * kib, 16, 0, true}, // 778 ranges, more threads than most runs
		{3 << 20, 0, 4, 0, true},            // the default range size: one range
	}
	for i, c := range cases {
		key := "obj" + string(rune('a'+i))
		data := e.put(key, c.size, byte(i))
		path := join(e.dir, key)
		o := e.opts(key, path)
		o.PartSize, o.Threads, o.BufferSize, o.Checkpoint = c.part, c.threads, c.buf, c.cp
		var last [2]int64
		var calls atomic.Int64
		back := false
		o.Progress = func(d, tot int64) {
			back = back || d < last[0] || d > tot
			last = [2]int64{d, tot}
			calls.Add(1)
		}
		res, err := e.download(o)
		if err != nil {
			t.Fatalf("case %d (%+v): %v", i, c, err)
		}
		checkFile(t, path, data)
		if !res.Verified || res.Size != int64(c.size) || res.Fetched != int64(c.size) {
			t.Errorf("case %d: result %+v", i, res)
		}
		if c.size > 0 && last != [2]int64{int64(c.size), int64(c.size)} {
			t.Errorf("case %d: last progress %v, want (%d, %d)", i, last, c.size, c.size)
		}
		if back {
			t.Errorf("case %d: progress went back or past the total", i)
		}
		if left := leftovers(t, e.dir, objNames(i)...); len(left) != 0 {
			t.Errorf("case %d: left behind %v", i, left)
		}
	}
}

// objNames lists the targets cases 0..i made.
func objNames(i int) []string {
	var s []string
	for k := 0; k <= i; k++ {
		s = append(s, "obj"+string(rune('a'+k)))
	}
	return s
}

// TestResumeAfterCancel: a download cancelled midway keeps its record and temporary file and
// leaves nothing under the target's name; the rerun fetches only the ranges the record lacks.
func TestResumeAfterCancel(t *testing.T) {
	e := newEnv(t)
	const size = 40 * 64 * kib
	data := e.put("big", size, 1)
	path := join(e.dir, "big")
	o := e.opts("big", path)
	o.Checkpoint, o.Threads = true, 2
	e.srv.AddFault("op=GetObject,bandwidth=2MiB") // ~30 ms a range: the cancel lands midway
	ctx, cancel := context.WithCancel(context.Background())
	o.Progress = func(d, _ int64) {
		if d >= size/3 {
			cancel()
		}
	}
	_, err := Download(ctx, e.api, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled download: %v", err)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the target exists after a cancel: %v", err)
	}
	rec, err := checkpoint.LoadDownload(path + ".dcp")
	if err != nil {
		t.Fatal(err)
	}
	if rec.Seal == nil {
		t.Errorf("a cancelled run left no seal")
	}
	if len(rec.Ranges) == 0 || len(rec.Ranges) >= rec.PartCount {
		t.Fatalf("record holds %d of %d ranges", len(rec.Ranges), rec.PartCount)
	}
	var want []int64
	for n := 1; n <= rec.PartCount; n++ {
		off, _ := checkpoint.PartRange(n, size, rec.PartSize)
		if !slices.ContainsFunc(rec.Ranges, func(r checkpoint.Range) bool { return r.Number == n }) {
			want = append(want, off)
		}
	}
	e.freshLog()
	o.Progress = nil
	res, err := e.download(o)
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, path, data)
	if got := e.rangeStarts(); !slices.Equal(got, want) {
		t.Fatalf("rerun fetched ranges at %v, want only the missing %v", got, want)
	}
	if res.Resumed != int64(len(rec.Ranges))*rec.PartSize || res.Resumed+res.Fetched != size {
		t.Errorf("resumed %d fetched %d", res.Resumed, res.Fetched)
	}
	if left := leftovers(t, e.dir, "big"); len(left) != 0 {
		t.Errorf("left behind %v", left)
	}
}

// TestTamperedTemp: ranges recorded by a run that was cut off are only trusted while the
// temporary file is the one sealed; bytes changed between runs are found by CRC-64 and only
// their ranges fetched again.
func TestTamperedTemp(t *testing.T) {
	for _, mtimeBack := range []bool{false, true} {
		e := newEnv(t)
		const size = 16 * 64 * kib
		data := e.put("t", size, 2)
		path := join(e.dir, "t")
		o := e.opts("t", path)
		o.Checkpoint, o.Threads = true, 1
		e.srv.AddFault("op=GetObject,range-start=655360,status=403,code=AccessDenied") // range 11 fails for good
		if _, err := e.download(o); err == nil {
			t.Fatal("no error with range 11 refused")
		}
		rec, err := checkpoint.LoadDownload(path + ".dcp")
		if err != nil || rec.Seal == nil || len(rec.Ranges) != 10 {
			t.Fatalf("record %+v, %v", rec, err)
		}
		// Flip one byte of range 3, the mtime put back when asked: the ctime still moves.
		f, err := os.OpenFile(path+".tmp", os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		fi, _ := f.Stat()
		f.WriteAt([]byte{^data[2*64*kib+5]}, 2*64*kib+5)
		f.Close()
		if mtimeBack {
			time.Sleep(10 * time.Millisecond)
			os.Chtimes(path+".tmp", fi.ModTime(), fi.ModTime())
		}
		e.freshLog()
		if _, err := e.download(o); err != nil {
			t.Fatal(err)
		}
		checkFile(t, path, data)
		want := []int64{2 * 64 * kib}
		for n := 11; n <= 16; n++ {
			want = append(want, int64(n-1)*64*kib)
		}
		if got := e.rangeStarts(); !slices.Equal(got, want) {
			t.Fatalf("mtime put back %v: rerun fetched %v, want %v", mtimeBack, got, want)
		}
		if !e.noticed("1 of 10 recorded ranges no longer match") {
			t.Errorf("no notice of the re-checked range: %v", e.notices)
		}
	}
}

// TestRangeFaults: transient faults on given ranges (5xx, a reset mid-body, a body cut short)
// are retried and only that range is fetched again; a permanent one fails with the server's
// error and leaves nothing under the target's name.
func TestRangeFaults(t *testing.T) {
	cases := []struct {
		fault   string
		ok      bool
		tries   int // extra requests for the range at 64 KiB×3
		refetch int // of which answered 206 (a reset mid-body is logged with status 0)
	}{
		{"op=GetObject,range-start=196608,status=503,code=SlowDown,times=2", true, 2, 0},
		{"op=GetObject,range-start=196608,reset-after=10000,times=2", true, 2, 0},
		{"op=GetObject,range-start=196608,cut-after=10000,times=2", true, 2, 0}, // a clean close mid-body
		{"op=GetObject,range-start=196608,status=500,when=after,times=1", true, 1, 0},
		{"op=GetObject,range-start=196608,wrong-crc,times=1", true, 0, 0}, // seen as a changed object: restart
		{"op=GetObject,range-start=196608,status=403,code=AccessDenied", false, 0, 0},
		{"op=GetObject,range-start=196608,status=503", false, 0, 0}, // retries run out
	}
	for i, c := range cases {
		e := newEnv(t)
		data := e.put("f", 8*64*kib, byte(i))
		path := join(e.dir, "f")
		o := e.opts("f", path)
		o.Checkpoint = i%2 == 0
		if err := e.srv.AddFault(c.fault); err != nil {
			t.Fatal(err)
		}
		_, err := e.download(o)
		if c.ok != (err == nil) {
			t.Fatalf("%s: error %v", c.fault, err)
		}
		if !c.ok {
			var oe *oss.Error
			if !errors.As(err, &oe) || oe.RequestID == "" {
				t.Errorf("%s: %v is not the server's error with its request id", c.fault, err)
			}
			if _, serr := os.Stat(path); !errors.Is(serr, os.ErrNotExist) {
				t.Errorf("%s: target exists after a failure", c.fault)
			}
			// With a checkpoint the record and the temporary file stay for the next call
			// (and the lock file); without one nothing stays.
			var keep []string
			if o.Checkpoint {
				keep = []string{"f.dcp", "f.tmp", "f.dcp.lock"}
			}
			if left := leftovers(t, e.dir, keep...); len(left) != 0 {
				t.Errorf("%s: left behind %v", c.fault, left)
			}
			if o.Checkpoint {
				// Ranges in flight when range 4 failed for good were cancelled; the others are in.
				rec, err := checkpoint.LoadDownload(path + ".dcp")
				if err != nil || rec.Seal == nil || len(rec.Ranges) == 0 ||
					slices.ContainsFunc(rec.Ranges, func(r checkpoint.Range) bool { return r.Number == 4 }) {
					t.Errorf("%s: record %+v, %v: want some ranges, not 4, sealed", c.fault, rec, err)
				}
			}
			continue
		}
		checkFile(t, path, data)
		n := 0 // requests for the range, whatever their answer (a reset logs status 0)
		for _, r := range e.srv.Requests() {
			if r.Op == "GetObject" && rangeStart(r.Range) == 196608 {
				n++
			}
		}
		if strings.Contains(c.fault, "wrong-crc") {
			if !e.noticed("changed on the server") {
				t.Errorf("%s: no restart noticed", c.fault)
			}
			continue
		}
		if want := 1 + c.tries; n != want {
			t.Errorf("%s: range 4 asked for %d times, want %d", c.fault, n, want)
		}
		if len(e.rangeStarts()) != 8+c.refetch {
			t.Errorf("%s: %d ranges answered 206, want %d", c.fault, len(e.rangeStarts()), 8+c.refetch)
		}
	}
}

// TestObjectReplaced: the object is overwritten on the server mid-download; the download
// notices (If-Match 412), starts afresh and ends with the new object's bytes; a record left by
// a run against the old object is not continued either.
func TestObjectReplaced(t *testing.T) {
	e := newEnv(t)
	const size = 12 * 64 * kib
	e.put("r", size, 1)
	path := join(e.dir, "r")
	o := e.opts("r", path)
	o.Checkpoint, o.Threads = true, 1
	e.srv.AddFault("op=GetObject,bandwidth=1MiB") // ~60 ms a range: the replacement lands midway
	var newData []byte
	var replaced atomic.Bool
	o.Progress = func(d, _ int64) {
		if d >= 3*64*kib && !replaced.Swap(true) {
			newData = e.put("r", size, 9)
		}
	}
	res, err := e.download(o)
	if err != nil {
		t.Fatal(err)
	}
	checkFile(t, path, newData)
	if res.Restarts != 1 {
		t.Errorf("restarts %d, want 1", res.Restarts)
	}
	got412 := false
	for _, r := range e.srv.Requests() {
		got412 = got412 || r.Op == "GetObject" && r.Status == 412
	}
	if !got412 {
		t.Errorf("no ranged GET was refused by If-Match")
	}

	// Between runs: a record of the old object, then the object replaced.
	e.srv.ClearFaults()
	e.srv.AddFault("op=GetObject,range-start=393216,status=403")
	if _, err := e.download(o); err == nil {
		t.Fatal("no error with a range refused")
	}
	newer := e.put("r", size+5, 3)
	e.freshLog()
	if _, err := e.download(o); err != nil {
		t.Fatal(err)
	}
	checkFile(t, path, newer)
	if !e.noticed("changed on the server since the download began") {
		t.Errorf("no notice: %v", e.notices)
	}
	if n := len(e.rangeStarts()); n != 13 {
		t.Errorf("fetched %d ranges, want all 13 of the new object", n)
	}
}

// TestBadInput: refused before any request, with the field or path named; an existing target
// is never touched by a failure.
func TestBadInput(t *testing.T) {
	e := newEnv(t)
	e.put("k", 1000, 1)
	dir := e.dir
	ro := join(dir, "ro")
	os.Mkdir(ro, 0o555)
	cases := []struct {
		name  string
		edit  func(*Options)
		field string        // *OptionError's
		errno syscall.Errno // *TargetError's
	}{
		{"bucket", func(o *Options) { o.Bucket = "Bad_Bucket" }, "Bucket", 0},
		{"key", func(o *Options) { o.Key = "" }, "Key", 0},
		{"path", func(o *Options) { o.FilePath = "" }, "FilePath", 0},
		{"threads", func(o *Options) { o.Threads = 2000 }, "Threads", 0},
		{"part", func(o *Options) { o.PartSize = -1 }, "PartSize", 0},
		{"buffer", func(o *Options) { o.BufferSize = 10 }, "BufferSize", 0},
		{"cp without checkpoint", func(o *Options) { o.CheckpointPath = "x" }, "CheckpointPath", 0},
		{"cp is target", func(o *Options) { o.Checkpoint, o.CheckpointPath = true, o.FilePath }, "CheckpointPath", 0},
		{"target is a dir", func(o *Options) { o.FilePath = dir }, "", syscall.EISDIR},
		{"dir missing", func(o *Options) { o.FilePath = join(dir, "no/such/f") }, "", syscall.ENOENT},
		{"dir is a file", func(o *Options) { o.FilePath = join(dir, "k.existing/f") }, "", syscall.ENOTDIR},
	}
	if os.Geteuid() != 0 {
		cases = append(cases, struct {
			name  string
			edit  func(*Options)
			field string
			errno syscall.Errno
		}{"dir read-only", func(o *Options) { o.FilePath = join(ro, "f") }, "", syscall.EACCES})
	}
	os.WriteFile(join(dir, "k.existing"), []byte("keep"), 0o644)
	for _, c := range cases {
		e.srv.ResetLog()
		o := e.opts("k", join(dir, "k.existing"))
		c.edit(&o)
		_, err := e.download(o)
		var oe *OptionError
		var te *TargetError
		switch {
		case c.field != "" && (!errors.As(err, &oe) || oe.Field != c.field):
			t.Errorf("%s: %v, want an OptionError for %s", c.name, err, c.field)
		case c.errno != 0 && (!errors.As(err, &te) || !errors.Is(err, c.errno)):
			t.Errorf("%s: %v, want a TargetError with %v", c.name, err, c.errno)
		}
		if n := len(e.srv.Requests()); n != 0 {
			t.Errorf("%s: %d requests sent", c.name, n)
		}
		if b, _ := os.ReadFile(join(dir, "k.existing")); string(b) != "keep" {
			t.Fatalf("%s: the existing file was touched", c.name)
		}
	}
	if _, err := Download(context.Background(), nil, e.opts("k", join(dir, "x"))); err == nil {
		t.Error("nil api accepted")
	}
	// A missing object: the server's 404, nothing written.
	_, err := e.download(e.opts("missing", join(dir, "m")))
	var oe *oss.Error
	if !errors.As(err, &oe) || oe.StatusCode != 404 {
		t.Errorf("missing object: %v", err)
	}
	if left := leftovers(t, dir, "ro", "k.existing"); len(left) != 0 {
		t.Errorf("left behind %v", left)
	}
}

// TestDiskFull: a disk without room fails before any range is fetched, with ENOSPC, and leaves
// neither target nor temporary file.
func TestDiskFull(t *testing.T) {
	e := newEnv(t)
	e.put("k", 300*kib, 1)
	preallocateHook = func(*os.File, int64) error { return syscall.ENOSPC }
	defer func() { preallocateHook = nil }()
	for _, cp := range []bool{false, true} {
		e.freshLog()
		o := e.opts("k", join(e.dir, "f"))
		o.Checkpoint = cp
		_, err := e.download(o)
		var te *TargetError
		if !errors.As(err, &te) || !errors.Is(err, syscall.ENOSPC) {
			t.Fatalf("checkpoint %v: %v, want a TargetError with ENOSPC", cp, err)
		}
		if n := len(e.rangeStarts()); n != 0 {
			t.Errorf("%d ranges fetched before the disk was found full", n)
		}
		if left := leftovers(t, e.dir, "f.dcp", "f.dcp.lock"); len(left) != 0 {
			t.Errorf("checkpoint %v: left behind %v", cp, left)
		}
	}
}

// TestCRCMismatch: bytes damaged on the way in one range make the ranges' combined CRC-64
// differ from the object's: an InconsistentError, record and temporary file removed, nothing
// under the target's name, and a rerun starts afresh and succeeds. SkipCRCCheck accepts it
// with a notice and an unverified result.
func TestCRCMismatch(t *testing.T) {
	e := newEnv(t)
	data := e.put("c", 8*64*kib, 4)
	path := join(e.dir, "c")
	o := e.opts("c", path)
	o.Checkpoint = true
	e.srv.AddFault("op=GetObject,range-start=131072,corrupt-body,times=1")
	_, err := e.download(o)
	var ie *InconsistentError
	if !errors.As(err, &ie) || ie.Local == ie.Server || ie.RequestID == "" {
		t.Fatalf("%v, want an InconsistentError", err)
	}
	if left := leftovers(t, e.dir, "c.dcp.lock"); len(left) != 0 {
		t.Fatalf("left behind %v", left)
	}
	e.freshLog()
	if _, err := e.download(o); err != nil {
		t.Fatal(err)
	}
	checkFile(t, path, data)
	if n := len(e.rangeStarts()); n != 8 {
		t.Errorf("rerun fetched %d ranges, want all 8", n)
	}

	os.Remove(path)
	e.srv.AddFault("op=GetObject,range-start=131072,corrupt-body,times=1")
	o.SkipCRCCheck = true
	res, err := e.download(o)
	if err != nil || res.Verified {
		t.Fatalf("SkipCRCCheck: %v, %+v", err, res)
	}
	if !e.noticed("accepted (CRC check skipped)") {
		t.Errorf("no notice")
	}
}

// TestUploadRecordKept: a checkpoint path that holds an upload's record is refused, the record
// untouched; a corrupt record is replaced with a notice.
func TestUploadRecordKept(t *testing.T) {
	e := newEnv(t)
	data := e.put("u", 200*kib, 1)
	src := join(e.dir, "src")
	os.WriteFile(src, data, 0o600)
	cp := join(e.dir, "shared.cp")
	// An upload whose Complete fails keeps its record at cp.
	e.srv.AddFault("op=Complete,status=503")
	if _, err := upload.Upload(context.Background(), e.api, upload.Options{Bucket: bucket, Key: "u3", FilePath: src,
		Checkpoint: true, CheckpointPath: cp, Endpoint: e.srv.Endpoint(), Retries: -1, PartSize: upload.MinPartSize}); err == nil {
		t.Fatal("upload completed through the fault")
	}
	before, _ := os.ReadFile(cp)
	o := e.opts("u", join(e.dir, "out"))
	o.Checkpoint, o.CheckpointPath = true, cp
	_, err := e.download(o)
	var oe *OptionError
	if !errors.As(err, &oe) || oe.Field != "CheckpointPath" {
		t.Fatalf("%v, want an OptionError for CheckpointPath", err)
	}
	if after, _ := os.ReadFile(cp); !bytes.Equal(before, after) {
		t.Fatal("the upload's record was changed")
	}
	os.WriteFile(cp, []byte("garbage\n"), 0o600)
	if _, err := e.download(o); err != nil {
		t.Fatal(err)
	}
	checkFile(t, join(e.dir, "out"), data)
	if !e.noticed("corrupt") {
		t.Errorf("no notice of the corrupt record")
	}
}

// TestPlan: ranges grow so that an object needs at most MaxParts of them.
func TestPlan(t *testing.T) {
	for _, c := range []struct {
		size, part, wantPart int64
		wantCount            int
		grown                bool
	}{
		{0, 8 << 20, 8 << 20, 0, false},
		{1, 8 << 20, 8 << 20, 1, false},
		{10000, 1, 1, 10000, false},
		{10001, 1, 2, 5001, true},
		{777 * kib, 1, 80, 9946, true},
		{50 << 30, 1 << 20, 5368710, 10000, true},
	} {
		ps, n, grown := plan(c.size, c.part)
		if ps != c.wantPart || n != c.wantCount || grown != c.grown || n > MaxParts {
			t.Errorf("plan(%d, %d) = %d, %d, %v; want %d, %d, %v", c.size, c.part, ps, n, grown, c.wantPart, c.wantCount, c.grown)
		}
	}
}

// TestSharedCheckpointPath: an explicit CheckpointPath holding another download's record is
// refused and the record kept; at the default path (the same target) another object starts
// afresh.
func TestSharedCheckpointPath(t *testing.T) {
	e := newEnv(t)
	e.put("a", 300*kib, 1)
	b := e.put("b", 300*kib, 2)
	cp := join(e.dir, "shared.dcp")
	o := e.opts("a", join(e.dir, "a"))
	o.Checkpoint, o.CheckpointPath = true, cp
	e.srv.AddFault("op=GetObject,range-start=131072,status=403")
	if _, err := e.download(o); err == nil {
		t.Fatal("no error through the fault")
	}
	e.srv.ClearFaults()
	before, _ := os.ReadFile(cp)
	o2 := e.opts("b", join(e.dir, "b"))
	o2.Checkpoint, o2.CheckpointPath = true, cp
	_, err := e.download(o2)
	var oe *OptionError
	if !errors.As(err, &oe) || oe.Field != "CheckpointPath" {
		t.Fatalf("%v, want an OptionError for CheckpointPath", err)
	}
	if after, _ := os.ReadFile(cp); !bytes.Equal(before, after) {
		t.Fatal("the other download's record was changed")
	}
	// Default path: target a's record, now asked for object b into a.
	o3 := e.opts("a", join(e.dir, "a"))
	o3.Checkpoint = true
	e.srv.AddFault("op=GetObject,range-start=131072,status=403")
	e.download(o3)
	e.srv.ClearFaults()
	o3.Key = "b"
	if _, err := e.download(o3); err != nil {
		t.Fatal(err)
	}
	checkFile(t, join(e.dir, "a"), b)
	if !e.noticed("records a download of test-bucket/a: starting afresh") {
		t.Errorf("no notice: %v", e.notices)
	}
}

// TestServerCRC: with no x-oss-hash-crc64ecma anywhere the file is placed but reported
// unverified, with a notice; a CRC that is not a number is the server's broken answer.
func TestServerCRC(t *testing.T) {
	e := newEnv(t)
	data := e.put("n", 200*kib, 6)
	path := join(e.dir, "n")
	e.srv.AddFault("op=HeadObject|GetObject,no-crc")
	res, err := e.download(e.opts("n", path))
	if err != nil || res.Verified {
		t.Fatalf("no CRC: %v, %+v", err, res)
	}
	checkFile(t, path, data)
	if !e.noticed("not verified") {
		t.Errorf("no notice: %v", e.notices)
	}
	e.srv.ClearFaults()
	e.srv.AddFault("op=HeadObject,garbage-crc")
	_, err = e.download(e.opts("n", join(e.dir, "n2")))
	var oe *oss.Error
	if !errors.As(err, &oe) || oe.Code != "InvalidResponse" {
		t.Fatalf("garbage CRC: %v, want InvalidResponse", err)
	}
}
