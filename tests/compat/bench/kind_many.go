package bench

import (
	"context"
	"path/filepath"

	osdk "github.com/aliyun/aliyun-oss-go-sdk/oss"
	ours "github.com/ossresume/ossresume/bindings/go/oss"
)

// The many-files clients upload every file of the directory spec.File, one after the other,
// through one client, each call as a legacy tool makes it: resumable (a checkpoint per file),
// spec.Threads routines. Ours is the v1 drop-in (bindings/go/oss), so the two loops are the same
// code but for the import.

func newOursMany(spec Spec) (func(context.Context) error, error) {
	client, err := ours.New(spec.Endpoint, spec.KeyID, spec.Secret)
	if err != nil {
		return nil, err
	}
	bucket, err := client.Bucket(spec.Bucket)
	if err != nil {
		return nil, err
	}
	return func(context.Context) error {
		for i := range spec.Files {
			name := ManyFileName(i)
			err := bucket.UploadFile(spec.Key+"/"+name, filepath.Join(spec.File, name), spec.PartSize,
				ours.Routines(spec.Threads), ours.Checkpoint(true, filepath.Join(spec.WorkDir, name+".cp")))
			if err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func newV1Many(spec Spec) (func(context.Context) error, error) {
	client, err := osdk.New(spec.Endpoint, spec.KeyID, spec.Secret)
	if err != nil {
		return nil, err
	}
	bucket, err := client.Bucket(spec.Bucket)
	if err != nil {
		return nil, err
	}
	return func(context.Context) error {
		for i := range spec.Files {
			name := ManyFileName(i)
			err := bucket.UploadFile(spec.Key+"/"+name, filepath.Join(spec.File, name), spec.PartSize,
				osdk.Routines(spec.Threads), osdk.Checkpoint(true, filepath.Join(spec.WorkDir, name+".cp")))
			if err != nil {
				return err
			}
		}
		return nil
	}, nil
}
