package oss

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"path/filepath"

	"github.com/ossresume/ossresume/core/download"
)

// DownloadFile downloads the object objectKey to the local file filePath in ranges of partSize
// bytes (0 takes the engine's default, 8 MiB; v1 refuses values below 1), Routines ranges at a
// time, and returns nil only once the file is in place under filePath and, when the server sent
// one, its CRC-64 equals the object's. The ranges go to a temporary file beside filePath, which
// is renamed over it at the end: a failure never leaves a partial file under filePath.
//
// With Checkpoint or CheckpointDir the download is resumable: calling DownloadFile again for
// the same object and file fetches only the ranges not yet in the temporary file; an object
// replaced on the server meanwhile starts afresh. Unlike v1, the record's default name is
// "<file>.dcp" and the temporary file "<file>.tmp" (v1: "<file>.cp" and "<file>.temp"), so a
// download never takes the name of an upload's record; CheckpointDir names records as v1 does.
//
// Options that apply: Routines, Checkpoint, CheckpointDir, Progress, WithContext. Errors:
// ServiceError for an error answer from OSS, CRCCheckError when the combined CRC-64 differs from
// the object's (with CRC switched off on the client, accepted), ClientError for everything else.
func (bucket Bucket) DownloadFile(objectKey, filePath string, partSize int64, options ...Option) error {
	cfg := uploadConfig{routines: 1, ctx: context.Background()}
	for _, opt := range options {
		if opt == nil {
			continue
		}
		if err := opt(&cfg); err != nil {
			return clientErrorf(err, "%v", err)
		}
	}
	if bucket.Client.api == nil {
		return clientErrorf(nil, "the Bucket was not made by Client.Bucket")
	}
	if partSize < 0 {
		return clientErrorf(nil, "oss: part size invalid range (1, 5368709120]")
	}
	o := download.Options{
		Bucket: bucket.BucketName, Key: objectKey, FilePath: filePath,
		Endpoint:     bucket.Client.endpoint,
		PartSize:     partSize,
		Threads:      cfg.routines,
		SkipCRCCheck: !bucket.Client.crc,
		Notify:       bucket.Client.notify,
	}
	if cp := cfg.cp; cp != nil && cp.enable {
		o.Checkpoint = true
		switch {
		case cp.path != "":
			o.CheckpointPath = cp.path
		case cp.dirPath != "":
			o.CheckpointPath = downloadCheckpointInDir(cp.dirPath, bucket.BucketName, objectKey, filePath)
		}
	}
	var relay *progressRelay
	if cfg.listener != nil {
		relay = &progressRelay{l: cfg.listener}
		o.Progress = relay.update
	}
	_, err := download.Download(cfg.ctx, bucket.Client.api, o)
	if relay != nil {
		relay.end(err)
	}
	var ie *download.InconsistentError
	if errors.As(err, &ie) {
		return CRCCheckError{clientCRC: ie.Local, serverCRC: ie.Server, operation: "DownloadFile", requestID: ie.RequestID, err: err}
	}
	return translateError(err, cfg.ctx.Err() != nil)
}

// downloadCheckpointInDir names a record in dir as the v1 SDK does for downloads: the MD5 (hex)
// of "oss://bucket/key", "-", the MD5 of the file's absolute path, ".cp".
func downloadCheckpointInDir(dir, bucket, key, filePath string) string {
	abs, err := filepath.Abs(filePath)
	if err != nil {
		abs = filePath
	}
	src := md5.Sum([]byte("oss://" + bucket + "/" + key))
	dst := md5.Sum([]byte(abs))
	return filepath.Join(dir, hex.EncodeToString(src[:])+"-"+hex.EncodeToString(dst[:])+CheckpointFileSuffix)
}
