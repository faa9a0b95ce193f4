package upload

import (
	"io"
	"os"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
)

// Source is what an upload reads: its bytes, read at offsets by parts in parallel, and an
// identity the checkpoint binds the upload to. Upload opens a local file (Options.FilePath) as
// one; a caller with no file system (the browser's File, see NewBlobSource on js) passes its own
// in Options.Source.
type Source interface {
	io.ReaderAt
	// Name names the source in messages and errors (a path, a file's name).
	Name() string
	// Identify returns the source's identity now. Size and MtimeNs are compared as a local
	// file's are: a size that changed starts afresh, an mtime that changed re-hashes the
	// recorded parts and sends again only those that differ.
	Identify() (checkpoint.FileID, error)
}

// Store keeps an upload's record between runs. *checkpoint.Store (a file with a lock file
// beside it) is the native one; a browser keeps the same record in IndexedDB
// (checkpoint.OpenIDB on js). The engine calls it as it calls a *checkpoint.Store: see there
// for what each method promises.
type Store interface {
	Path() string
	Load() (*checkpoint.Record, error)
	Save(*checkpoint.Record) error
	SaveDeferred(*checkpoint.Record) error
	Append(checkpoint.Part) error
	SyncIfOlder(time.Duration) error
	Remove() error
	Close() error
}

var _ Store = (*checkpoint.Store)(nil)

// fileSource is a local file opened by Upload, with the path it was opened from.
type fileSource struct {
	*os.File
	path string
}

func (s fileSource) Name() string { return s.path }

func (s fileSource) Identify() (checkpoint.FileID, error) { return checkpoint.Identify(s.File, s.path) }

// BodySource tells a transport that can send a source's bytes by itself (the browser's fetch
// sends a Blob slice of the File) which bytes this part's body is: the range the reader hashes
// as the transport drains it. Valid only before the first read.
func (r *partReader) BodySource() (src any, off, n int64) { return r.f, r.start, r.end - r.start }

// open sets j.f: Options.Source, or the local file Options.FilePath, refused unless regular.
func (j *job) open() error {
	if j.o.Source != nil {
		j.f = j.o.Source
		return nil
	}
	f, err := openSource(j.o.FilePath)
	if err != nil {
		return err
	}
	if fi, err := f.Stat(); err != nil {
		f.Close()
		return err
	} else if err := notRegular(j.o.FilePath, fi); err != nil {
		f.Close()
		return err
	}
	j.f = fileSource{File: f, path: j.o.FilePath}
	return nil
}

// readerAtNamed is what a part reader needs of a Source (an *os.File is one).
type readerAtNamed interface {
	io.ReaderAt
	Name() string
}

// CountAtAck makes the part's bytes count toward progress only when the server acknowledges
// the part, for a transport that reads the whole body (to hash it) before it sends any of it:
// the browser's fetch, whose upload progress nothing reports. Call it before the first read.
func (r *partReader) CountAtAck() { r.onRead = nil }
