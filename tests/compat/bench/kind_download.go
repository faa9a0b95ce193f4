package bench

import (
	"context"
	"path/filepath"

	v2 "github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss"
	"github.com/aliyun/alibabacloud-oss-go-sdk-v2/oss/credentials"
	osdk "github.com/aliyun/aliyun-oss-go-sdk/oss"

	"github.com/ossresume/ossresume/core/download"
	"github.com/ossresume/ossresume/core/oss"
)

// The downloaders fetch spec.Key into spec.File (in the run's fresh work directory), each with
// its defaults plus the cell's part size and parallelism and a checkpoint, as the uploaders run.

// newOursDL runs core/download the way a user does: V4 signing, CRC-64 per range combined and
// checked against the object's, checkpoint on (record and temporary file beside the target).
func newOursDL(spec Spec) (func(context.Context) error, error) {
	client, err := oss.New(oss.Config{
		Endpoint:    spec.Endpoint,
		Region:      spec.Region,
		Credentials: oss.StaticCredentials(spec.KeyID, spec.Secret, ""),
		CAFile:      spec.CAFile,
	})
	if err != nil {
		return nil, err
	}
	opts := download.Options{
		Bucket:     spec.Bucket,
		Key:        spec.Key,
		FilePath:   spec.File,
		Endpoint:   spec.Endpoint,
		PartSize:   spec.PartSize,
		Threads:    spec.Threads,
		Checkpoint: true,
	}
	return func(ctx context.Context) error {
		defer client.Close()
		_, err := download.Download(ctx, client, opts)
		return err
	}, nil
}

// newV1DL runs the official Go SDK v1's Bucket.DownloadFile with its defaults (V1 signing, CRC
// on: it combines the ranges' CRC-64 and compares it with the object's).
func newV1DL(spec Spec) (func(context.Context) error, error) {
	client, err := osdk.New(spec.Endpoint, spec.KeyID, spec.Secret)
	if err != nil {
		return nil, err
	}
	bucket, err := client.Bucket(spec.Bucket)
	if err != nil {
		return nil, err
	}
	cp := filepath.Join(spec.WorkDir, "v1-dl.dcp")
	return func(context.Context) error {
		return bucket.DownloadFile(spec.Key, spec.File, spec.PartSize,
			osdk.Routines(spec.Threads), osdk.Checkpoint(true, cp))
	}, nil
}

// newV2DL runs the official Go SDK v2's Downloader with its defaults (V4 signing, CRC-64 of the
// whole download checked, a temporary file renamed into place).
func newV2DL(spec Spec) (func(context.Context) error, error) {
	cfg := v2.LoadDefaultConfig().
		WithCredentialsProvider(credentials.NewStaticCredentialsProvider(spec.KeyID, spec.Secret, "")).
		WithRegion(spec.Region).
		WithEndpoint(spec.Endpoint)
	dl := v2.NewClient(cfg).NewDownloader(func(o *v2.DownloaderOptions) {
		o.PartSize = spec.PartSize
		o.ParallelNum = spec.Threads
		o.EnableCheckpoint = true
		o.CheckpointDir = spec.WorkDir
	})
	req := &v2.GetObjectRequest{Bucket: v2.Ptr(spec.Bucket), Key: v2.Ptr(spec.Key)}
	return func(ctx context.Context) error {
		_, err := dl.DownloadFile(ctx, req, spec.File)
		return err
	}, nil
}
