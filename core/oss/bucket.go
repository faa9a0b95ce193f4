package oss

import (
	"context"
	"net/http"
)

// PutBucket creates a bucket (PUT /) with the server's default settings.
func (c *Client) PutBucket(ctx context.Context, in *BucketInput) (*BucketOutput, error) {
	return c.bucketOp(ctx, "PutBucket", http.MethodPut, in)
}

// DeleteBucket deletes an empty bucket (DELETE /).
func (c *Client) DeleteBucket(ctx context.Context, in *BucketInput) (*BucketOutput, error) {
	return c.bucketOp(ctx, "DeleteBucket", http.MethodDelete, in)
}

func (c *Client) bucketOp(ctx context.Context, op, method string, in *BucketInput) (*BucketOutput, error) {
	if in == nil {
		return nil, nilInput(op)
	}
	if err := ValidateBucketName(in.Bucket); err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, &request{op: op, method: method, bucket: in.Bucket})
	if err != nil {
		return nil, err
	}
	drain(resp)
	return &BucketOutput{Response: response(resp)}, nil
}
