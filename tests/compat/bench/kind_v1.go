package bench

import (
	"context"
	"path/filepath"

	osdk "github.com/aliyun/aliyun-oss-go-sdk/oss"
)

// newV1 runs the official Go SDK v1 with its defaults (V1 signing, CRC on) plus the same part
// size, routines and a checkpoint. Under TLS it trusts the server's CA through SSL_CERT_FILE,
// which the driver sets, so its own transport is used unchanged.
func newV1(spec Spec) (func(context.Context) error, error) {
	client, err := osdk.New(spec.Endpoint, spec.KeyID, spec.Secret)
	if err != nil {
		return nil, err
	}
	bucket, err := client.Bucket(spec.Bucket)
	if err != nil {
		return nil, err
	}
	cp := filepath.Join(spec.WorkDir, "v1.cp")
	return func(context.Context) error {
		return bucket.UploadFile(spec.Key, spec.File, spec.PartSize,
			osdk.Routines(spec.Threads), osdk.Checkpoint(true, cp))
	}, nil
}
