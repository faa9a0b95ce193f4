package download

import (
	"errors"
	"io"
	"os"
	"slices"
	"syscall"
	"testing"
)

// TestTempAndRecordTampered: between a run that stopped with ranges 1-10 of 16 recorded (sealed)
// and the next, the temporary file or the record is changed in the ways a disk, a user or a
// cleanup tool changes them. The rerun keeps exactly the recorded ranges whose bytes are still
// right (re-checked by CRC-64 once the seal no longer matches), fetches the rest, and ends with
// the object's bytes; what it cannot use it names, without writing under the target's name.
func TestTempAndRecordTampered(t *testing.T) {
	const size = 16 * 64 * kib
	all := func(from, to int) []int64 { // start offsets of ranges from..to (1-based)
		var out []int64
		for n := from; n <= to; n++ {
			out = append(out, int64(n-1)*64*kib)
		}
		return out
	}
	cases := []struct {
		name    string
		tamper  func(t *testing.T, tmp, record string)
		refetch []int64 // ranges the rerun fetches
		notice  string  // a notice the rerun gives
		errno   syscall.Errno
	}{
		{"cut short inside range 6", func(t *testing.T, tmp, _ string) {
			must(t, os.Truncate(tmp, 5*64*kib+100))
		}, all(6, 16), "5 of 10 recorded ranges no longer match", 0},
		{"grown by garbage", func(t *testing.T, tmp, _ string) {
			f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_APPEND, 0)
			must(t, err)
			f.Write(make([]byte, 1000))
			f.Close()
		}, all(11, 16), "", 0},
		{"replaced by a copy (another inode)", func(t *testing.T, tmp, _ string) {
			copyFile(t, tmp, tmp+".copy")
			must(t, os.Rename(tmp+".copy", tmp))
		}, all(11, 16), "", 0},
		{"replaced by a copy with range 2 zeroed", func(t *testing.T, tmp, _ string) {
			copyFile(t, tmp, tmp+".copy")
			f, err := os.OpenFile(tmp+".copy", os.O_WRONLY, 0)
			must(t, err)
			f.WriteAt(make([]byte, 64*kib), 64*kib)
			f.Close()
			must(t, os.Rename(tmp+".copy", tmp))
		}, append([]int64{64 * kib}, all(11, 16)...), "1 of 10 recorded ranges no longer match", 0},
		{"deleted", func(t *testing.T, tmp, _ string) {
			must(t, os.Remove(tmp))
		}, all(1, 16), "is gone: starting afresh", 0},
		{"record corrupted", func(t *testing.T, _, record string) {
			f, err := os.OpenFile(record, os.O_RDWR, 0)
			must(t, err)
			f.WriteAt([]byte("#garbage#"), 40)
			f.Close()
		}, all(1, 16), "starting afresh", 0},
		{"record deleted", func(t *testing.T, _, record string) {
			must(t, os.Remove(record))
		}, all(1, 16), "", 0},
		{"a directory in its place", func(t *testing.T, tmp, _ string) {
			must(t, os.Remove(tmp))
			must(t, os.Mkdir(tmp, 0o755))
		}, nil, "", syscall.EISDIR},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			data := e.put("t", size, 7)
			path := join(e.dir, "t")
			os.WriteFile(path, []byte("the old file"), 0o644)
			o := e.opts("t", path)
			o.Checkpoint, o.Threads = true, 1
			e.srv.AddFault("op=GetObject,range-start=655360,status=403,code=AccessDenied") // range 11
			if _, err := e.download(o); err == nil {
				t.Fatal("no error with range 11 refused")
			}
			c.tamper(t, path+".tmp", path+".dcp")
			e.freshLog()
			_, err := e.download(o)
			if c.errno != 0 {
				var te *TargetError
				if !errors.As(err, &te) || !errors.Is(err, c.errno) {
					t.Fatalf("%v, want a TargetError with %v", err, c.errno)
				}
				if b, _ := os.ReadFile(path); string(b) != "the old file" {
					t.Fatalf("the target was touched: %q", b)
				}
				if n := len(e.rangeStarts()); n != 0 {
					t.Errorf("%d ranges fetched into a temporary file it cannot use", n)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			checkFile(t, path, data)
			if got := e.rangeStarts(); !slices.Equal(got, c.refetch) {
				t.Errorf("rerun fetched %v, want %v", got, c.refetch)
			}
			if c.notice != "" && !e.noticed(c.notice) {
				t.Errorf("no notice %q: %v", c.notice, e.notices)
			}
			if left := leftovers(t, e.dir, "t", "t.dcp.lock"); len(left) != 0 {
				t.Errorf("left behind %v", left)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	must(t, err)
	defer in.Close()
	out, err := os.Create(to)
	must(t, err)
	_, err = io.Copy(out, in)
	must(t, err)
	must(t, out.Close())
}
