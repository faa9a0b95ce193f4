package upload

import (
	"errors"
	"testing"

	"github.com/ossresume/ossresume/core/crc64"
)

// A file below PutThreshold goes as one PutObject, hashed in the pass that sends it and retried
// whole; at or above it, as a multipart upload. Out-of-range thresholds are refused.
func TestPutThreshold(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("small", 3*part/2)

	o := e.opts(path, "small")
	o.PutThreshold = int64(len(data)) + 1
	if err := e.srv.AddFault("op=PutObject,nth=1,status=503,code=SlowDown"); err != nil {
		t.Fatal(err)
	}
	res, err := e.upload(o)
	if err != nil {
		t.Fatal(err)
	}
	e.checkObject("small", data)
	if got, want := res.CRC64, crc64.Checksum(data); got != want || res.BytesSent != int64(len(data)) {
		t.Fatalf("result CRC %d, sent %d; want %d, %d", got, res.BytesSent, want, len(data))
	}
	if n, m := e.ops("PutObject"), e.ops("InitiateMultipartUpload"); n != 2 || m != 0 {
		t.Fatalf("%d PutObject (want 2: a 503, then the retry), %d Initiate (want 0)", n, m)
	}

	o = e.opts(path, "at-threshold")
	o.PutThreshold = int64(len(data))
	if _, err := e.upload(o); err != nil {
		t.Fatal(err)
	}
	e.checkObject("at-threshold", data)
	if m := e.ops("InitiateMultipartUpload"); m != 1 {
		t.Fatalf("a file of exactly PutThreshold bytes: %d Initiate, want a multipart upload", m)
	}

	for _, bad := range []int64{-1, MaxPartSize + 1} {
		o = e.opts(path, "bad")
		o.PutThreshold = bad
		var oe *OptionError
		if _, err := e.upload(o); !errors.As(err, &oe) || oe.Field != "PutThreshold" {
			t.Fatalf("PutThreshold %d: err = %v, want an OptionError naming PutThreshold", bad, err)
		}
	}
}
