package oss

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"net/http"
	"path/filepath"

	"github.com/ossresume/ossresume/core/upload"
)

// Bucket is a handle on one bucket, made by Client.Bucket.
type Bucket struct {
	Client     Client
	BucketName string
}

// UploadFile uploads the local file filePath as the object objectKey in parts of partSize bytes
// (100 KiB..5 GiB; 0 takes the engine's default, 8 MiB, where v1 refuses 0), Routines parts at a
// time, and returns nil only once OSS has the whole object and its CRC-64 equals the file's.
//
// With Checkpoint or CheckpointDir the upload is resumable: after a failure, a cancel (see
// WithContext) or a crash, calling UploadFile again with the same file, bucket and key sends
// only the parts OSS does not have yet. Without them a failed upload is aborted on the server.
// A file that fits in one part goes as one PutObject instead of v1's Initiate, part and
// Complete (CRC-64 checked the same way, nothing to resume, no checkpoint written), so
// RespHeader then holds the PutObject's answer.
// Unlike v1, a file that would need more than 10,000 parts gets larger parts (logged at Info)
// rather than an error, and parts are retried with backoff when the failure is transient.
//
// Errors: ServiceError for an error answer from OSS, CRCCheckError when the data changed on the
// way, ClientError for everything else; each unwraps to the engine's error.
func (bucket Bucket) UploadFile(objectKey, filePath string, partSize int64, options ...Option) error {
	cfg := uploadConfig{header: http.Header{}, routines: 1, ctx: context.Background()}
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
	o := upload.Options{
		Bucket: bucket.BucketName, Key: objectKey, FilePath: filePath,
		Endpoint:     bucket.Client.endpoint,
		PartSize:     partSize,
		Threads:      cfg.routines,
		Header:       cfg.header,
		SkipCRCCheck: !bucket.Client.crc,
		PartSHA256:   cfg.partSHA256,
		Notify:       bucket.Client.notify,
		// A file that fits in one part goes as one CRC-checked PutObject (v1 would send
		// Initiate, the part and Complete): one request where three did the same job.
		PutThreshold: upload.OnePartThreshold(partSize),
	}
	if cp := cfg.cp; cp != nil && cp.enable {
		o.Checkpoint = true
		switch {
		case cp.path != "":
			o.CheckpointPath = cp.path
		case cp.dirPath != "":
			o.CheckpointPath = checkpointInDir(cp.dirPath, filePath, bucket.BucketName, objectKey)
		} // else "": the engine's default, "<file>.cp" (another key's record goes beside it)
	}
	var relay *progressRelay
	if cfg.listener != nil {
		relay = &progressRelay{l: cfg.listener}
		o.Progress = relay.update
	}
	res, err := upload.Upload(cfg.ctx, bucket.Client.api, o)
	if relay != nil {
		relay.end(err)
	}
	if err != nil {
		return translateError(err, cfg.ctx.Err() != nil)
	}
	if cfg.respHeader != nil {
		*cfg.respHeader = res.Header
	}
	if cfg.callbackBody != nil && cfg.header.Get("X-Oss-Callback") != "" {
		*cfg.callbackBody = res.Body
	}
	return nil
}

// checkpointInDir names a record in dir as the v1 SDK does: the MD5 (hex) of the file's absolute
// path, "-", the MD5 of "oss://bucket/key", ".cp".
func checkpointInDir(dir, filePath, bucket, key string) string {
	abs, err := filepath.Abs(filePath)
	if err != nil {
		abs = filePath
	}
	src := md5.Sum([]byte(abs))
	dst := md5.Sum([]byte("oss://" + bucket + "/" + key))
	return filepath.Join(dir, hex.EncodeToString(src[:])+"-"+hex.EncodeToString(dst[:])+CheckpointFileSuffix)
}
