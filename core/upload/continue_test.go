package upload

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
)

// startForeign plays another client (ali-oss): it initiates an upload of key and sends the
// given parts of data in parts of size part, returning the upload id. corrupt names parts sent
// with the right size but other bytes, as a file changed since would leave them.
func (e *env) startForeign(key string, data []byte, parts, corrupt []int) string {
	e.t.Helper()
	ctx := context.Background()
	init, err := e.api.InitiateMultipartUpload(ctx, &oss.InitiateInput{Bucket: bucket, Key: key})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, n := range append(slices.Clone(parts), corrupt...) {
		off, size := checkpoint.PartRange(n, int64(len(data)), part)
		body := data[off : off+size]
		if slices.Contains(corrupt, n) {
			body = bytes.Repeat([]byte{'x'}, int(size))
		}
		if _, err := e.api.UploadPart(ctx, &oss.UploadPartInput{Bucket: bucket, Key: key, UploadID: init.UploadID,
			PartNumber: n, Body: bytes.NewReader(body), Size: size}); err != nil {
			e.t.Fatal(err)
		}
	}
	return init.UploadID
}

func TestContinueUpload(t *testing.T) {
	const N = 8
	cases := []struct {
		name          string
		parts         []int // sent by the other client with the file's bytes
		corrupt       []int // sent with other bytes
		unknownID     bool  // the id names no upload on the server
		ownRecord     bool  // a record of ours for another upload of the object exists
		wantSent      []int
		wantFreshInit bool
	}{
		{name: "listed parts proven by CRC are kept", parts: []int{1, 2, 5}, wantSent: []int{3, 4, 6, 7, 8}},
		{name: "a part whose bytes differ is sent again", parts: []int{1, 2}, corrupt: []int{3}, wantSent: []int{3, 4, 5, 6, 7, 8}},
		{name: "an unknown upload id starts afresh", unknownID: true, wantSent: rangeInts(1, N), wantFreshInit: true},
		{name: "our record of another upload is set aside", parts: []int{1, 2, 3}, ownRecord: true, wantSent: []int{4, 5, 6, 7, 8}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			path, data := e.file("f", N*part-77)
			o := e.opts(path, "obj")
			o.Checkpoint = true
			if c.ownRecord {
				e.interrupt(o, 2) // leaves a record naming an upload of ours
			}
			id := "0123456789ABCDEF0123456789ABCDEF"
			if !c.unknownID {
				id = e.startForeign("obj", data, c.parts, c.corrupt)
			}
			e.freshLog()
			o.ContinueUploadID = id
			res, err := e.upload(o)
			if err != nil {
				t.Fatal(err)
			}
			e.checkObject("obj", data)
			if got := sorted(e.sentParts()); !slices.Equal(got, c.wantSent) {
				t.Fatalf("sent parts %v, want %v", got, c.wantSent)
			}
			if inits := e.ops("InitiateMultipartUpload"); (inits == 1) != c.wantFreshInit {
				t.Fatalf("%d Initiate(s); a fresh upload wanted: %v", inits, c.wantFreshInit)
			}
			if !c.wantFreshInit && res.UploadID != id {
				t.Fatalf("completed upload %s, want the continued %s", res.UploadID, id)
			}
			if want := int64(N-len(c.wantSent)) * part; !c.wantFreshInit && res.BytesResumed != want {
				t.Fatalf("bytes resumed %d, want %d", res.BytesResumed, want)
			}
			e.noOpenUploads()
		})
	}
}

func TestContinueUploadNeedsCheckpoint(t *testing.T) {
	e := newEnv(t)
	path, _ := e.file("f", 3*part)
	o := e.opts(path, "obj")
	o.ContinueUploadID = "X"
	_, err := e.upload(o)
	var oe *OptionError
	if !errors.As(err, &oe) || oe.Field != "ContinueUploadID" {
		t.Fatalf("err = %v, want an OptionError naming ContinueUploadID", err)
	}
	if n := len(e.srv.Requests()); n != 0 {
		t.Fatalf("%d request(s) sent for a refused option", n)
	}
}
