package upload

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/ossresume/ossresume/core/oss"
)

// A process that dies while Complete is under way leaves a checkpoint with every part and an
// upload id the server has since completed. The rerun must recognise the finished object by
// HEAD (size and CRC-64) instead of sending the whole file again (found by the kill -9
// campaign); with a different object in its place it must upload afresh.
func TestResumeAfterCompleteAnswerLost(t *testing.T) {
	for _, replaced := range []bool{false, true} {
		e := newEnv(t)
		path, data := e.file("f", 5*part+17)
		o := e.opts(path, "obj")
		o.Checkpoint, o.Retries = true, -1
		if err := e.srv.AddFault("op=Complete,when=after,reset-after=0,times=1"); err != nil {
			t.Fatal(err)
		}
		var te *oss.TransportError
		if _, err := e.upload(o); !errors.As(err, &te) {
			t.Fatalf("first run: err = %v, want the lost answer as a transport error", err)
		}
		if _, err := os.Stat(path + ".cp"); err != nil {
			t.Fatalf("the checkpoint was not kept: %v", err)
		}
		if replaced {
			other := "another object in its place"
			if _, err := e.api.PutObject(context.Background(), &oss.PutObjectInput{Bucket: bucket, Key: "obj",
				Body: strings.NewReader(other), Size: int64(len(other))}); err != nil {
				t.Fatal(err)
			}
		}
		e.srv.ResetLog()
		res, err := e.upload(o)
		if err != nil {
			t.Fatalf("replaced=%v: rerun: %v", replaced, err)
		}
		e.checkObject("obj", data)
		sent := len(e.sentParts())
		switch {
		case !replaced && (sent != 0 || e.ops("InitiateMultipartUpload") != 0 || res.ETag == ""):
			t.Fatalf("the completed upload was not recognised: %d parts sent again, %d Initiates, ETag %q",
				sent, e.ops("InitiateMultipartUpload"), res.ETag)
		case replaced && sent != 6:
			t.Fatalf("a replaced object was taken for ours: %d parts sent, want 6", sent)
		}
		if _, err := os.Stat(path + ".cp"); !os.IsNotExist(err) {
			t.Fatalf("replaced=%v: the checkpoint outlived the upload: %v", replaced, err)
		}
	}
}
