package download

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/crc64"
)

// resume continues the record in the store when it is this object's, into this temporary
// file, and the object on the server is still the one it recorded. It reports false (with a
// notice) when the download must start afresh; an error only for a record it must not touch
// (another user's) or a temporary file it cannot use.
func (j *job) resume(obj checkpoint.ObjectID) (bool, error) {
	rec, err := j.store.LoadDownload()
	var ce *checkpoint.CorruptError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	case errors.As(err, &ce):
		if up, uerr := checkpoint.Load(j.store.Path()); uerr == nil && up != nil {
			// An upload's record at this path (the same name given to both, say): starting
			// afresh would overwrite it and lose that upload's resume.
			return false, &OptionError{Field: "CheckpointPath", Reason: j.store.Path() + " holds an upload's checkpoint (" +
				up.Bucket + "/" + up.Key + "); refusing to overwrite it"}
		}
		j.o.Notify(ce.Error() + ": starting afresh")
		return false, nil
	case err != nil:
		return false, err
	}
	tempAbs, err := filepath.Abs(j.o.TempPath)
	if err != nil {
		return false, err
	}
	other := rec.Endpoint != j.o.Endpoint || rec.Bucket != j.o.Bucket || rec.Key != j.o.Key || rec.TempPath != tempAbs
	if other && j.o.explicitCP {
		// A path given explicitly may be shared by mistake: the record there is another
		// download's, which starting afresh would destroy.
		return false, &OptionError{Field: "CheckpointPath", Reason: fmt.Sprintf(
			"%s holds the record of another download (%s/%s into %s); refusing to overwrite it", j.store.Path(), rec.Bucket, rec.Key, rec.TempPath)}
	}
	switch {
	case rec.Endpoint != j.o.Endpoint || rec.Bucket != j.o.Bucket || rec.Key != j.o.Key:
		j.o.Notify(fmt.Sprintf("checkpoint %s records a download of %s/%s: starting afresh", j.store.Path(), rec.Bucket, rec.Key))
		return false, nil
	case rec.TempPath != tempAbs:
		j.o.Notify(fmt.Sprintf("checkpoint %s records the temporary file %s, not %s: starting afresh", j.store.Path(), rec.TempPath, tempAbs))
		return false, nil
	case rec.Object != obj:
		j.o.Notify(fmt.Sprintf("the object changed on the server since the download began (ETag %s, now %s; size %d, now %d): starting afresh",
			rec.Object.ETag, obj.ETag, rec.Object.Size, obj.Size))
		return false, nil
	}
	f, err := os.OpenFile(j.o.TempPath, os.O_RDWR, 0)
	if errors.Is(err, fs.ErrNotExist) {
		j.o.Notify("the temporary file " + j.o.TempPath + " is gone: starting afresh")
		return false, nil
	}
	if err != nil {
		return false, &TargetError{Path: j.o.TempPath, Reason: "cannot open the temporary file", Err: unwrapPath(err)}
	}
	id, err := checkpoint.Identify(f, j.o.TempPath)
	if err != nil {
		f.Close()
		return false, err
	}
	trusted := rec.Seal != nil && sameFile(*rec.Seal, id)
	if !trusted {
		kept, err := j.recheck(f, rec)
		if err != nil {
			f.Close()
			return false, err
		}
		if dropped := len(rec.Ranges) - len(kept); dropped > 0 {
			j.o.Notify(fmt.Sprintf("%d of %d recorded ranges no longer match the temporary file: fetching them again", dropped, len(rec.Ranges)))
		}
		rec.Ranges = kept
	}
	if id.Size != obj.Size {
		if err := reserve(f, obj.Size); err != nil {
			f.Close()
			return false, err
		}
	}
	rec.Seal = nil
	if err := j.store.SaveDownload(rec); err != nil {
		f.Close()
		return false, err
	}
	j.rec, j.temp = rec, f
	for _, r := range rec.Ranges {
		j.acked += r.Size
	}
	j.res.Resumed = j.acked
	return true, nil
}

// sameFile compares what a write to the file would change.
func sameFile(a, b checkpoint.FileID) bool {
	return a.Size == b.Size && a.MtimeNs == b.MtimeNs && a.CtimeNs == b.CtimeNs && a.Dev == b.Dev && a.Ino == b.Ino
}

// recheck reads every recorded range back and keeps those whose CRC-64 still matches.
func (j *job) recheck(f *os.File, rec *checkpoint.DownloadRecord) ([]checkpoint.Range, error) {
	buf := make([]byte, j.o.BufferSize)
	var kept []checkpoint.Range
	for _, r := range rec.Ranges {
		crc, err := crcOf(f, r.Offset, r.Size, buf)
		if err != nil {
			return nil, &TargetError{Path: f.Name(), Reason: "cannot read the temporary file back", Err: unwrapPath(err)}
		}
		if crc == r.CRC64 {
			kept = append(kept, r)
		}
	}
	return kept, nil
}

// crcOf returns the CRC-64 of size bytes of f at off; bytes past the end count as missing,
// so a file cut short fails the comparison rather than the call.
func crcOf(f *os.File, off, size int64, buf []byte) (uint64, error) {
	var crc uint64
	r := io.NewSectionReader(f, off, size)
	for {
		n, err := r.Read(buf)
		crc = crc64.Update(crc, buf[:n])
		if err == io.EOF {
			return crc, nil
		}
		if err != nil {
			return 0, err
		}
	}
}
