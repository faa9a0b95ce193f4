package upload

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/ossresume/ossresume/core/checkpoint"
)

// wholeWithoutRecord reports whether this upload is one PutObject (see putWhole) with no record
// on disk to settle. Then no checkpoint store is opened at all: no lock file created, no record
// written or removed, since one request has nothing to resume (a failure resends it whole). In
// a loop over many small files that spares each a lock file's creation and removal, which under
// such churn is much of the per-file cost of the file system. A record at the checkpoint's
// path, or at this object's own path beside it (checkpoint.OpenObject), may be an earlier,
// larger version's upload: then the store is opened as before and putWhole settles it. A
// store opened by Options.OpenStore cannot be probed, so it is always opened.
func (j *job) wholeWithoutRecord() bool {
	if !j.goesWhole() || j.o.OpenStore != nil || j.o.CheckpointPath == "" {
		return false
	}
	paths := []string{j.o.CheckpointPath}
	if j.o.perObject {
		paths = append(paths, checkpoint.ObjectPath(j.o.CheckpointPath, j.objectID()))
	}
	for _, p := range paths {
		if _, err := os.Lstat(p); !errors.Is(err, fs.ErrNotExist) {
			return false // a record, or something that cannot be told apart from one
		}
	}
	// A checkpoint directory that is not there is the caller's mistake whatever the file's
	// size: opening the store names it, before any request, as for a larger file.
	fi, err := os.Stat(filepath.Dir(j.o.CheckpointPath))
	return err == nil && fi.IsDir()
}

// goesWhole reports whether the file goes as one PutObject: it is empty, or smaller than
// PutThreshold. A file with a checkpoint and a C SDK .ucp beside it is the exception: the
// official SDK's upload (every file is multipart there) is continued, as a .ucp always is.
func (j *job) goesWhole() bool {
	if j.id.Size != 0 && j.id.Size >= j.o.PutThreshold {
		return false
	}
	if j.id.Size > 0 && j.o.Checkpoint && j.o.OpenStore == nil {
		if _, err := os.Lstat(j.o.FilePath + ".ucp"); err == nil {
			return false
		}
	}
	return true
}
