package upload

import (
	"errors"
	"fmt"
	"testing"
)

// A server CRC-64 that disagrees fails the upload by default; with SkipCRCCheck (the C SDK's
// enable_crc = 0) it is accepted, the part is not sent again, and the object is stored.
func TestSkipCRCCheck(t *testing.T) {
	cases := []struct {
		fault, what string
		size        int
	}{
		{"op=UploadPart,part=2,wrong-crc", "part", 3 * part},
		{"op=Complete,wrong-crc", "object", 3 * part},
		{"op=PutObject,wrong-crc", "object", 0},
	}
	for _, c := range cases {
		for _, skip := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/size %d/skip %v", c.what, c.size, skip), func(t *testing.T) {
				e := newEnv(t)
				path, data := e.file("f", c.size)
				o := e.opts(path, "obj")
				o.Checkpoint = true
				o.SkipCRCCheck = skip
				if err := e.srv.AddFault(c.fault); err != nil {
					t.Fatal(err)
				}
				res, err := e.upload(o)
				if !skip {
					var ie *InconsistentError
					if !errors.As(err, &ie) || ie.What != c.what {
						t.Fatalf("result %v, err = %v; want an *InconsistentError about the %s", res, err, c.what)
					}
					return
				}
				if err != nil {
					t.Fatalf("with SkipCRCCheck: %v", err)
				}
				e.checkObject("obj", data)
				if exists(path + ".cp") {
					t.Error("the checkpoint outlived the upload")
				}
				if c.what == "part" && e.ops("UploadPart") != 3 {
					t.Errorf("%d UploadPart requests, want 3 (a skipped mismatch is not retried)", e.ops("UploadPart"))
				}
				if c.what == "object" && !e.noticed("CRC check skipped") {
					t.Errorf("no notice of the accepted mismatch: %q", e.notices)
				}
			})
		}
	}
}
