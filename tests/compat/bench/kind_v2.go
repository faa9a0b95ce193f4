package bench

import (
	"context"

	v2 "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
)

// newV2 runs the official Go SDK v2's Uploader with its defaults (V4 signing, CRC on) plus the
// same part size, parallelism and a checkpoint. TLS trust comes from SSL_CERT_FILE, as for v1.
func newV2(spec Spec) (func(context.Context) error, error) {
	cfg := v2.LoadDefaultConfig().
		WithCredentialsProvider(credentials.NewStaticCredentialsProvider(spec.KeyID, spec.Secret, "")).
		WithRegion(spec.Region).
		WithEndpoint(spec.Endpoint)
	up := v2.NewClient(cfg).NewUploader(func(o *v2.UploaderOptions) {
		o.PartSize = spec.PartSize
		o.ParallelNum = spec.Threads
		o.EnableCheckpoint = true
		o.CheckpointDir = spec.WorkDir
	})
	req := &v2.PutObjectRequest{Bucket: v2.Ptr(spec.Bucket), Key: v2.Ptr(spec.Key)}
	return func(ctx context.Context) error {
		_, err := up.UploadFile(ctx, req, spec.File)
		return err
	}, nil
}
