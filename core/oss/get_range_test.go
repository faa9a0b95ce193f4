package oss_test

import (
	"bytes"
	"context"
	"errors"
	"hash/crc64"
	"io"
	"testing"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// TestGetRange: exactly the bytes asked for with the object's identity and whole-object CRC-64;
// If-Match on another ETag is the server's 412; a range past the end is 416 (standard range
// behaviour), never the whole object; bad input is refused before any request.
func TestGetRange(t *testing.T) {
	srv := startEmu(t, ossemu.Options{})
	c := newClient(t, srv, nil)
	ctx := context.Background()
	data := payload(1000, 7)
	put, err := c.PutObject(ctx, &oss.PutObjectInput{Bucket: testBucket, Key: "r", Body: bytes.NewReader(data), Size: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, rg := range [][2]int64{{0, 1}, {0, 1000}, {999, 1}, {100, 250}} {
		out, err := c.GetRange(ctx, &oss.GetRangeInput{Bucket: testBucket, Key: "r", Offset: rg[0], Size: rg[1], IfMatch: put.ETag})
		if err != nil {
			t.Fatalf("%v: %v", rg, err)
		}
		got, _ := io.ReadAll(out.Body)
		out.Body.Close()
		if !bytes.Equal(got, data[rg[0]:rg[0]+rg[1]]) || out.Offset != rg[0] || out.Size != rg[1] || out.ObjectSize != 1000 ||
			out.ETag != put.ETag || !out.HasCRC64 || out.CRC64 != crc64.Checksum(data, crc64.MakeTable(crc64.ECMA)) || out.LastModified.IsZero() {
			t.Fatalf("%v: %d bytes, output %+v", rg, len(got), out)
		}
	}
	_, err = c.GetRange(ctx, &oss.GetRangeInput{Bucket: testBucket, Key: "r", Offset: 0, Size: 10, IfMatch: `"00000000000000000000000000000000"`})
	wantServerError(t, err, 412, "PreconditionFailed")
	_, err = c.GetRange(ctx, &oss.GetRangeInput{Bucket: testBucket, Key: "r", Offset: 1000, Size: 10})
	wantServerError(t, err, 416, "InvalidRange")

	srv.ResetLog()
	for _, in := range []*oss.GetRangeInput{
		nil,
		{Bucket: testBucket, Key: "r", Offset: -1, Size: 1},
		{Bucket: testBucket, Key: "r", Offset: 0, Size: 0},
		{Bucket: testBucket, Key: "r", Offset: 1 << 62, Size: 1 << 62},
		{Bucket: testBucket, Key: "r", Size: 1, IfMatch: "a\r\nX: y"},
		{Bucket: "Bad_Bucket", Key: "r", Size: 1},
	} {
		var ae *oss.ArgumentError
		if _, err := c.GetRange(ctx, in); !errors.As(err, &ae) {
			t.Errorf("%+v: %v, want an ArgumentError", in, err)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Fatalf("bad input sent %d requests", n)
	}
}
