//go:build unix

package upload

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
)

// identify returns the identity path has now.
func identify(t *testing.T, path string) checkpoint.FileID {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	id, err := checkpoint.Identify(f, path)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// tick waits past the coarse clock tick some kernels take file timestamps from, so that the
// next change moves the ctime.
func tick() { time.Sleep(20 * time.Millisecond) }

// rewriteInPlace overwrites path at off with b through the same inode and puts the mtime back,
// as touch -d, os.Chtimes and some sync tools do. It returns an error rather than failing the
// test, for it also runs beside an upload, off the test's goroutine.
func rewriteInPlace(path string, off int64, b []byte) error {
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	tick()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if _, err := f.WriteAt(b, off); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Chtimes(path, fi.ModTime(), fi.ModTime())
}

// chmodLater changes path's mode once the clock has ticked.
func chmodLater(path string) error {
	tick()
	return os.Chmod(path, 0o600)
}

// onlyCtimeMoved fails the test unless was and now differ in the ctime alone, the case the
// ctime is there to catch.
func onlyCtimeMoved(t *testing.T, was, now checkpoint.FileID) {
	t.Helper()
	if now.Size != was.Size || now.MtimeNs != was.MtimeNs || now.Dev != was.Dev || now.Ino != was.Ino {
		t.Fatalf("the change was to keep size, mtime, device and inode: %+v → %+v", was, now)
	}
	if was.CtimeNs == 0 || now.CtimeNs == was.CtimeNs {
		t.Fatalf("ctime %d → %d: not recorded, or not moved by the change", was.CtimeNs, now.CtimeNs)
	}
}

// Between two runs, a recorded part rewritten in place with the mtime put back is sent again,
// alone, and a chmod sends nothing again; both continue the recorded upload.
func TestResumeAfterCtimeOnlyChange(t *testing.T) {
	const N = 8
	cases := []struct {
		name     string
		change   func(path string, data []byte) error
		resent   []int // recorded parts sent again
		noteWant string
	}{
		{"part 2 rewritten in place, mtime put back", func(path string, data []byte) error {
			off := int64(part + 77)
			data[off] ^= 0xA5
			return rewriteInPlace(path, off, data[off:off+1])
		}, []int{2}, "4 finished part(s) re-hashed, 1 changed"},
		{"chmod only", func(path string, _ []byte) error { return chmodLater(path) },
			nil, "4 finished part(s) re-hashed, 0 changed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			path, data := e.file("f", N*part-123)
			o := e.opts(path, "obj")
			o.Checkpoint, o.Threads = true, 1
			rec := e.interrupt(o, 5)
			if got := partNumbers(rec.Parts); !slices.Equal(got, rangeInts(1, 4)) {
				t.Fatalf("checkpoint holds parts %v, want 1..4", got)
			}
			if err := c.change(path, data); err != nil {
				t.Fatal(err)
			}
			onlyCtimeMoved(t, rec.File, identify(t, path))
			res, err := e.upload(o)
			if err != nil {
				t.Fatal(err)
			}
			e.checkObject("obj", data)
			if want := append(c.resent, rangeInts(5, N)...); !slices.Equal(sorted(e.sentParts()), want) {
				t.Fatalf("resume sent parts %v, want %v", sorted(e.sentParts()), want)
			}
			if res.UploadID != rec.UploadID {
				t.Fatal("the recorded upload was not continued")
			}
			if !e.noticed("ctime changed") || !e.noticed(c.noteWant) {
				t.Fatalf("no notice naming the ctime and %q in %q", c.noteWant, e.notices)
			}
		})
	}
}

// During an upload, a part already sent and then rewritten in place with the mtime put back
// must not be completed into the object; nor, since nothing tells the two apart, is a chmod.
// The rerun completes the object from the file as it is, sending again only what changed.
func TestCtimeOnlyChangeDuringUpload(t *testing.T) {
	const N = 4
	cases := []struct {
		name   string
		change func(path string, data []byte) error
		resent []int
	}{
		{"part 1 rewritten in place, mtime put back", func(path string, data []byte) error {
			copy(data[5:], "changed")
			return rewriteInPlace(path, 5, data[5:12])
		}, []int{1}},
		{"chmod only", func(path string, _ []byte) error { return chmodLater(path) }, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			path, data := e.file("f", N*part)
			o := e.opts(path, "obj")
			o.Checkpoint, o.Threads = true, 1
			was := identify(t, path)
			// Part 1 is acknowledged, then part 2 is held long enough for the change to land
			// before the file is checked ahead of Complete.
			if err := e.srv.AddFault("op=UploadPart,part=2,delay=500ms"); err != nil {
				t.Fatal(err)
			}
			changed := make(chan error, 1)
			go func() {
				for len(e.sentParts()) < 1 {
					time.Sleep(time.Millisecond)
				}
				changed <- c.change(path, data)
			}()
			_, err := e.upload(o)
			if cerr := <-changed; cerr != nil {
				t.Fatal(cerr)
			}
			if len(e.sentParts()) != N {
				t.Fatalf("the change landed late: parts %v were acknowledged", e.sentParts())
			}
			onlyCtimeMoved(t, was, identify(t, path))
			var ie *InconsistentError
			if !errors.As(err, &ie) || ie.What != "file" || !strings.Contains(err.Error(), "ctime") {
				t.Fatalf("err = %v, want an *InconsistentError about the file's ctime", err)
			}
			if e.ops("CompleteMultipartUpload") != 0 {
				t.Fatal("Complete was sent for a file whose ctime moved")
			}
			if got := e.rerun(o, "obj", data); !slices.Equal(got, c.resent) {
				t.Fatalf("the rerun sent parts %v, want %v", got, c.resent)
			}
			e.noOpenUploads()
		})
	}
}
