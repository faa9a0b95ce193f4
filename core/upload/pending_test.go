package upload

import (
	"bytes"
	"context"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// An Initiate whose answer is lost leaves an upload no record names, as a kill between Initiate
// and the checkpoint's save does. The pending record saved before Initiate lets the next call
// (or, after a retried Initiate, the same call) abort it — and only it: another writer's
// upload with parts, an upload of a longer key, and one initiated well before the record stay.
func TestLostInitiateLeavesNoOpenUpload(t *testing.T) {
	for _, c := range []struct {
		name    string
		retries int // of the first call: -1 fails on the lost answer, 0 retries it
	}{
		{"next call", -1},
		{"retried Initiate", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			var back atomic.Int64 // how far the server's clock is set back
			e := newEnv(t, func(o *ossemu.Options) {
				o.Now = func() time.Time { return time.Now().Add(-time.Duration(back.Load())) }
			})
			ctx := context.Background()
			const key = "pending/obj"
			initiate := func(k string) string {
				out, err := e.api.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: bucket, Key: k})
				if err != nil {
					t.Fatal(err)
				}
				return out.UploadID
			}
			// A server clock 14 minutes behind (OSS refuses 15) and, below, a record 2 minutes
			// late put this upload 16 minutes before the record: outside the window.
			back.Store(int64(14 * time.Minute))
			old := initiate(key)
			back.Store(0)
			longer := initiate(key + "/x")
			busy := initiate(key)
			if _, err := e.api.UploadPart(ctx, &oss.UploadPartInput{Bucket: bucket, Key: key, UploadID: busy,
				PartNumber: 1, Body: bytes.NewReader([]byte("x")), Size: 1}); err != nil {
				t.Fatal(err)
			}
			keep := []string{longer, busy}
			if c.retries < 0 {
				keep = append(keep, old)
			} else {
				e.abortUpload(key, old) // within the window of a record made now
			}

			path, data := e.file("f.bin", 3*part+7)
			o := e.opts(path, key)
			o.Checkpoint = true
			if err := e.srv.AddFault("op=Initiate,when=after,reset-after=0,times=1"); err != nil {
				t.Fatal(err)
			}
			first := o
			first.Retries = c.retries
			_, err := e.upload(first)
			if c.retries < 0 {
				if err == nil {
					t.Fatal("the first call succeeded despite the lost Initiate answer")
				}
				rec, lerr := checkpoint.Load(cpPath(o))
				if lerr != nil || !rec.Pending() || rec.Key != key {
					t.Fatalf("after the lost answer the checkpoint is %+v (%v), want a pending record", rec, lerr)
				}
				if n := len(e.srv.OpenUploads(bucket)); n != len(keep)+1 {
					t.Fatalf("%d open uploads after the lost answer, want %d", n, len(keep)+1)
				}
				rec.Started += int64(2 * time.Minute)
				saveRecord(t, cpPath(o), rec)
				_, err = e.upload(o)
			}
			if err != nil {
				t.Fatal(err)
			}
			e.checkObject(key, data)
			var open []string
			for _, u := range e.srv.OpenUploads(bucket) {
				open = append(open, u.UploadID)
			}
			slices.Sort(open)
			slices.Sort(keep)
			if !slices.Equal(open, keep) {
				t.Errorf("open uploads %v, want exactly %v (the orphan aborted, nothing else)", open, keep)
			}
			if !e.noticed("left open by an interrupted Initiate") {
				t.Errorf("no notice of the aborted orphan: %q", e.notices)
			}
		})
	}
}

func saveRecord(t *testing.T, path string, rec *checkpoint.Record) {
	t.Helper()
	s, err := checkpoint.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Save(rec); err != nil {
		t.Fatal(err)
	}
}

func (e *env) abortUpload(key, id string) {
	e.t.Helper()
	if _, err := e.api.AbortMultipartUpload(context.Background(), &oss.AbortInput{Bucket: bucket, Key: key, UploadID: id}); err != nil {
		e.t.Fatal(err)
	}
}
