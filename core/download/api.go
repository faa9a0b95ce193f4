package download

import (
	"context"

	"github.com/ossresume/ossresume/core/oss"
)

// API lists the operations of *oss.Client the engine calls.
type API interface {
	HeadObject(ctx context.Context, in *oss.HeadObjectInput) (*oss.HeadObjectOutput, error)
	GetRange(ctx context.Context, in *oss.GetRangeInput) (*oss.GetRangeOutput, error)
}

var _ API = (*oss.Client)(nil)
