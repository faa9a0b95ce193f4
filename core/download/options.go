package download

import (
	"fmt"
	"time"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// Options describes one download. Zero values take the documented defaults.
type Options struct {
	// Bucket, Key: the object to fetch. FilePath: where it goes; an existing file there is
	// replaced, atomically, only once the whole object is verified.
	Bucket, Key, FilePath string

	// Endpoint is recorded in the checkpoint so that a record made against another endpoint
	// is not continued here (compared in normal form, oss.NormalEndpoint). Optional.
	Endpoint string

	// PartSize is the size of each ranged GET in bytes. 0: DefaultPartSize (8 MiB). At least
	// 1; it grows by itself so that an object needs at most MaxParts ranges (the record stays
	// small), and Notify says so. A resumed download keeps the size its record was made with.
	PartSize int64

	// Threads is the number of ranges in flight. 0: DefaultThreads (4). 1..1024.
	Threads int

	// BufferSize is each thread's I/O buffer: a range streams through it from the socket to
	// the file, so memory is Threads × BufferSize whatever the part or object size.
	// 0: DefaultBufferSize (256 KiB). 4 KiB..16 MiB.
	BufferSize int

	// Checkpoint makes the download resumable: ranges go to TempPath (default
	// "<FilePath>.tmp") and are recorded at CheckpointPath (default "<FilePath>.dcp", the C
	// SDK's name) until the file is in place; a later call continues them. Without it the
	// temporary file has a unique name and is removed when the download fails. Setting
	// CheckpointPath or TempPath without Checkpoint is an error, so resume is never silently off.
	Checkpoint     bool
	CheckpointPath string
	TempPath       string

	// Retries is how many times a failed range (or HEAD) is retried when the failure is
	// transient (5xx, 429, a reset or timeout, a body cut short). 0: upload.DefaultRetries (3);
	// negative: none. RetryBase, RetryMax bound the backoff (0: 200 ms and 10 s): the upload
	// engine's policy.
	Retries             int
	RetryBase, RetryMax time.Duration

	// SkipCRCCheck accepts an object whose ranges' combined CRC-64 differs from the server's,
	// with a notice, as the C SDK does with enable_crc = 0. Default false: an InconsistentError,
	// the temporary file and record removed, nothing under the target's name.
	SkipCRCCheck bool

	// Progress, when set, is called with (bytes written, total) from one goroutine, never
	// concurrently, with values that never decrease; the last call is exactly (total, total),
	// made before Download returns and only once the file is in place. Ranges recorded by an
	// earlier run count from the start.
	Progress func(done, total int64)
	// ProgressBox receives the same values for a reader on its own goroutine; Download closes
	// it when it returns. Set Progress or ProgressBox, not both.
	ProgressBox *upload.ProgressBox

	// Notify receives notices ("the object changed on the server: starting afresh", "3 recorded
	// ranges no longer match the temporary file: fetching them again"). Called from the
	// goroutine that called Download.
	Notify func(msg string)

	// explicitCP: CheckpointPath was given, so a record there may be another download's.
	explicitCP bool
}

// Defaults and limits of Options.
const (
	DefaultPartSize   = 8 << 20
	DefaultThreads    = 4
	MaxThreads        = 1024
	DefaultBufferSize = 256 << 10
	MinBufferSize     = 4 << 10
	MaxBufferSize     = 16 << 20
	// MaxParts bounds the ranges of one download (and so its record), as OSS bounds parts.
	MaxParts = 10000
	// MaxRestarts is how many times one call starts afresh after the object changed on the
	// server before it gives up with an ObjectChangedError.
	MaxRestarts = 2
)

// Validate reports what Download would refuse in opts before it touches the disk or the
// network: the bucket name and key (oss.ValidateBucketName, oss.ValidateObjectKey) and the
// options. The error is an *OptionError naming the field.
func Validate(opts Options) error {
	_, err := opts.normalize()
	return err
}

func (o Options) normalize() (Options, error) {
	bad := func(field, format string, args ...any) (Options, error) {
		return o, &OptionError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	if err := oss.ValidateBucketName(o.Bucket); err != nil {
		return bad("Bucket", "%s", reason(err))
	}
	if err := oss.ValidateObjectKey(o.Key); err != nil {
		return bad("Key", "%s", reason(err))
	}
	switch {
	case o.FilePath == "":
		return bad("FilePath", "empty")
	case o.PartSize < 0:
		return bad("PartSize", "%d is negative", o.PartSize)
	case o.Threads < 0 || o.Threads > MaxThreads:
		return bad("Threads", "%d is outside 1..%d", o.Threads, MaxThreads)
	case o.BufferSize != 0 && (o.BufferSize < MinBufferSize || o.BufferSize > MaxBufferSize):
		return bad("BufferSize", "%d is outside %d..%d", o.BufferSize, MinBufferSize, MaxBufferSize)
	case o.CheckpointPath != "" && !o.Checkpoint:
		return bad("CheckpointPath", "set while Checkpoint is false")
	case o.TempPath != "" && !o.Checkpoint:
		return bad("TempPath", "set while Checkpoint is false")
	case o.RetryBase < 0 || o.RetryMax < 0:
		return bad("RetryBase", "negative backoff")
	case o.Progress != nil && o.ProgressBox != nil:
		return bad("Progress", "set Progress or ProgressBox, not both (a box has one reader)")
	}
	if o.Checkpoint {
		o.explicitCP = o.CheckpointPath != ""
		if o.CheckpointPath == "" {
			o.CheckpointPath = o.FilePath + ".dcp"
		}
		if o.TempPath == "" {
			o.TempPath = o.FilePath + ".tmp"
		}
		switch o.FilePath {
		case o.CheckpointPath:
			return bad("CheckpointPath", "is the target file itself")
		case o.TempPath:
			return bad("TempPath", "is the target file itself")
		}
		if o.TempPath == o.CheckpointPath {
			return bad("TempPath", "is the checkpoint file itself")
		}
	}
	if o.PartSize == 0 {
		o.PartSize = DefaultPartSize
	}
	if o.Threads == 0 {
		o.Threads = DefaultThreads
	}
	if o.BufferSize == 0 {
		o.BufferSize = DefaultBufferSize
	}
	switch {
	case o.Retries == 0:
		o.Retries = upload.DefaultRetries
	case o.Retries < 0:
		o.Retries = 0
	}
	if o.RetryBase == 0 {
		o.RetryBase = upload.DefaultRetryBase
	}
	if o.RetryMax == 0 {
		o.RetryMax = upload.DefaultRetryMax
	}
	o.RetryMax = max(o.RetryMax, o.RetryBase)
	o.Endpoint = oss.NormalEndpoint(o.Endpoint)
	if o.Notify == nil {
		o.Notify = func(string) {}
	}
	return o, nil
}

func reason(err error) string {
	if ae, ok := err.(*oss.ArgumentError); ok {
		return ae.Reason
	}
	return err.Error()
}

// plan returns the range size and count for an object of size bytes.
func plan(size, partSize int64) (ps int64, count int, grown bool) {
	ps = partSize
	if size > ps*MaxParts {
		ps, grown = (size+MaxParts-1)/MaxParts, true
	}
	if size == 0 {
		return ps, 0, grown
	}
	return ps, int((size + ps - 1) / ps), grown
}
