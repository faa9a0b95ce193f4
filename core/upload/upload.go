package upload

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
)

// job is one call of Upload. Fields above mu are set before the workers start and read-only
// while they run; fields below it are shared with the workers.
type job struct {
	api     API
	o       Options
	f       Source
	id      checkpoint.FileID
	retry   backoff
	store   Store  // nil without a checkpoint
	ucpPath string // a C SDK .ucp this job took over, removed after success
	initHdr http.Header
	compHdr http.Header
	digest  string
	prog    *tracker
	bufs    *bufferPool
	rec     *checkpoint.Record // the upload; in memory only without a checkpoint
	resumed int64              // bytes of parts carried over

	mu   sync.Mutex
	sent int64 // bytes of parts acknowledged in this run
}

// Upload sends the file opts.FilePath to opts.Bucket/opts.Key as a multipart upload, resuming
// from a checkpoint when opts.Checkpoint is set and one exists.
//
// Errors: an *OptionError for bad options (nothing is sent); a *os.PathError for the local file;
// an error wrapping checkpoint.ErrInUse when another upload holds the checkpoint; the first
// *oss.Error or *oss.TransportError that retries did not cure; an *InconsistentError for a CRC
// mismatch or a file changed during the upload; an error wrapping context.Canceled (or
// DeadlineExceeded) when ctx ends, with the checkpoint kept for a later call. Without a
// checkpoint a failed upload is aborted on the server, so no parts are left billed.
func Upload(ctx context.Context, api API, opts Options) (*Result, error) {
	err := Validate(opts)
	var o Options
	if err == nil {
		o, err = opts.normalize()
	}
	if err == nil && api == nil {
		err = &OptionError{Field: "api", Reason: "nil"}
	}
	if err != nil {
		closeBox(opts.ProgressBox)
		return nil, err
	}
	box := o.ProgressBox
	if box == nil {
		box = NewProgressBox()
	}
	var delivered sync.WaitGroup
	if o.Progress != nil {
		delivered.Go(func() { deliver(box, o.Progress) })
	}
	defer delivered.Wait() // the last Progress call happens before Upload returns
	defer box.close()

	j := &job{api: api, o: o, bufs: newBufferPool(),
		retry: backoff{retries: o.Retries, base: o.RetryBase, max: o.RetryMax}}
	j.initHdr, j.compHdr = splitHeader(o.Header)
	j.digest = headerDigest(j.initHdr)
	j.prog = &tracker{box: box}
	res, err := j.run(ctx)
	if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		err = fmt.Errorf("upload: canceled: %w (%v)", ctx.Err(), err)
	}
	return res, err
}

func closeBox(b *ProgressBox) {
	if b != nil {
		b.close()
	}
}

func (j *job) run(ctx context.Context) (*Result, error) {
	if err := j.open(); err != nil {
		return nil, err
	}
	if f, ok := j.f.(fileSource); ok {
		defer f.Close() // a caller's Source is the caller's to close
	}
	var err error
	if j.id, err = j.f.Identify(); err != nil {
		return nil, err
	}
	j.prog.total = j.id.Size
	partSize, count, grown, err := plan(j.id.Size, j.o.PartSize, j.o.minPartSize)
	if err != nil {
		return nil, err
	}
	if grown {
		asked := j.o.PartSize
		if asked == 0 {
			asked = DefaultPartSize
		}
		j.o.Notify(fmt.Sprintf("part size grown from %d to %d bytes so that %d bytes fit in %d parts (OSS allows %d)",
			asked, partSize, j.id.Size, count, MaxParts))
	}
	if j.o.Checkpoint && !j.wholeWithoutRecord() {
		if j.o.OpenStore != nil {
			j.store, err = j.o.OpenStore(j.objectID())
		} else if j.o.perObject {
			j.store, err = checkpoint.OpenObject(j.o.CheckpointPath, j.objectID(), j.isMine)
		} else {
			j.store, err = checkpoint.Open(j.o.CheckpointPath)
		}
		if err != nil {
			j.store = nil
			return nil, err
		}
		defer j.store.Close()
	}
	if j.goesWhole() {
		return j.putWhole(ctx)
	}
	if j.store != nil {
		if j.rec, err = j.resume(ctx, partSize); err != nil {
			return nil, err
		}
	}
	if j.rec == nil && j.o.ContinueUploadID != "" {
		if j.rec, err = j.continueUpload(ctx, partSize, count); err != nil {
			return nil, err
		}
	}
	if j.rec == nil {
		if err := j.initiate(ctx, partSize, count); err != nil {
			return nil, err
		}
	}
	j.o.RecordBox.set(j.rec)
	res, err := j.transfer(ctx)
	if err != nil {
		if j.store == nil {
			j.abort(ctx, j.o.Bucket, j.o.Key, j.rec.UploadID)
		}
		if ctx.Err() != nil {
			return nil, fmt.Errorf("upload: canceled with %d of %d parts done: %w", j.doneParts(), j.rec.PartCount, ctx.Err())
		}
		return nil, err
	}
	j.prog.finish()
	return res, nil
}

// initiate starts a fresh multipart upload and records it at once, so that a crash before the
// first part still leaves its upload id known (and abortable). With a checkpoint, a pending
// record goes first: a crash before the upload id is saved leaves the object and the moment
// behind, and the next call aborts what it finds open then (see abortPending). Both records
// replace no progress, so they are written with SaveDeferred: whole in the file against a
// killed process at once, on the disk within checkpoint.SyncDelay (a small file's upload is
// over before, and costs no fsync); see the checkpoint package for what a machine crash costs.
func (j *job) initiate(ctx context.Context, partSize int64, count int) error {
	started := time.Now().UnixNano()
	if j.store != nil {
		pending := &checkpoint.Record{
			Endpoint: j.o.Endpoint, Bucket: j.o.Bucket, Key: j.o.Key, Started: started,
			PartSize: partSize, PartCount: count, HeaderDigest: j.digest, File: j.id,
		}
		if err := j.store.SaveDeferred(pending); err != nil {
			return err
		}
	}
	var out *oss.InitiateOutput
	attempts := 0
	err := j.retry.do(ctx, func() (err error) {
		attempts++
		out, err = j.api.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: j.o.Bucket, Key: j.o.Key, Header: j.initHdr.Clone()})
		return err
	})
	if err != nil {
		return err
	}
	j.rec = &checkpoint.Record{
		Endpoint: j.o.Endpoint, Bucket: j.o.Bucket, Key: j.o.Key, UploadID: out.UploadID,
		PartSize: partSize, PartCount: count, HeaderDigest: j.digest, File: j.id,
	}
	if j.store != nil {
		if err := j.store.SaveDeferred(j.rec); err != nil {
			j.abort(ctx, j.o.Bucket, j.o.Key, out.UploadID)
			return err
		}
	}
	if attempts > 1 {
		// A failed attempt may have created an upload whose answer was lost.
		j.sweep(ctx, j.o.Bucket, j.o.Key, started, out.UploadID)
	}
	return nil
}

// abort ends an upload id on the server, best effort: it runs even when ctx was cancelled, for
// at most 10 s (a cancel should not hang on a dead network); a failure is only reported
// through Notify.
func (j *job) abort(ctx context.Context, bucket, key, uploadID string) {
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err := j.retry.do(actx, func() error {
		_, err := j.api.AbortMultipartUpload(actx, &oss.AbortInput{Bucket: bucket, Key: key, UploadID: uploadID})
		return err
	})
	var oe *oss.Error
	if err != nil && !(errors.As(err, &oe) && oe.Code == "NoSuchUpload") {
		j.o.Notify(fmt.Sprintf("could not abort upload %s of %s/%s: %v", uploadID, bucket, key, err))
	}
}

// objectID names this call's object for checkpoint.OpenObject.
func (j *job) objectID() string { return j.o.Endpoint + "\n" + j.o.Bucket + "\n" + j.o.Key }

// isMine reports whether a record names this call's object: the same endpoint in normal form
// (records written before it was normalised hold it as given), bucket and key. Only such a
// record is ever acted on. A C SDK .ucp names no object: it is adopted by whoever continues it.
func (j *job) isMine(rec *checkpoint.Record) bool {
	if rec.Format == checkpoint.FormatUCP {
		return true
	}
	return oss.NormalEndpoint(rec.Endpoint) == j.o.Endpoint && rec.Bucket == j.o.Bucket && rec.Key == j.o.Key
}

func (j *job) doneParts() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.rec.Parts)
}
