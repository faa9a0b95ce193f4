package checkpoint

import (
	"os"
	"sync/atomic"
)

var fsyncs atomic.Uint64

// Fsyncs returns how many fsyncs (of records, their temporary files and their directories) the
// package has issued since the process started. Tests bound it per upload: an fsync is the
// dearest thing on a small file's path (see SaveDeferred), and one re-added there shows.
func Fsyncs() uint64 { return fsyncs.Load() }

func fsyncFile(f *os.File) error {
	fsyncs.Add(1)
	return f.Sync()
}
