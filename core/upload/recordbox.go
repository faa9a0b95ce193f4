package upload

import (
	"slices"
	"sync"

	"github.com/ossresume/ossresume/core/checkpoint"
)

// RecordBox shows the upload's record while it runs: the upload id, the plan and each part as
// it finishes, for a caller that hands them to its user as they grow (ali-oss's progress
// callback receives its checkpoint object after every part). The engine writes it; any
// goroutine may Load it.
type RecordBox struct {
	mu    sync.Mutex
	rec   checkpoint.Record // Parts unused: see parts
	parts map[int]checkpoint.Part
	ready bool
}

// NewRecordBox returns an empty box.
func NewRecordBox() *RecordBox { return &RecordBox{} }

// Load returns a copy of the record as it stands, parts ascending by number; ok is false until
// the upload has an id (a resumed record's, or Initiate's answer).
func (b *RecordBox) Load() (rec checkpoint.Record, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.ready {
		return checkpoint.Record{}, false
	}
	rec = b.rec
	rec.Parts = make([]checkpoint.Part, 0, len(b.parts))
	for _, p := range b.parts {
		rec.Parts = append(rec.Parts, p)
	}
	slices.SortFunc(rec.Parts, func(x, y checkpoint.Part) int { return x.Number - y.Number })
	return rec, true
}

// set replaces the box's record with r's (parts included). A nil box ignores it.
func (b *RecordBox) set(r *checkpoint.Record) {
	if b == nil || r == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.rec = *r
	b.rec.Parts = nil
	b.parts = make(map[int]checkpoint.Part, len(r.Parts))
	for _, p := range r.Parts {
		b.parts[p.Number] = p
	}
	b.ready = true
}

// add records a finished part. A nil box ignores it.
func (b *RecordBox) add(p checkpoint.Part) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.parts == nil {
		b.parts = map[int]checkpoint.Part{}
	}
	b.parts[p.Number] = p
}
