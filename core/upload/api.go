package upload

import (
	"context"

	"github.com/ossresume/ossresume/core/oss"
)

// API lists the operations of *oss.Client the engine calls; tests and wrappers may supply their own.
type API interface {
	InitiateMultipartUpload(ctx context.Context, in *oss.InitiateInput) (*oss.InitiateOutput, error)
	UploadPart(ctx context.Context, in *oss.UploadPartInput) (*oss.UploadPartOutput, error)
	ListParts(ctx context.Context, in *oss.ListPartsInput) (*oss.ListPartsOutput, error)
	CompleteMultipartUpload(ctx context.Context, in *oss.CompleteInput) (*oss.CompleteOutput, error)
	AbortMultipartUpload(ctx context.Context, in *oss.AbortInput) (*oss.AbortOutput, error)
	PutObject(ctx context.Context, in *oss.PutObjectInput) (*oss.PutObjectOutput, error)
	HeadObject(ctx context.Context, in *oss.HeadObjectInput) (*oss.HeadObjectOutput, error)
	ListMultipartUploads(ctx context.Context, in *oss.ListMultipartUploadsInput) (*oss.ListMultipartUploadsOutput, error)
}

var _ API = (*oss.Client)(nil)
