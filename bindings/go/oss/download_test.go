package oss_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ossresume/ossresume/bindings/go/oss"
)

type eventLog struct{ events []oss.ProgressEvent }

func (l *eventLog) ProgressChanged(e *oss.ProgressEvent) { l.events = append(l.events, *e) }

// TestDownloadFile: v1's call shape downloads an object UploadFile made, byte-identical; with
// Checkpoint a refused range fails the call (ServiceError, nothing under the file's name) and
// the rerun fetches only the missing ranges; progress events run Started .. Completed at the
// total; CheckpointDir names the record as v1 does; bad input is a ClientError.
func TestDownloadFile(t *testing.T) {
	e := newEnv(t)
	b := e.bucket()
	src, data := e.file("src.bin", 10*part+77)
	if err := b.UploadFile("dl/obj", src, part, oss.Routines(3)); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(e.dir, "out.bin")
	if err := e.srv.AddFault("op=GetObject,range-start=614400,status=403,code=AccessDenied,times=1"); err != nil {
		t.Fatal(err)
	}
	err := b.DownloadFile("dl/obj", out, part, oss.Routines(1), oss.Checkpoint(true, ""))
	var se oss.ServiceError
	if !errors.As(err, &se) || se.StatusCode != 403 || se.Code != "AccessDenied" {
		t.Fatalf("first DownloadFile: %v, want the injected 403 as a ServiceError", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a failed DownloadFile left %s", out)
	}
	e.srv.ResetLog()
	var l eventLog
	if err := b.DownloadFile("dl/obj", out, part, oss.Routines(3), oss.Checkpoint(true, ""), oss.Progress(&l)); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(out)
	if !bytes.Equal(got, data) {
		t.Fatalf("downloaded %d bytes, want %d identical", len(got), len(data))
	}
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Op == "GetObject" && r.Status == 206 {
			n++
		}
	}
	if n != 5 { // ranges 7..11
		t.Errorf("the resumed DownloadFile fetched %d ranges, want 5", n)
	}
	first, last := l.events[0], l.events[len(l.events)-1]
	if first.EventType != oss.TransferStartedEvent || first.ConsumedBytes != 6*part ||
		last.EventType != oss.TransferCompletedEvent || last.ConsumedBytes != int64(len(data)) || last.TotalBytes != int64(len(data)) {
		t.Errorf("events %+v .. %+v", first, last)
	}
	for _, name := range []string{"out.bin.dcp", "out.bin.tmp"} {
		if _, err := os.Stat(filepath.Join(e.dir, name)); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left after success", name)
		}
	}

	// CheckpointDir: a refused range leaves the record under v1's name for downloads.
	cpDir := t.TempDir()
	out2 := filepath.Join(e.dir, "out2.bin")
	e.srv.AddFault("op=GetObject,range-start=0,status=403,times=1")
	if err := b.DownloadFile("dl/obj", out2, part, oss.CheckpointDir(true, cpDir)); err == nil {
		t.Fatal("no error through the fault")
	}
	abs, _ := filepath.Abs(out2)
	want := md5hex("oss://"+testBucket+"/dl/obj") + "-" + md5hex(abs) + ".cp"
	if _, err := os.Stat(filepath.Join(cpDir, want)); err != nil {
		ents, _ := os.ReadDir(cpDir)
		t.Errorf("no record %s in CheckpointDir: %v", want, ents)
	}
	if err := b.DownloadFile("dl/obj", out2, part, oss.CheckpointDir(true, cpDir)); err != nil {
		t.Fatal(err)
	}

	for _, c := range []struct {
		key, path string
		part      int64
	}{{"dl/obj", "", part}, {"", out, part}, {"dl/obj", out, -1}, {"dl/obj", e.dir, part}} {
		var ce oss.ClientError
		if err := b.DownloadFile(c.key, c.path, c.part); !errors.As(err, &ce) {
			t.Errorf("DownloadFile(%q, %q, %d): %v, want a ClientError", c.key, c.path, c.part, err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := b.DownloadFile("dl/obj", filepath.Join(e.dir, "c.bin"), part, oss.WithContext(ctx)); err == nil {
		t.Error("a cancelled context downloaded")
	}
}

func md5hex(s string) string { h := md5.Sum([]byte(s)); return hex.EncodeToString(h[:]) }
