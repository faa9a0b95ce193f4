package upload

import (
	"errors"
	"os"
	"testing"
	"time"
)

// The bytes a part's CRC-64 covers are the bytes sent: the reader hashes the buffer it hands to
// the connection (issue 15 measured sendfile and mmap against this pread and kept pread), so a
// file written while one of its parts is on the wire cannot make the part's CRC and the
// server's disagree — the server's answer matches, the part is sent once — and what catches the
// change is the file's identity (size, mtime, ctime) checked before Complete: the object is
// never completed from a mixture. Were the CRC taken from other bytes than those sent (a
// sendfile of the range after hashing it), the server's CRC answer would differ and the part
// would be retried as a mismatch; this test would then see part 2 sent more than once.
func TestFileWrittenWhilePartOnTheWire(t *testing.T) {
	e := newEnv(t)
	path, _ := e.file("f", 3*part)
	o := e.opts(path, "obj")
	o.Checkpoint, o.Threads = true, 1
	// Part 2's body crawls (100 KiB at 200 KB/s), so the write below lands while it is sent.
	e.srv.AddFault("op=UploadPart,part=2,bandwidth=200000")
	go func() {
		for len(e.sentParts()) < 1 {
			time.Sleep(time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond)
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			t.Error(err)
			return
		}
		f.WriteAt([]byte("changed while on the wire"), part+part/2) // inside part 2
		f.Close()
	}()
	_, err := e.upload(o)
	var ie *InconsistentError
	if !errors.As(err, &ie) || ie.What != "file" {
		t.Fatalf("err = %v, want an *InconsistentError about the file", err)
	}
	sent := 0
	for _, r := range e.srv.Requests() {
		if r.Op == "UploadPart" && r.PartNumber == 2 {
			sent++
		}
	}
	if sent != 1 {
		t.Fatalf("part 2 sent %d times, want once: its CRC-64 must be of the bytes sent", sent)
	}
	if e.ops("CompleteMultipartUpload") != 0 {
		t.Fatal("Complete was sent for a file written during the upload")
	}
}
