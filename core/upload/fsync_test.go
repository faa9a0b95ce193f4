package upload

import (
	"fmt"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
)

// A small file uploaded resumably (checkpoint on, one part, multipart as the many-files bench
// runs it) costs no fsync when its upload lasts less than checkpoint.SyncDelay: its records are
// written by rename (safe against a killed process) and their fsyncs deferred, and Remove does
// not fsync. A slower call (a loaded machine) may sync once the delay passed: at most the
// record, its directory and its lines. An fsync put back on the path fails the fast calls.
func TestSmallFileFsyncs(t *testing.T) {
	e := newEnv(t)
	const files = 20
	fast := 0
	for i := range files {
		path, data := e.file(fmt.Sprintf("small%d", i), part+part/2) // two parts
		o := e.opts(path, fmt.Sprintf("many/%d", i))
		o.PartSize, o.Checkpoint = 2*part, true // one part
		before := checkpoint.Fsyncs()
		start := time.Now()
		res, err := e.upload(o)
		took := time.Since(start)
		n := checkpoint.Fsyncs() - before
		if err != nil {
			t.Fatal(err)
		}
		if res.Parts != 1 {
			t.Fatalf("%d parts, want 1 (multipart with a checkpoint)", res.Parts)
		}
		e.checkObject(o.Key, data)
		if exists(path + ".cp") {
			t.Fatal("checkpoint left behind after success")
		}
		switch {
		case took < checkpoint.SyncDelay && n != 0:
			t.Errorf("file %d: %d fsyncs in a %v upload, want 0", i, n, took)
		case took >= checkpoint.SyncDelay && n > 3:
			t.Errorf("file %d: %d fsyncs in a %v upload, want at most 3", i, n, took)
		}
		if took < checkpoint.SyncDelay {
			fast++
		}
	}
	if fast < files/2 {
		t.Fatalf("only %d of %d uploads took less than %v: the machine is too slow for this test to say anything", fast, files, checkpoint.SyncDelay)
	}
	if e.ops("InitiateMultipartUpload") != files {
		t.Fatalf("%d Initiates, want %d", e.ops("InitiateMultipartUpload"), files)
	}
}
