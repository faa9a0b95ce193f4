package upload

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
)

// interrupt runs o with a non-retryable fault on part failPart and returns the checkpoint it left.
func (e *env) interrupt(o Options, failPart int) *checkpoint.Record {
	e.t.Helper()
	if err := e.srv.AddFault(fmt.Sprintf("op=UploadPart,part=%d,status=403,code=AccessDenied", failPart)); err != nil {
		e.t.Fatal(err)
	}
	_, err := e.upload(o)
	var oe *oss.Error
	if !errors.As(err, &oe) || oe.Code != "AccessDenied" || oe.RequestID == "" {
		e.t.Fatalf("interrupted upload: err = %v, want the injected AccessDenied with its request id", err)
	}
	e.freshLog()
	rec, err := checkpoint.Load(cpPath(o))
	if err != nil {
		e.t.Fatalf("checkpoint after the failure: %v", err)
	}
	return rec
}

func partNumbers(ps []checkpoint.Part) []int {
	var out []int
	for _, p := range ps {
		out = append(out, p.Number)
	}
	return out
}

func missing(all int, done []int) []int {
	var out []int
	for n := 1; n <= all; n++ {
		if !slices.Contains(done, n) {
			out = append(out, n)
		}
	}
	return out
}

func TestResumeSendsOnlyMissingParts(t *testing.T) {
	const N = 10
	for _, c := range []struct{ threads, failPart int }{{1, 6}, {4, 6}, {1, 1}} {
		t.Run(fmt.Sprintf("%d threads, part %d fails", c.threads, c.failPart), func(t *testing.T) {
			e := newEnv(t)
			path, data := e.file("f", N*part-123)
			o := e.opts(path, "obj")
			o.Checkpoint, o.CheckpointPath, o.Threads = true, path+".cp", c.threads
			rec := e.interrupt(o, c.failPart)
			done := partNumbers(rec.Parts)
			// The record exists from Initiate on, so even a failure of the very first part
			// leaves the upload id to continue.
			if c.threads == 1 && !slices.Equal(done, rangeInts(1, c.failPart-1)) {
				t.Fatalf("with one thread the checkpoint holds parts %v, want 1..%d", done, c.failPart-1)
			}
			if slices.Contains(done, c.failPart) {
				t.Fatalf("checkpoint parts %v include the failed one", done)
			}
			var seen []int64
			o.Progress = func(d, tot int64) { seen = append(seen, d) }
			res, err := e.upload(o)
			if err != nil {
				t.Fatal(err)
			}
			e.checkObject("obj", data)
			if got, want := sorted(e.sentParts()), missing(N, done); !slices.Equal(got, want) {
				t.Fatalf("resume sent parts %v, want %v", got, want)
			}
			if e.ops("InitiateMultipartUpload") != 0 || e.ops("ListParts") != 1 {
				t.Fatal("resume should reuse the upload id after one ListParts")
			}
			var resumed int64
			for _, p := range rec.Parts {
				resumed += p.Size
			}
			if res.BytesResumed != resumed || res.BytesSent != int64(len(data))-resumed || res.UploadID != rec.UploadID {
				t.Fatalf("result %+v, want %d bytes resumed", res, resumed)
			}
			if len(seen) == 0 || seen[0] < resumed || seen[len(seen)-1] != int64(len(data)) {
				t.Fatalf("progress %v: should start at the %d resumed bytes and end at %d", seen, resumed, len(data))
			}
			if exists(cpPath(o)) {
				t.Fatal("checkpoint kept after a verified Complete")
			}
			e.noOpenUploads()
		})
	}
}

// The first real error is returned, not a sibling's cancellation, and other workers stop.
func TestFirstErrorWins(t *testing.T) {
	e := newEnv(t)
	path, _ := e.file("f", 40*part)
	o := e.opts(path, "obj")
	o.Threads = 8
	e.srv.AddFault("op=UploadPart,part=3,status=403,code=AccessDenied")
	e.srv.AddFault("op=UploadPart,delay=50ms")
	_, err := e.upload(o)
	var oe *oss.Error
	if !errors.As(err, &oe) || oe.Code != "AccessDenied" || errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want the AccessDenied", err)
	}
	if n := len(e.sentParts()); n >= 39 {
		t.Fatalf("%d parts were still sent after the failure", n)
	}
	// Without a checkpoint nothing is left billed.
	if e.ops("AbortMultipartUpload") != 1 {
		t.Fatal("the failed upload was not aborted")
	}
	e.noOpenUploads()
}

func TestCancelKeepsCheckpointAndResumes(t *testing.T) {
	const N = 8
	e := newEnv(t)
	path, data := e.file("f", N*part)
	o := e.opts(path, "obj")
	o.Checkpoint, o.Threads = true, 1
	e.srv.AddFault("op=UploadPart,part=4,delay=1s")
	ctx, cancel := context.WithCancel(context.Background())
	var canceledAt time.Time
	go func() {
		for len(e.sentParts()) < 3 {
			time.Sleep(2 * time.Millisecond)
		}
		time.Sleep(50 * time.Millisecond) // part 4 is now in flight, held by the delay
		canceledAt = time.Now()
		cancel()
	}()
	_, err := Upload(ctx, e.api, o)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if el := time.Since(canceledAt); el > time.Second {
		t.Fatalf("Upload returned %v after the cancel", el)
	}
	rec, err := checkpoint.Load(path + ".cp")
	if err != nil || !slices.Equal(partNumbers(rec.Parts), []int{1, 2, 3}) {
		t.Fatalf("checkpoint after cancel: %v, %v", rec, err)
	}
	if e.ops("AbortMultipartUpload") != 0 {
		t.Fatal("a cancelled resumable upload was aborted")
	}
	if got := e.rerun(o, "obj", data); !slices.Equal(got, rangeInts(4, N)) {
		t.Fatalf("resume sent %v, want 4..%d", got, N)
	}
}

func TestTransientFaultsAreRetried(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 30*part)
	o := e.opts(path, "obj")
	o.Checkpoint, o.Retries = true, 8
	e.srv.AddFault("op=UploadPart,p=0.1,seed=7,status=503,code=SlowDown")
	e.srv.AddFault("op=UploadPart,p=0.1,seed=11,reset-after=32KiB")
	res, err := e.upload(o)
	if err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	faults, resets := 0, 0
	for _, r := range e.srv.Requests() {
		if r.Op == "UploadPart" && r.Fault != "" {
			faults++
			if r.Status == 0 {
				resets++
			}
		}
	}
	if faults == 0 || resets == 0 {
		t.Fatalf("%d faults (%d resets) fired; the test needs both kinds", faults, resets)
	}
	if got := sorted(e.sentParts()); !slices.Equal(got, rangeInts(1, 30)) {
		t.Fatalf("acknowledged parts %v, want each of 1..30 once", got)
	}
	if e.ops("UploadPart") != 30+faults || res.BytesSent != int64(len(data)) {
		t.Fatalf("%d UploadPart requests for 30 parts and %d faults", e.ops("UploadPart"), faults)
	}
}

func TestRetriesExhausted(t *testing.T) {
	e := newEnv(t)
	path, _ := e.file("f", 3*part)
	o := e.opts(path, "obj")
	o.Retries = 2
	e.srv.AddFault("op=UploadPart,part=2,status=500")
	_, err := e.upload(o)
	var oe *oss.Error
	if !errors.As(err, &oe) || oe.StatusCode != 500 {
		t.Fatalf("err = %v, want the 500", err)
	}
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Op == "UploadPart" && r.PartNumber == 2 {
			n++
		}
	}
	if n != 3 {
		t.Fatalf("part 2 was tried %d times, want 1 + 2 retries", n)
	}
	e.noOpenUploads()
}

func TestResumeAfterServerLostUpload(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 6*part)
	o := e.opts(path, "obj")
	o.Checkpoint, o.Threads = true, 1
	rec := e.interrupt(o, 4)
	if _, err := e.api.AbortMultipartUpload(context.Background(), &oss.AbortInput{Bucket: bucket, Key: "obj", UploadID: rec.UploadID}); err != nil {
		t.Fatal(err)
	}
	e.srv.ResetLog()
	res, err := e.upload(o)
	if err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	if res.UploadID == rec.UploadID || e.ops("InitiateMultipartUpload") != 1 || !slices.Equal(sorted(e.sentParts()), rangeInts(1, 6)) {
		t.Fatalf("want a fresh upload of all 6 parts; got id %s, parts %v", res.UploadID, e.sentParts())
	}
	if !e.noticed("no longer knows") {
		t.Fatal("no notice about the lost upload id")
	}
}

func TestBadCheckpointStartsAfresh(t *testing.T) {
	cases := []struct {
		name      string
		damage    func(path string, data []byte) []byte
		wantAbort bool
	}{
		{"byte flipped in a part line", func(_ string, d []byte) []byte {
			d[len(d)-10] ^= 1
			return d
		}, true}, // the header is intact, so its upload id is aborted
		{"truncated inside the header", func(_ string, d []byte) []byte { return d[:40] }, false},
		{"empty", func(string, []byte) []byte { return nil }, false},
		{"not a checkpoint", func(string, []byte) []byte { return []byte("hello\n") }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			path, data := e.file("f", 5*part)
			o := e.opts(path, "obj")
			o.Checkpoint, o.Threads = true, 1
			rec := e.interrupt(o, 4)
			cp, _ := os.ReadFile(cpPath(o))
			os.WriteFile(cpPath(o), c.damage(cpPath(o), cp), 0o600)
			res, err := e.upload(o)
			if err != nil {
				t.Fatal(err)
			}
			e.checkObject("obj", data)
			if res.UploadID == rec.UploadID || !slices.Equal(sorted(e.sentParts()), rangeInts(1, 5)) {
				t.Fatalf("want a fresh upload; parts sent %v", e.sentParts())
			}
			if got := e.ops("AbortMultipartUpload") == 1; got != c.wantAbort {
				t.Fatalf("old upload aborted: %v, want %v", got, c.wantAbort)
			}
			if !e.noticed("corrupt") {
				t.Fatal("no notice about the corrupt checkpoint")
			}
		})
	}
}

// The same file to another key leaves the first key's record and upload alone (never aborted,
// never overwritten): the second key's record goes beside it, and the first key resumes after.
func TestForeignCheckpointLeftAlone(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 4*part)
	o := e.opts(path, "other-key")
	o.Checkpoint, o.Threads = true, 1
	rec := e.interrupt(o, 3)
	o2 := o
	o2.Key = "obj" // the same file and default checkpoint, another object
	res, err := e.upload(o2)
	if err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	if res.UploadID == rec.UploadID || e.ops("AbortMultipartUpload") != 0 {
		t.Fatalf("want a fresh upload and the other object's upload left alone (%d aborts)", e.ops("AbortMultipartUpload"))
	}
	if still, err := checkpoint.Load(cpPath(o)); err != nil || still.UploadID != rec.UploadID {
		t.Fatalf("the other key's record: %v, %v", still, err)
	}
	if sent := e.rerun(o, "other-key", data); !slices.Equal(sent, []int{3, 4}) {
		t.Fatalf("the other key's resume sent %v, want [3 4]", sent)
	}
	e.noOpenUploads()
}

func TestResumeAfterFileChanged(t *testing.T) {
	cases := []struct {
		name     string
		change   func(t *testing.T, path string, data []byte) []byte
		wantSent func(done []int) []int // nil: a fresh upload of everything
		sha      bool                   // PartSHA256: the record keeps each part's SHA-256 too
	}{
		{"grown", func(t *testing.T, path string, d []byte) []byte {
			d = append(d, make([]byte, 1000)...)
			os.WriteFile(path, d, 0o644)
			return d
		}, nil, false},
		{"shrunk", func(t *testing.T, path string, d []byte) []byte {
			d = d[:len(d)-1000]
			os.WriteFile(path, d, 0o644)
			return d
		}, nil, false},
		{"one byte of part 2 changed, mtime changed, with SHA-256", func(t *testing.T, path string, d []byte) []byte {
			d[part+77] ^= 0xFF
			os.WriteFile(path, d, 0o644)
			touch(t, path)
			return d
		}, func(done []int) []int { return append([]int{2}, missing(8, done)...) }, true},
		{"one byte of part 3 changed, mtime changed, CRC-64 only (the default)", func(t *testing.T, path string, d []byte) []byte {
			d[2*part+1] ^= 0x01
			os.WriteFile(path, d, 0o644)
			touch(t, path)
			return d
		}, func(done []int) []int { return append([]int{3}, missing(8, done)...) }, false},
		{"only the mtime touched", func(t *testing.T, path string, d []byte) []byte {
			touch(t, path)
			return d
		}, func(done []int) []int { return missing(8, done) }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			path, data := e.file("f", 8*part)
			o := e.opts(path, "obj")
			o.Checkpoint, o.Threads, o.PartSHA256 = true, 1, c.sha
			rec := e.interrupt(o, 5)
			done := partNumbers(rec.Parts)
			data = c.change(t, path, data)
			res, err := e.upload(o)
			if err != nil {
				t.Fatal(err)
			}
			e.checkObject("obj", data)
			n := (len(data) + part - 1) / part
			want := rangeInts(1, n)
			if c.wantSent != nil {
				want = sorted(c.wantSent(done))
			}
			if got := sorted(e.sentParts()); !slices.Equal(got, want) {
				t.Fatalf("sent parts %v, want %v", got, want)
			}
			if fresh := res.UploadID != rec.UploadID; fresh != (c.wantSent == nil) {
				t.Fatalf("fresh upload: %v", fresh)
			}
			e.noOpenUploads() // a fresh start aborted the old upload id
		})
	}
}

func touch(t *testing.T, path string) {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	m := fi.ModTime().Add(3 * time.Second)
	if err := os.Chtimes(path, m, m); err != nil {
		t.Fatal(err)
	}
}

func TestCheckpointInUse(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 3*part)
	o := e.opts(path, "obj")
	o.Checkpoint, o.Threads = true, 1 // part 1 holds the only worker, so the log stays still
	e.srv.AddFault("op=UploadPart,part=1,delay=500ms")
	first := make(chan error, 1)
	go func() { _, err := e.upload(o); first <- err }()
	for !exists(path + ".cp") {
		time.Sleep(time.Millisecond)
	}
	before := len(e.srv.Requests())
	start := time.Now()
	_, err := e.upload(o)
	if !errors.Is(err, checkpoint.ErrInUse) || err.Error() == "" {
		t.Fatalf("second upload: err = %v, want checkpoint.ErrInUse", err)
	}
	if el := time.Since(start); el > 200*time.Millisecond {
		t.Fatalf("the second upload waited %v instead of failing at once", el)
	}
	if len(e.srv.Requests()) != before {
		t.Fatal("the second upload sent requests")
	}
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
}

func cpPath(o Options) string {
	if o.CheckpointPath != "" {
		return o.CheckpointPath
	}
	return o.FilePath + ".cp"
}

// A checkpoint cut inside its last line (a crash mid-append) keeps every whole line: only the
// part whose line was torn is sent again, with the parts never done.
func TestTornCheckpointTailResumes(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 6*part)
	o := e.opts(path, "obj")
	o.Checkpoint, o.Threads = true, 1
	rec := e.interrupt(o, 5) // parts 1..4 recorded
	cp, _ := os.ReadFile(cpPath(o))
	os.WriteFile(cpPath(o), cp[:len(cp)-30], 0o600) // part 4's line loses its end
	res, err := e.upload(o)
	if err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	if got := sorted(e.sentParts()); res.UploadID != rec.UploadID || !slices.Equal(got, []int{4, 5, 6}) {
		t.Fatalf("sent %v under %s; want 4..6 under the recorded upload %s", got, res.UploadID, rec.UploadID)
	}
}

// Other object headers make another object: the record is not continued and its upload aborted.
func TestResumeWithOtherHeadersStartsAfresh(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 4*part)
	o := e.opts(path, "obj")
	o.Checkpoint, o.Threads = true, 1
	o.Header = http.Header{"X-Oss-Meta-V": {"1"}}
	rec := e.interrupt(o, 3)
	o.Header = http.Header{"X-Oss-Meta-V": {"2"}}
	res, err := e.upload(o)
	if err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	if res.UploadID == rec.UploadID || e.ops("AbortMultipartUpload") != 1 || !e.noticed("headers differ") {
		t.Fatal("want a fresh upload and the old one aborted")
	}
	e.noOpenUploads()
}

// What the record keeps per part: CRC-64 only by default, SHA-256 too with PartSHA256. A record
// written with SHA-256 resumes under the default after the file's identity changed: every
// recorded part is re-checked by CRC-64 and by its recorded SHA-256 (a part whose SHA-256 no
// longer matches is sent again though its CRC-64 does), and the parts kept keep their SHA-256.
func TestRecordHashesAndSHA256RecordResumes(t *testing.T) {
	for _, sha := range []bool{false, true} {
		t.Run(fmt.Sprintf("PartSHA256=%v", sha), func(t *testing.T) {
			e := newEnv(t)
			path, _ := e.file("f", 8*part)
			o := e.opts(path, "obj")
			o.Checkpoint, o.Threads, o.PartSHA256 = true, 1, sha
			rec := e.interrupt(o, 5)
			if len(rec.Parts) != 4 {
				t.Fatalf("recorded parts %v, want 1-4", partNumbers(rec.Parts))
			}
			for _, p := range rec.Parts {
				if !p.HasCRC || (p.SHA256 != "") != sha {
					t.Fatalf("part %d recorded with CRC %v, SHA-256 %q; want SHA-256 only with PartSHA256", p.Number, p.HasCRC, p.SHA256)
				}
			}
		})
	}

	e := newEnv(t)
	path, data := e.file("f", 8*part)
	o := e.opts(path, "obj")
	o.Checkpoint, o.Threads, o.PartSHA256 = true, 1, true
	rec := e.interrupt(o, 5)
	// Part 3's recorded SHA-256 no longer matches its bytes (its CRC-64 still does).
	rec.Parts[2].SHA256 = strings.Repeat("0", 64)
	saveRecord(t, cpPath(o), rec)
	touch(t, path)
	o.PartSHA256 = false
	if _, err := e.upload(o); err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	if got := sorted(e.sentParts()); !slices.Equal(got, []int{3, 5, 6, 7, 8}) {
		t.Fatalf("sent parts %v, want [3 5 6 7 8]: parts 1, 2, 4 kept by CRC-64 and SHA-256, 3 by neither", got)
	}
	e.noOpenUploads()
}
