package oss_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// BenchmarkUploadParts measures the client's part throughput against ossemu in benchmark
// mode (bodies CRC'd and dropped), 8 parts of 8 MiB in flight.
func BenchmarkUploadParts(b *testing.B) {
	srv, err := ossemu.Start(ossemu.Options{Benchmark: true}.WithFixture())
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Close()
	c, err := oss.New(oss.Config{Endpoint: srv.URL(), Region: testRegion, Credentials: oss.StaticCredentials(testID, testSecret, "")})
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	ctx := context.Background()
	ini, err := c.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: testBucket, Key: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	const size, inflight = 8 << 20, 8
	data := payload(size, 1)
	b.SetBytes(size)
	b.ResetTimer()
	var wg sync.WaitGroup
	sem := make(chan struct{}, inflight)
	for i := 0; i < b.N; i++ {
		sem <- struct{}{}
		wg.Add(1)
		go func(n int) {
			defer func() { <-sem; wg.Done() }()
			if _, err := c.UploadPart(ctx, &oss.UploadPartInput{Bucket: testBucket, Key: "bench", UploadID: ini.UploadID,
				PartNumber: n%10000 + 1, Body: bytes.NewReader(data), Size: size}); err != nil {
				b.Error(err)
			}
		}(i)
	}
	wg.Wait()
}
