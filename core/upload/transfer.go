package upload

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
)

// transfer sends every part the record lacks, then completes the upload. It runs at most
// completeRounds rounds: a Complete refused with InvalidPart (a part the server lost or holds
// under another ETag, e.g. after a retried part landed twice) is reconciled with ListParts and
// the parts in question sent again.
func (j *job) transfer(ctx context.Context) (*Result, error) {
	const completeRounds = 2
	for round := 1; ; round++ {
		if err := j.sendMissing(ctx); err != nil {
			return nil, err
		}
		if err := j.checkFileUnchanged(); err != nil {
			return nil, err
		}
		if j.store != nil {
			// Every part on disk before the upload turns into an object: a machine crash
			// during Complete must find them all in the record, or the rerun sends the whole
			// file again. Not for an upload begun less than SyncDelay ago: that much work is
			// what the crash bound allows to be sent again, and a small file costs no fsync.
			if err := j.store.SyncIfOlder(checkpoint.SyncDelay); err != nil {
				return nil, fmt.Errorf("upload: writing checkpoint %s: %w", j.store.Path(), err)
			}
		}
		res, err := j.complete(ctx)
		var oe *oss.Error
		if err != nil && round < completeRounds && errors.As(err, &oe) && oe.Code == "InvalidPart" {
			j.o.Notify("Complete refused a part (InvalidPart): reconciling with ListParts")
			if rerr := j.reconcileWithServer(ctx); rerr != nil {
				return nil, err
			}
			continue
		}
		return res, err
	}
}

// sendMissing runs the workers over the parts not yet in the record. The first failure that
// retries do not cure cancels the others and is returned; their cancellations are not.
func (j *job) sendMissing(ctx context.Context) error {
	j.mu.Lock()
	var todo []int
	have := 0
	for n := 1; n <= j.rec.PartCount; n++ {
		if have < len(j.rec.Parts) && j.rec.Parts[have].Number == n {
			have++
			continue
		}
		todo = append(todo, n)
	}
	j.mu.Unlock()
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
	fail := func(err error) {
		once.Do(func() { firstErr = err; cancel(err) })
	}
	for range min(j.o.Threads, len(todo)) {
		wg.Go(func() {
			for n := range queue {
				if wctx.Err() != nil {
					return
				}
				p, err := j.sendPart(wctx, n)
				if err == nil {
					err = j.finishPart(p)
				}
				if err != nil {
					fail(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return firstErr
}

// sendPart uploads part n, retrying transient failures, and returns its record entry.
func (j *job) sendPart(ctx context.Context, n int) (checkpoint.Part, error) {
	off, size := checkpoint.PartRange(n, j.rec.File.Size, j.rec.PartSize)
	var p checkpoint.Part
	err := j.retry.do(ctx, func() error {
		r := newPartReader(j.f, off, size, j.o.partSHA(), j.bufs, j.prog.read)
		defer r.release()
		out, err := j.api.UploadPart(ctx, &oss.UploadPartInput{Bucket: j.rec.Bucket, Key: j.rec.Key,
			UploadID: j.rec.UploadID, PartNumber: n, Body: r, Size: size})
		if r.localErr != nil {
			err = r.localErr // the file failed us, not the network
		}
		if err == nil && r.n != size {
			err = fmt.Errorf("upload: part %d: the client sent %d of %d bytes", n, r.n, size)
		}
		if err == nil && out.ETag == "" {
			// oss.Client refuses such an answer itself; another API must not slip one past.
			err = &oss.Error{Op: "UploadPart", StatusCode: out.StatusCode, Code: "InvalidResponse",
				Message: fmt.Sprintf("invalid server response: part %d answered without an ETag", n), RequestID: out.RequestID}
		}
		if err == nil && out.HasCRC64 && out.CRC64 != r.crc {
			err = j.crcMismatch(&InconsistentError{What: "part", PartNumber: n, Local: r.crc, Server: out.CRC64, RequestID: out.RequestID})
		}
		if err != nil {
			j.prog.unread(r.counted)
			return err
		}
		j.prog.ack(r.counted, r.n)
		p = checkpoint.Part{Number: n, Offset: off, Size: size, ETag: out.ETag, CRC64: r.crc, HasCRC: true, SHA256: r.sum256()}
		return nil
	})
	return p, err
}

// finishPart records a finished part in memory and in the checkpoint (written at once, fsynced
// within checkpoint.SyncDelay or before Complete).
func (j *job) finishPart(p checkpoint.Part) error {
	j.mu.Lock()
	j.rec.SetPart(p)
	j.sent += p.Size
	j.o.RecordBox.add(p)
	j.mu.Unlock()
	if j.store != nil {
		if err := j.store.Append(p); err != nil {
			return fmt.Errorf("upload: writing checkpoint %s: %w", j.store.Path(), err)
		}
	}
	return nil
}

// checkFileUnchanged refuses to complete an object from a file that changed while it was read.
func (j *job) checkFileUnchanged() error {
	now, err := j.f.Identify()
	if err != nil {
		return err
	}
	if now.Size != j.rec.File.Size || now.MtimeNs != j.rec.File.MtimeNs {
		return &InconsistentError{What: "file", Detail: fmt.Sprintf("%s: size %d→%d, mtime %d→%d ns",
			j.o.FilePath, j.rec.File.Size, now.Size, j.rec.File.MtimeNs, now.MtimeNs)}
	}
	// A ctime that moved under an unchanged mtime is a write whose mtime was put back, or a
	// chmod or chown; nothing here tells them apart. Completing would seal the first into the
	// object for good, while refusing costs a chmod one rerun: the resume re-hashes the
	// recorded parts and sends again only those that differ.
	if was := j.rec.File.CtimeNs; was != 0 && now.CtimeNs != 0 && now.CtimeNs != was {
		return &InconsistentError{What: "file", Detail: fmt.Sprintf(
			"%s: ctime %d→%d ns with size and mtime unchanged (written in place with the mtime put back, or its mode or owner changed); "+
				"a resumed upload re-hashes the finished parts and sends again only those that differ",
			j.o.FilePath, was, now.CtimeNs)}
	}
	return nil
}
