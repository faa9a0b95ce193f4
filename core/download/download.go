package download

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// Result describes a finished download.
type Result struct {
	Bucket, Key string
	Size        int64
	ETag        string
	CRC64       uint64 // of the file, combined from its ranges
	Verified    bool   // the server sent the object's CRC-64 and it matched
	Resumed     int64  // bytes of ranges carried over from an earlier run
	Fetched     int64  // bytes fetched by this call
	Restarts    int    // times the object changed on the server and the download started afresh

	PartSize int64 // the range size used (a resumed download keeps its record's)
	Parts    int   // the number of ranges
	// The HEAD that identified the object: its x-oss-request-id and headers (the C SDK's
	// resp_headers, x-oss-version-id among them).
	RequestID string
	Header    http.Header
}

// job is one call of Download. Fields above mu are set before the workers start.
type job struct {
	api   API
	o     Options
	retry upload.RetryPolicy
	store *checkpoint.Store // nil without a checkpoint
	box   *upload.ProgressBox
	head  *oss.HeadObjectOutput
	temp  *os.File
	res   Result

	mu      sync.Mutex
	rec     *checkpoint.DownloadRecord // in memory only without a checkpoint
	acked   int64                      // bytes of finished ranges
	pending int64                      // bytes written into ranges not finished yet
}

// Download fetches opts.Bucket/opts.Key into opts.FilePath, resuming from a checkpoint when
// opts.Checkpoint is set and one exists.
//
// Errors: an *OptionError for bad options, a *TargetError for a target that cannot be written
// (both before any network traffic); an error wrapping checkpoint.ErrInUse when another download
// holds the record; the first *oss.Error or *oss.TransportError retries did not cure; an
// *ObjectChangedError when the object kept changing on the server; an *InconsistentError for a
// CRC-64 mismatch; an error wrapping context.Canceled (or DeadlineExceeded) when ctx ends, with
// the record and temporary file kept for a later call. Whatever the error, nothing was written
// under FilePath: an existing file there is untouched.
func Download(ctx context.Context, api API, opts Options) (*Result, error) {
	o, err := opts.normalize()
	if err == nil && api == nil {
		err = &OptionError{Field: "api", Reason: "nil"}
	}
	if err == nil && ctx == nil {
		err = &OptionError{Field: "ctx", Reason: "nil"}
	}
	if err != nil {
		if opts.ProgressBox != nil {
			opts.ProgressBox.Close()
		}
		return nil, err
	}
	box := o.ProgressBox
	if box == nil {
		box = upload.NewProgressBox()
	}
	var delivered sync.WaitGroup
	if o.Progress != nil {
		delivered.Go(func() { upload.Deliver(box, o.Progress) })
	}
	defer delivered.Wait()
	defer box.Close()

	j := &job{api: api, o: o, box: box,
		retry: upload.RetryPolicy{Retries: o.Retries, Base: o.RetryBase, Max: o.RetryMax}}
	res, err := j.run(ctx)
	if err != nil && ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		err = fmt.Errorf("download: canceled: %w (%v)", ctx.Err(), err)
	}
	return res, err
}

func (j *job) run(ctx context.Context) (*Result, error) {
	if err := checkPaths(j.o); err != nil {
		return nil, err
	}
	if j.o.Checkpoint {
		var err error
		if j.store, err = checkpoint.Open(j.o.CheckpointPath); err != nil {
			return nil, err
		}
		defer j.store.Close()
		// A record another user could have written is refused before any request, as an
		// upload's is (resume reads it again once the HEAD has answered).
		var ue *checkpoint.UntrustedError
		if _, err := j.store.LoadDownload(); errors.As(err, &ue) {
			return nil, err
		}
		j.store.RemoveStaleSaves() // its first save may replace a torn record by rename
	}
	for {
		err := j.attempt(ctx)
		var changed *ObjectChangedError
		if errors.As(err, &changed) && j.res.Restarts < MaxRestarts && ctx.Err() == nil {
			j.res.Restarts++
			j.o.Notify(changed.Error() + ": starting afresh")
			j.discard()
			continue
		}
		if err != nil {
			return nil, err
		}
		res := j.res
		return &res, nil
	}
}

// attempt is one pass: HEAD, plan or resume, fetch what is missing, verify, put in place.
func (j *job) attempt(ctx context.Context) error {
	if err := j.retry.Do(ctx, oss.IsRetryable, func() (err error) {
		j.head, err = j.api.HeadObject(ctx, &oss.HeadObjectInput{Bucket: j.o.Bucket, Key: j.o.Key})
		return err
	}); err != nil {
		return err
	}
	if j.head.Header.Get("Content-Length") == "" {
		return &oss.Error{Op: "HeadObject", StatusCode: j.head.StatusCode, Code: "InvalidResponse",
			Message:   "invalid server response: HEAD answered without a Content-Length, the object's size",
			RequestID: j.head.RequestID}
	}
	if j.head.ETag == "" {
		return &oss.Error{Op: "HeadObject", StatusCode: j.head.StatusCode, Code: "InvalidResponse",
			Message:   "invalid server response: HEAD answered without an ETag, which a download needs to notice a replaced object",
			RequestID: j.head.RequestID}
	}
	obj := checkpoint.ObjectID{Size: j.head.Size, ETag: j.head.ETag, LastModifiedNs: j.head.LastModified.UnixNano(),
		CRC64: j.head.CRC64, HasCRC: j.head.HasCRC64}
	if j.head.LastModified.IsZero() {
		obj.LastModifiedNs = 0
	}
	if err := j.prepare(ctx, obj); err != nil {
		return err
	}
	j.publish()
	err := j.fetchMissing(ctx)
	if err == nil {
		err = j.finish()
	}
	if err != nil {
		j.stop(err)
		return err
	}
	j.box.Publish(j.rec.Object.Size, j.rec.Object.Size)
	return nil
}

// prepare makes j.rec and j.temp: the record continued when it is this object's and its
// temporary file still holds it, else a fresh one.
func (j *job) prepare(ctx context.Context, obj checkpoint.ObjectID) error {
	j.res.Resumed, j.acked, j.pending = 0, 0, 0
	if j.store != nil {
		ok, err := j.resume(obj)
		if err != nil || ok {
			return err
		}
	}
	ps, count, grown := plan(obj.Size, j.o.PartSize)
	if grown {
		j.o.Notify(fmt.Sprintf("range size grown from %d to %d bytes so that %d bytes fit in %d ranges",
			j.o.PartSize, ps, obj.Size, count))
	}
	tempPath := j.o.TempPath
	var err error
	if j.store != nil {
		j.temp, err = openTemp(tempPath, true)
	} else {
		j.temp, err = createUniqueTemp(j.o.FilePath)
	}
	if err != nil {
		return err
	}
	if err := reserve(j.temp, obj.Size); err != nil {
		name := j.temp.Name()
		j.temp.Close()
		j.temp = nil
		os.Remove(name) // nothing of this attempt is worth keeping
		return err
	}
	abs, err := filepath.Abs(j.temp.Name())
	if err != nil {
		return err
	}
	j.rec = &checkpoint.DownloadRecord{Endpoint: j.o.Endpoint, Bucket: j.o.Bucket, Key: j.o.Key, Object: obj,
		PartSize: ps, PartCount: count, TempPath: abs}
	if j.store != nil {
		if err := j.store.SaveDownload(j.rec); err != nil {
			return err
		}
	}
	return nil
}

// fetchMissing runs the workers over the ranges not yet in the record. The first failure that
// retries do not cure stops the others and is returned.
func (j *job) fetchMissing(ctx context.Context) error {
	var todo []int
	have := 0
	for n := 1; n <= j.rec.PartCount; n++ {
		if have < len(j.rec.Ranges) && j.rec.Ranges[have].Number == n {
			have++
			continue
		}
		todo = append(todo, n)
	}
	if len(todo) == 0 {
		return nil
	}
	queue := make(chan int, len(todo))
	for _, n := range todo {
		queue <- n
	}
	close(queue)
	wctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var (
		once     sync.Once
		firstErr error
		wg       sync.WaitGroup
	)
	for range min(j.o.Threads, len(todo)) {
		wg.Go(func() {
			buf := make([]byte, j.o.BufferSize) // the worker's one buffer: memory is Threads × BufferSize
			for n := range queue {
				if wctx.Err() != nil {
					return
				}
				err := j.fetchRange(wctx, n, buf)
				if err != nil {
					once.Do(func() { firstErr = err; cancel(err) })
					return
				}
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return fmt.Errorf("download: canceled with %d of %d ranges done: %w", j.doneRanges(), j.rec.PartCount, ctx.Err())
	}
	return firstErr
}

// finish checks the combined CRC-64 and puts the file in place, then drops the record.
func (j *job) finish() error {
	var crc uint64
	for _, r := range j.rec.Ranges {
		crc = crc64.Combine(crc, r.CRC64, r.Size)
	}
	j.res.Size, j.res.ETag, j.res.CRC64 = j.rec.Object.Size, j.rec.Object.ETag, crc
	j.res.Bucket, j.res.Key = j.o.Bucket, j.o.Key
	j.res.PartSize, j.res.Parts = j.rec.PartSize, j.rec.PartCount
	j.res.RequestID, j.res.Header = j.head.RequestID, j.head.Header
	switch {
	case !j.rec.Object.HasCRC:
		j.o.Notify("the server sent no CRC-64 for the object: the file is not verified against it")
	case crc != j.rec.Object.CRC64:
		e := &InconsistentError{Local: crc, Server: j.rec.Object.CRC64, RequestID: j.head.RequestID}
		if !j.o.SkipCRCCheck {
			// Some range took wrong bytes and nothing tells which: a rerun starts afresh.
			j.discard()
			return e
		}
		j.o.Notify(e.Error() + "; accepted (CRC check skipped)")
	default:
		j.res.Verified = true
	}
	if err := place(j.temp, j.o.FilePath); err != nil {
		return err
	}
	j.temp.Close()
	j.temp = nil
	if j.store != nil {
		if err := j.store.Remove(); err != nil {
			j.o.Notify(fmt.Sprintf("could not remove the checkpoint %s: %v", j.store.Path(), err))
		}
	}
	return nil
}

// stop leaves a failed or cancelled run resumable: the temporary file is fsynced and the
// record sealed with its identity, so the next run trusts its ranges unread. Without a
// checkpoint the temporary file is removed.
func (j *job) stop(cause error) {
	if j.temp == nil {
		return
	}
	if j.store == nil {
		name := j.temp.Name()
		j.temp.Close()
		os.Remove(name)
		j.temp = nil
		return
	}
	var te *TargetError
	sealed := false
	if !errors.As(cause, &te) && j.rec != nil {
		if err := j.temp.Sync(); err == nil {
			if id, err := checkpoint.Identify(j.temp, j.temp.Name()); err == nil {
				sealed = j.store.AppendSeal(id) == nil
			}
		}
	}
	if !sealed {
		j.store.Sync() // the ranges at least; the next run re-checks them by CRC-64
	}
	j.temp.Close()
	j.temp = nil
}

// discard drops the record and the temporary file, so the next attempt starts afresh.
func (j *job) discard() {
	if j.temp != nil {
		j.temp.Close()
		j.temp = nil
	}
	if j.rec != nil {
		os.Remove(j.rec.TempPath)
	}
	if j.store != nil {
		j.store.Remove()
	}
	j.rec = nil
}

func (j *job) doneRanges() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.rec.Ranges)
}

// publish reports bytes of finished ranges plus bytes written into ranges in flight, below
// total until the file is in place.
func (j *job) publish() {
	total := j.rec.Object.Size
	if total == 0 {
		return
	}
	j.mu.Lock()
	v := min(j.acked+j.pending, total-1)
	j.mu.Unlock()
	j.box.Publish(max(v, 0), total)
}
