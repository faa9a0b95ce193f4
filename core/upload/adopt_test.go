package upload

import (
	"os"
	"slices"
	"testing"

	"github.com/ossresume/ossresume/core/checkpoint"
)

// An official .ucp lacks the parts that finished after the SDK last wrote it: the server's
// listing has them, their MD5 (ETag) and CRC-64 match the file, so they are kept, not sent again;
// a listed part whose content differs from the file is sent again.
func TestUCPAdoptsProvenListedParts(t *testing.T) {
	for _, tamper := range []bool{false, true} {
		e := newEnv(t)
		path, data := e.file("f", 6*part)
		o := e.opts(path, "obj")
		o.Checkpoint, o.Threads = true, 1
		rec := e.interrupt(o, 5) // parts 1..4 on the server
		// The C SDK's record knows only parts 1 and 2.
		rec.Parts = rec.Parts[:2]
		if err := os.WriteFile(path+".ucp", checkpoint.EncodeUCP(rec), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Remove(path + ".cp")
		want := []int{5, 6}
		if tamper {
			// Part 4's bytes on disk no longer match what the server holds.
			f, _ := os.OpenFile(path, os.O_WRONLY, 0)
			f.WriteAt([]byte("changed"), 3*part+10)
			f.Close()
			copy(data[3*part+10:], "changed")
			want = []int{4, 5, 6}
		}
		res, err := e.upload(o)
		if err != nil {
			t.Fatal(err)
		}
		e.checkObject("obj", data)
		if got := sorted(e.sentParts()); !slices.Equal(got, want) || res.UploadID != rec.UploadID {
			t.Fatalf("tamper %v: sent %v under %s, want %v under the C SDK's upload %s", tamper, got, res.UploadID, want, rec.UploadID)
		}
	}
}
