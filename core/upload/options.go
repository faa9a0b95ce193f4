package upload

import (
	"fmt"
	"net/http"
	"time"

	"github.com/ossresume/ossresume/core/oss"
)

// Options describes one upload. Zero values take the documented defaults.
type Options struct {
	// Bucket, Key: the object to create. FilePath: the local file to read.
	Bucket, Key, FilePath string

	// Endpoint is recorded in the checkpoint so that a record made against another endpoint is
	// not continued here. Optional ("" matches only ""). It is recorded and compared in normal
	// form (oss.NormalEndpoint): however it is spelt, one endpoint is one endpoint, and a
	// user:password in it is never stored or shown.
	Endpoint string

	// PartSize in bytes. 0: DefaultPartSize (8 MiB). Must lie in MinPartSize..MaxPartSize
	// (100 KiB..5 GiB); it grows by itself so the count stays ≤ 10,000, and Notify says so.
	// A resumed upload keeps the part size its checkpoint was made with.
	PartSize int64

	// Threads is the number of parts in flight. 0: DefaultThreads (4). Must lie in 1..1024.
	Threads int

	// Checkpoint makes the upload resumable: its record is kept at CheckpointPath (default
	// "<FilePath>.cp") until Complete is verified, and a later call continues it. Records are
	// per object: by default, when "<FilePath>.cp" holds (or is writing) another object's
	// record, this object's goes beside it (checkpoint.OpenObject), so one file uploaded to
	// several keys resumes each independently. A CheckpointPath given explicitly that holds
	// another object's record is refused rather than overwritten, and a record the calling user
	// does not own, or that others may write, is refused and never acted on. A .ucp left by
	// the official C SDK at "<FilePath>.ucp" is continued when no record exists. Setting
	// CheckpointPath without Checkpoint is an error, so resume is never silently off.
	Checkpoint     bool
	CheckpointPath string

	// Header holds the new object's headers, sent on Initiate (Content-Type, x-oss-meta-*,
	// x-oss-storage-class, x-oss-object-acl, x-oss-forbid-overwrite, ...). x-oss-callback and
	// x-oss-callback-var are sent on Complete instead; x-oss-forbid-overwrite and
	// x-oss-object-acl on both.
	Header http.Header

	// Retries is how many times a failed request is retried when the failure is transient
	// (5xx, 429, a reset or timeout, a part CRC mismatch). 0: DefaultRetries (3); negative: none.
	Retries int
	// RetryBase and RetryMax bound the exponential backoff between retries (equal jitter: half
	// fixed, half random). 0: 200 ms and 10 s.
	RetryBase, RetryMax time.Duration

	// PartSHA256 also computes each part's SHA-256 in the pass that sends it and keeps it in the
	// checkpoint record, as a cryptographic fingerprint of the part's bytes; a resume after the
	// file's identity changed then re-checks recorded parts by SHA-256 as well as CRC-64. It
	// costs about as much CPU as the rest of the upload (two parts are hashed at once through
	// SHA-NI when the CPU has it). Default false: each part's CRC-64 alone, which is computed
	// anyway, checked against the server's (OSS verifies every part and the object by CRC-64),
	// recorded, and used on resume — an accidental change slips past it with probability 2⁻⁶⁴;
	// SHA-256 adds only resistance to a deliberate collision. A record written with SHA-256 is
	// re-checked by its SHA-256 on resume whatever this says.
	PartSHA256 bool
	// DisableSHA256 is what older callers set to get CRC-64 only, now the default; it still
	// turns PartSHA256 off.
	//
	// Deprecated: leave PartSHA256 false instead.
	DisableSHA256 bool

	// SkipCRCCheck accepts a server CRC-64 that disagrees with ours, per part and for the whole
	// object, as the official C SDK does with enable_crc = 0: a mismatch is not an
	// InconsistentError (the object's gives a notice). CRC-64 is still computed and recorded, for
	// the checkpoint and resume.
	// Default false: every mismatch is an error (a part's is retried first).
	SkipCRCCheck bool

	// PutThreshold sends a file smaller than this many bytes as one PutObject (oss2's
	// multipart_threshold): one request, CRC-64 checked, retried whole, not resumable. 0: only an
	// empty file goes that way. At most MaxPartSize (OSS's PutObject limit is 5 GiB).
	PutThreshold int64

	// Progress, when set, is called with (bytes done, total) from one goroutine, never
	// concurrently, with values that never decrease and never exceed total; the last call is
	// exactly (total, total), made before Upload returns and only after Complete was verified.
	// Bytes count as the connection takes them (the kernel holds at most a few hundred KiB
	// unsent: see core/oss), including parts done before a resume; a part's last byte counts
	// when the server acknowledges the part, so every part's end is a value of its own, which
	// a slow Progress still gets (other intermediate values are dropped for it); it never
	// stalls the upload.
	Progress func(done, total int64)
	// ProgressBox, when set, receives the same values for a caller that wants to read them on
	// its own goroutine (the C API calls its user's callback on the calling thread). Upload
	// closes it when it returns.
	ProgressBox *ProgressBox

	// Notify receives notices a user may want to see ("part size grown to ...", "checkpoint ...
	// is corrupt: starting afresh"). Called from the goroutine that called Upload.
	Notify func(msg string)

	// RecordBox, when set, shows the record as it grows (see RecordBox): set once the upload
	// has an id, then each finished part.
	RecordBox *RecordBox

	// ContinueUploadID continues a multipart upload another client started (ali-oss's
	// checkpoint object names one) when the checkpoint holds no record of it: the parts the
	// server lists are kept only when they fit this plan and their CRC-64 (as ListParts reports
	// it) matches the local bytes; the others are sent again. PartSize must be the part size
	// that upload was started with. A record of ours for another upload of the same object is
	// set aside (that upload aborted). An upload id the server no longer knows starts afresh.
	// Requires Checkpoint: a failure must never abort the caller's upload.
	ContinueUploadID string

	// Source, when set, is read instead of the local file FilePath (a browser's File): FilePath
	// may then be empty, and is the source's Name when it is. A Source is not closed by Upload.
	Source Source
	// OpenStore, when set with Checkpoint, opens the record's store instead of the file at
	// CheckpointPath (a browser keeps it in IndexedDB); objectID names the upload's object
	// (endpoint, bucket and key). No C SDK .ucp is looked for beside such a store.
	OpenStore func(objectID string) (Store, error)

	// minPartSize lowers MinPartSize; for tests against a server configured likewise.
	minPartSize int64
	// perObject: CheckpointPath is the default, shared by every key of the file.
	perObject bool
}

// Defaults of Options.
const (
	DefaultThreads   = 4
	MaxThreads       = 1024
	DefaultRetries   = 3
	defaultRetryBase = 200 * time.Millisecond
	defaultRetryMax  = 10 * time.Second
	maxKeyLen        = 1023
)

// partSHA says whether parts get a SHA-256 (PartSHA256, unless the deprecated DisableSHA256).
func (o Options) partSHA() bool { return o.PartSHA256 && !o.DisableSHA256 }

// normalize checks o and fills in defaults.
func (o Options) normalize() (Options, error) {
	bad := func(field, format string, args ...any) (Options, error) {
		return o, &OptionError{Field: field, Reason: fmt.Sprintf(format, args...)}
	}
	switch {
	case o.Bucket == "":
		return bad("Bucket", "empty")
	case o.Key == "":
		return bad("Key", "empty")
	case len(o.Key) > maxKeyLen:
		return bad("Key", "%d bytes, more than OSS's %d", len(o.Key), maxKeyLen)
	case o.FilePath == "" && o.Source == nil:
		return bad("FilePath", "empty")
	case o.Threads < 0 || o.Threads > MaxThreads:
		return bad("Threads", "%d is outside 1..%d; 0 takes the default (%d)", o.Threads, MaxThreads, DefaultThreads)
	case o.CheckpointPath != "" && !o.Checkpoint:
		return bad("CheckpointPath", "set while Checkpoint is false")
	case o.RetryBase < 0 || o.RetryMax < 0:
		return bad("RetryBase", "negative backoff")
	case o.PutThreshold < 0 || o.PutThreshold > MaxPartSize:
		return bad("PutThreshold", "%d is outside 0..%d", o.PutThreshold, int64(MaxPartSize))
	case o.ContinueUploadID != "" && !o.Checkpoint:
		return bad("ContinueUploadID", "set while Checkpoint is false (a failure would abort that upload)")
	case o.Progress != nil && o.ProgressBox != nil:
		return bad("Progress", "set Progress or ProgressBox, not both (a box has one reader)")
	}
	if o.minPartSize == 0 {
		o.minPartSize = MinPartSize
	}
	if o.Threads == 0 {
		o.Threads = DefaultThreads
	}
	if o.FilePath == "" {
		o.FilePath = o.Source.Name()
	}
	if o.Checkpoint && o.CheckpointPath == "" && o.OpenStore == nil {
		o.CheckpointPath, o.perObject = o.FilePath+".cp", true
	}
	o.Endpoint = oss.NormalEndpoint(o.Endpoint)
	switch {
	case o.Retries == 0:
		o.Retries = DefaultRetries
	case o.Retries < 0:
		o.Retries = 0
	}
	if o.RetryBase == 0 {
		o.RetryBase = defaultRetryBase
	}
	if o.RetryMax == 0 {
		o.RetryMax = defaultRetryMax
	}
	if o.RetryMax < o.RetryBase {
		o.RetryMax = o.RetryBase
	}
	if o.Notify == nil {
		o.Notify = func(string) {}
	}
	return o, nil
}
