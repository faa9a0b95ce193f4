package upload

import (
	"context"
	"fmt"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
)

// clockSkew bounds how far the server's clock may be behind ours: OSS refuses a request whose
// date is more than 15 minutes off its own (RequestTimeTooSkewed), so an Initiate it accepted
// after our pending record was saved carries a server time no earlier than this before it.
const clockSkew = 15 * time.Minute

// Bounds of the sweep: 10 pages hold 10,000 open uploads of one key, and 30 s is many times
// what an honest listing of them takes.
const (
	sweepPages = 10
	sweepTime  = 30 * time.Second
)

// abortPending ends the uploads a call killed between Initiate and the save of its upload id
// may have left open: see sweep.
//
// A listing the caller may not make (no oss:ListMultipartUploads permission) or that fails
// after retries only gives a notice: it must not stop the upload itself.
func (j *job) abortPending(ctx context.Context, rec *checkpoint.Record) error {
	if !j.isMine(rec) {
		j.o.Notify(fmt.Sprintf("an interrupted upload to %s/%s at %q may be left open there", rec.Bucket, rec.Key, oss.NormalEndpoint(rec.Endpoint)))
		return nil
	}
	j.sweep(ctx, rec.Bucket, rec.Key, rec.Started, "")
	return ctx.Err()
}

// sweep aborts the open uploads of exactly bucket/key, other than keep, initiated no earlier
// than started (Unix ns, local clock) less clockSkew, that hold no part: what an Initiate whose
// answer was lost, or whose caller died before recording it, leaves behind (parts are only
// sent once the upload id is recorded).
//
// They are aborted rather than one adopted: nothing the server lists proves whose an upload
// is, and adopting another writer's would mix two files' parts under one upload id, while
// aborting it only fails that writer — which already races with this one on the object — with
// NoSuchUpload. The price is one more Initiate after a rare kill. Failures only give notices.
//
// The sweep is best effort and must never hold the upload hostage: it lists at most
// sweepPages pages and gives up after sweepTime, whatever the server does (a listing that
// pages forever ends in a notice), and only the first page of each candidate's parts is asked.
func (j *job) sweep(ctx context.Context, bucket, key string, started int64, keep string) {
	since := time.Unix(0, started).Add(-clockSkew)
	sctx, cancel := context.WithTimeout(ctx, sweepTime)
	defer cancel()
	var out *oss.ListMultipartUploadsOutput
	err := j.retry.do(sctx, func() (err error) {
		out, err = j.api.ListMultipartUploads(sctx, &oss.ListMultipartUploadsInput{Bucket: bucket, Prefix: key, MaxPages: sweepPages})
		return err
	})
	if err != nil {
		if ctx.Err() == nil {
			j.o.Notify(fmt.Sprintf("could not look for an upload of %s/%s left open by an interrupted Initiate: %v", bucket, key, err))
		}
		return
	}
	if out.Truncated {
		j.o.Notify(fmt.Sprintf("the look for uploads of %s/%s left open stopped after %d pages of listing", bucket, key, sweepPages))
	}
	for _, u := range out.Uploads {
		if sctx.Err() != nil {
			j.o.Notify(fmt.Sprintf("the look for uploads of %s/%s left open stopped after %v", bucket, key, sweepTime))
			return
		}
		if u.Key != key || u.UploadID == keep || u.Initiated.Before(since) {
			continue
		}
		var lp *oss.ListPartsOutput
		err := j.retry.do(sctx, func() (err error) {
			lp, err = j.api.ListParts(sctx, &oss.ListPartsInput{Bucket: bucket, Key: key, UploadID: u.UploadID, MaxParts: 1, MaxPages: 1})
			return err
		})
		if err != nil || len(lp.Parts) > 0 || lp.Truncated {
			continue // gone already, or someone's upload under way
		}
		j.abort(ctx, bucket, key, u.UploadID)
		j.o.Notify(fmt.Sprintf("aborted upload %s of %s/%s, left open by an interrupted Initiate", u.UploadID, bucket, key))
	}
}
