package bench

import (
	"context"
	"path/filepath"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// newOurs runs core/upload the way a user does: checkpoint on, default retries, V4 signing,
// CRC-64 per part (PartSHA256 only for ours-sha).
func newOurs(spec Spec) (func(context.Context) error, error) {
	client, err := oss.New(oss.Config{
		Endpoint:    spec.Endpoint,
		Region:      spec.Region,
		Credentials: oss.StaticCredentials(spec.KeyID, spec.Secret, ""),
		CAFile:      spec.CAFile,
	})
	if err != nil {
		return nil, err
	}
	opts := upload.Options{
		Bucket:         spec.Bucket,
		Key:            spec.Key,
		FilePath:       spec.File,
		Endpoint:       spec.Endpoint,
		PartSize:       spec.PartSize,
		Threads:        spec.Threads,
		Checkpoint:     true,
		CheckpointPath: filepath.Join(spec.WorkDir, "ours.cp"),
		PartSHA256:     spec.Kind == KindOursSHA,
	}
	return func(ctx context.Context) error {
		defer client.Close()
		_, err := upload.Upload(ctx, client, opts)
		return err
	}, nil
}
