package upload

import (
	"slices"
	"testing"
)

func TestRecordBoxFollowsTheRecord(t *testing.T) {
	const N = 6
	e := newEnv(t)
	path, _ := e.file("f", N*part-5)
	o := e.opts(path, "obj")
	o.Checkpoint = true
	box := NewRecordBox()
	if _, ok := box.Load(); ok {
		t.Fatal("an empty box loads")
	}
	o.RecordBox = box
	rec := e.interrupt(o, 4) // the checkpoint left behind
	got, ok := box.Load()
	if !ok || got.UploadID != rec.UploadID || got.PartCount != N || got.PartSize != part {
		t.Fatalf("box after the failure: ok %v, %s %d parts of %d; checkpoint names %s", ok, got.UploadID, got.PartCount, got.PartSize, rec.UploadID)
	}
	if !slices.Equal(partNumbers(got.Parts), partNumbers(rec.Parts)) {
		t.Fatalf("box parts %v, checkpoint parts %v", partNumbers(got.Parts), partNumbers(rec.Parts))
	}
	box = NewRecordBox()
	o.RecordBox = box
	res, err := e.upload(o)
	if err != nil {
		t.Fatal(err)
	}
	got, _ = box.Load()
	if got.UploadID != res.UploadID || !slices.Equal(partNumbers(got.Parts), rangeInts(1, N)) {
		t.Fatalf("box after the resume: %s parts %v; want %s parts 1..%d", got.UploadID, partNumbers(got.Parts), res.UploadID, N)
	}
	for _, p := range got.Parts {
		if p.ETag == "" || !p.HasCRC {
			t.Fatalf("part %d without ETag or CRC: %+v", p.Number, p)
		}
	}
}
