package upload

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
)

// resume returns the checkpoint's upload reconciled with the server and the local file, saved
// back compacted, or nil when a fresh upload is needed (the old upload id aborted where it may
// still exist).
func (j *job) resume(ctx context.Context, partSize int64) (*checkpoint.Record, error) {
	rec, src, err := j.loadRecord(ctx)
	if err != nil || rec == nil {
		return nil, err
	}
	if rec.Pending() && j.isMine(rec) {
		return nil, j.abortPending(ctx, rec)
	}
	fromUCP := rec.Format == checkpoint.FormatUCP
	if fromUCP {
		j.adoptUCP(rec, src)
	}
	fresh := func(why string, abort bool) (*checkpoint.Record, error) {
		j.o.Notify(fmt.Sprintf("checkpoint %s not continued: %s; starting a new upload", src, why))
		if abort {
			j.abort(ctx, rec.Bucket, rec.Key, rec.UploadID)
		}
		return nil, nil
	}
	if !j.isMine(rec) {
		return nil, j.otherObject(src, rec)
	}
	switch {
	case rec.HeaderDigest != j.digest:
		return fresh("the object's headers differ", true)
	case rec.File.Path != j.id.Path:
		return fresh("it is for the file "+rec.File.Path, true)
	case rec.File.Size != j.id.Size:
		return fresh(fmt.Sprintf("the file's size changed from %d to %d", rec.File.Size, j.id.Size), true)
	case rec.PartCount > 1 && rec.PartSize < j.o.minPartSize:
		return fresh(fmt.Sprintf("its part size %d is below OSS's minimum", rec.PartSize), true)
	case j.o.ContinueUploadID != "" && rec.UploadID != j.o.ContinueUploadID:
		return fresh("the caller asks to continue upload "+j.o.ContinueUploadID, true)
	}
	if j.o.PartSize != 0 && j.o.PartSize != rec.PartSize || j.o.PartSize == 0 && rec.PartSize != partSize {
		j.o.Notify(fmt.Sprintf("resuming with the checkpoint's part size %d", rec.PartSize))
	}
	why := fileChange(rec.File, j.id)
	changed := why != ""

	server, err := j.listParts(ctx, rec)
	var oe *oss.Error
	if errors.As(err, &oe) && oe.Code == "NoSuchUpload" {
		if !j.completedBefore(ctx, rec, changed) {
			return fresh("the server no longer knows upload "+rec.UploadID, false)
		}
		// Kept as it is: Complete meets NoSuchUpload in turn and confirms the object by HEAD.
		server, err = recordedAsListed(rec), nil
	}
	if err != nil {
		return nil, err
	}
	kept, listed := reconcile(rec.Parts, server)
	listedKept := len(kept)
	if kept, err = j.verifyLocal(ctx, kept, listed, changed); err != nil {
		return nil, err
	}
	if fromUCP {
		// The C SDK records a part only after it finished: the last few may be on the server
		// and missing from its record. Kept when their content proves them, else sent again.
		extra, err := j.adoptListed(ctx, rec, kept, server)
		if err != nil {
			return nil, err
		}
		kept = append(kept, extra...)
		slices.SortFunc(kept, func(a, b checkpoint.Part) int { return a.Number - b.Number })
	}
	if changed {
		j.o.Notify(fmt.Sprintf("the file was modified since the checkpoint (%s): %d finished part(s) re-hashed, %d changed and will be sent again",
			why, listedKept, listedKept-len(kept)))
	}
	rec.Parts, rec.File, rec.Format, rec.TornTail = kept, j.id, checkpoint.FormatNative, false
	if err := j.store.Save(rec); err != nil {
		return nil, err
	}
	for _, p := range kept {
		j.resumed += p.Size
	}
	j.prog.resume(j.resumed)
	j.o.Notify(fmt.Sprintf("resuming upload %s: %d of %d parts already done", rec.UploadID, len(kept), rec.PartCount))
	return rec, nil
}

// otherObject refuses a record of another object at a checkpoint path given explicitly: its
// progress is never aborted, continued or overwritten from here.
func (j *job) otherObject(src string, rec *checkpoint.Record) error {
	return &fs.PathError{Op: "use checkpoint", Path: src, Err: fmt.Errorf(
		"it holds the upload of %s/%s at %q, not of %s/%s: refused, since replacing it would lose that upload's progress; remove it or choose another checkpoint path",
		rec.Bucket, rec.Key, oss.NormalEndpoint(rec.Endpoint), j.o.Bucket, j.o.Key)}
}

// fileChange names what tells the file now from the one recorded, "" when nothing does. Each
// identity field is compared only when the record knows it (UCP imports and older records know
// neither device, inode nor ctime). The ctime moves on any write or utimes and cannot be set
// back, so it catches a file rewritten in place whose mtime was restored (touch -d, os.Chtimes,
// sync tools); a chmod or chown moves it too, which costs a re-hash and re-sends nothing.
func fileChange(rec, now checkpoint.FileID) string {
	switch {
	case rec.MtimeNs != now.MtimeNs:
		return "mtime changed"
	case rec.Ino != 0 && (rec.Ino != now.Ino || rec.Dev != now.Dev):
		return "device or inode changed"
	case rec.CtimeNs != 0 && now.CtimeNs != 0 && rec.CtimeNs != now.CtimeNs:
		return "ctime changed, mtime as recorded: written in place with the mtime put back, or its mode or owner changed"
	}
	return ""
}

// completedBefore reports whether an upload whose id the server no longer knows was in fact
// completed: every part recorded, the file unchanged, and the object's size and CRC-64 those the
// parts combine to. A process killed while Complete was under way leaves just that, and the
// reliability campaign found each such rerun sending the whole file again.
func (j *job) completedBefore(ctx context.Context, rec *checkpoint.Record, changed bool) bool {
	if changed || len(rec.Parts) != rec.PartCount || rec.PartCount == 0 {
		return false
	}
	var crc uint64
	for _, p := range rec.Parts {
		if !p.HasCRC {
			return false
		}
		crc = crc64.Combine(crc, p.CRC64, p.Size)
	}
	var h *oss.HeadObjectOutput
	err := j.retry.do(ctx, func() (err error) {
		h, err = j.api.HeadObject(ctx, &oss.HeadObjectInput{Bucket: rec.Bucket, Key: rec.Key})
		return err
	})
	return err == nil && h.Size == rec.File.Size && h.HasCRC64 && h.CRC64 == crc
}

// recordedAsListed presents the record's parts as a listing, for a record kept by
// completedBefore.
func recordedAsListed(rec *checkpoint.Record) []oss.Part {
	parts := make([]oss.Part, len(rec.Parts))
	for i, p := range rec.Parts {
		parts[i] = oss.Part{PartNumber: p.Number, ETag: p.ETag, Size: p.Size, CRC64: p.CRC64, HasCRC64: p.HasCRC}
	}
	return parts
}

// loadRecord reads the native checkpoint or, when there is none, the C SDK's "<file>.ucp". A
// corrupt record yields nil after aborting the upload id its intact header names, if any.
func (j *job) loadRecord(ctx context.Context) (*checkpoint.Record, string, error) {
	src := j.store.Path()
	rec, err := j.store.Load()
	if errors.Is(err, fs.ErrNotExist) && j.o.OpenStore != nil {
		return nil, "", nil // a C SDK .ucp lies only beside a file
	}
	if errors.Is(err, fs.ErrNotExist) {
		src = j.o.FilePath + ".ucp"
		if src == j.store.Path() {
			return nil, "", nil
		}
		rec, err = checkpoint.Load(src)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, "", nil
		}
		if err == nil && rec.Format != checkpoint.FormatUCP {
			j.o.Notify(src + " is not a C SDK checkpoint; ignored")
			return nil, "", nil
		}
	}
	var ce *checkpoint.CorruptError
	if errors.As(err, &ce) {
		j.o.Notify(fmt.Sprintf("%v; starting a new upload", err))
		switch h := ce.Header; {
		case h != nil && h.Pending() && j.isMine(h):
			return nil, "", j.abortPending(ctx, h)
		case h != nil && j.isMine(h):
			j.abort(ctx, h.Bucket, h.Key, h.UploadID)
		}
		return nil, "", nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("upload: reading checkpoint: %w", err)
	}
	return rec, src, nil
}

// adoptUCP binds a C SDK record to this call: the SDK records neither object nor headers, and
// identifies the file by size and mtime in µs only, so those are what is compared.
func (j *job) adoptUCP(rec *checkpoint.Record, src string) {
	rec.Endpoint, rec.Bucket, rec.Key, rec.HeaderDigest = j.o.Endpoint, j.o.Bucket, j.o.Key, j.digest
	rec.File.Path, rec.File.Dev, rec.File.Ino = j.id.Path, 0, 0
	if rec.File.MtimeNs/1000 == j.id.MtimeNs/1000 {
		rec.File.MtimeNs = j.id.MtimeNs
	}
	if src != j.store.Path() {
		j.ucpPath = src
	}
}

func (j *job) listParts(ctx context.Context, rec *checkpoint.Record) ([]oss.Part, error) {
	var out *oss.ListPartsOutput
	err := j.retry.do(ctx, func() (err error) {
		out, err = j.api.ListParts(ctx, &oss.ListPartsInput{Bucket: rec.Bucket, Key: rec.Key, UploadID: rec.UploadID})
		return err
	})
	if err != nil {
		return nil, err
	}
	return out.Parts, nil
}

// reconcile keeps the recorded parts the server lists with the same size and ETag (and CRC-64,
// when both sides know it), and returns the server's entry for each kept part. Parts only the
// server has are not trusted: they are sent again, which overwrites them.
func reconcile(local []checkpoint.Part, server []oss.Part) ([]checkpoint.Part, map[int]oss.Part) {
	byNum := make(map[int]oss.Part, len(server))
	for _, s := range server {
		byNum[s.PartNumber] = s
	}
	var kept []checkpoint.Part
	listed := make(map[int]oss.Part)
	for _, p := range local {
		s, ok := byNum[p.Number]
		if !ok || s.Size != p.Size || !sameETag(s.ETag, p.ETag) || p.HasCRC && s.HasCRC64 && s.CRC64 != p.CRC64 {
			continue
		}
		kept = append(kept, p)
		listed[p.Number] = s
	}
	return kept, listed
}

func sameETag(a, b string) bool {
	return strings.EqualFold(strings.Trim(a, `"`), strings.Trim(b, `"`))
}

// verifyLocal re-reads the parts whose local bytes are in doubt — all of them when the file
// changed (see fileChange), and those imported without a CRC — and keeps the ones whose hashes
// still match (CRC-64, and SHA-256 too when the record has one; for imported parts the server's
// CRC-64). Without SHA-256 the re-hash runs at CRC-64's speed; with it the rehasher reads the
// parts two at a time, to pair their SHA-256 through sha256x2.
func (j *job) verifyLocal(ctx context.Context, parts []checkpoint.Part, listed map[int]oss.Part, changed bool) ([]checkpoint.Part, error) {
	var kept []checkpoint.Part
	doubt := func(p checkpoint.Part) bool { return changed || !p.HasCRC }
	rh := j.newRehasher(parts, doubt)
	defer rh.release()
	for i, p := range parts {
		if !doubt(p) {
			kept = append(kept, p)
			continue
		}
		crc, sum, err := rh.hash(ctx, i)
		if err != nil {
			return nil, err
		}
		var ok bool
		switch s := listed[p.Number]; {
		case p.HasCRC:
			ok = crc == p.CRC64 && (p.SHA256 == "" || sum == p.SHA256)
		case s.HasCRC64:
			ok = crc == s.CRC64
		default:
			ok = !changed // what the C SDK would trust: same size and mtime
		}
		if !ok {
			continue
		}
		p.CRC64, p.HasCRC = crc, true
		if j.o.partSHA() {
			p.SHA256 = sum
		}
		kept = append(kept, p)
	}
	return kept, nil
}

// reconcileWithServer drops the recorded parts the server does not hold as recorded, so they
// are sent again.
func (j *job) reconcileWithServer(ctx context.Context) error {
	server, err := j.listParts(ctx, j.rec)
	if err != nil {
		return err
	}
	j.mu.Lock()
	j.rec.Parts, _ = reconcile(j.rec.Parts, server)
	j.o.RecordBox.set(j.rec)
	j.mu.Unlock()
	if j.store != nil {
		return j.store.Save(j.rec)
	}
	return nil
}

func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}
