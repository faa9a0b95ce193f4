package upload

import (
	"context"
	"errors"
	"fmt"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
)

// continueUpload takes over Options.ContinueUploadID, an upload another client started and
// recorded in its own terms (ali-oss's checkpoint object: an upload id and the parts it
// believes done). Nothing that client claims is trusted: the server's listing says which parts
// exist, and each is kept only when it fits this plan and the CRC-64 the server lists for it
// matches the local bytes, re-read here. It returns nil (a fresh upload follows) when the
// server no longer knows the upload.
func (j *job) continueUpload(ctx context.Context, partSize int64, count int) (*checkpoint.Record, error) {
	rec := &checkpoint.Record{
		Endpoint: j.o.Endpoint, Bucket: j.o.Bucket, Key: j.o.Key, UploadID: j.o.ContinueUploadID,
		PartSize: partSize, PartCount: count, HeaderDigest: j.digest, File: j.id,
	}
	server, err := j.listParts(ctx, rec)
	var oe *oss.Error
	if errors.As(err, &oe) && oe.Code == "NoSuchUpload" {
		j.o.Notify(fmt.Sprintf("upload %s is unknown to the server; starting a new upload", rec.UploadID))
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var fits []checkpoint.Part
	for _, s := range server {
		if s.PartNumber < 1 || s.PartNumber > count {
			continue
		}
		off, size := checkpoint.PartRange(s.PartNumber, j.id.Size, partSize)
		if s.Size == size {
			fits = append(fits, checkpoint.Part{Number: s.PartNumber, Offset: off, Size: size, ETag: s.ETag})
		}
	}
	kept, listed := reconcile(fits, server)
	// changed=true: a part is kept only on the server's CRC-64 agreeing with the file.
	if kept, err = j.verifyLocal(ctx, kept, listed, true); err != nil {
		return nil, err
	}
	rec.Parts = kept
	if err := j.store.Save(rec); err != nil {
		return nil, err
	}
	for _, p := range kept {
		j.resumed += p.Size
	}
	j.prog.resume(j.resumed)
	j.o.Notify(fmt.Sprintf("continuing upload %s: %d of %d parts listed by the server match the file, %d to send",
		rec.UploadID, len(kept), count, count-len(kept)))
	return rec, nil
}
