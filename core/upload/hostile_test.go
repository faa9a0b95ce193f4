package upload

// What a hostile or broken server does to an upload (issue 12): never a false success, never
// a hang.

import (
	"errors"
	"testing"

	"github.com/ossresume/ossresume/core/oss"
)

// Complete answered 200 OK with an <Error> body ends in a server error naming the code, with the
// checkpoint kept and the upload open; the rerun completes it without sending a part again.
func TestCompleteOKWithErrorBodyResumes(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 3*part)
	o := e.opts(path, "obj")
	o.Checkpoint = true
	if err := e.srv.AddFault("op=Complete,status=200,code=InternalError,message=assembly failed"); err != nil {
		t.Fatal(err)
	}
	res, err := e.upload(o)
	var oe *oss.Error
	if !errors.As(err, &oe) || oe.Code != "InternalError" || oe.StatusCode != 200 {
		t.Fatalf("result %+v, err %v; want the server's InternalError", res, err)
	}
	if !exists(path + ".cp") {
		t.Fatal("the checkpoint was removed after a failed Complete")
	}
	if _, err := e.srv.Object(bucket, "obj"); err == nil {
		t.Fatal("an object exists")
	}
	if len(e.srv.OpenUploads(bucket)) != 1 {
		t.Fatal("the upload is not open for the rerun")
	}
	if sent := e.rerun(o, "obj", data); len(sent) != 0 {
		t.Fatalf("the rerun sent parts %v again", sent)
	}
	e.noOpenUploads()
}

// An answer without a CRC-64 is made good by a HEAD of the object; when HEAD has none either the
// result says not verified; a garbage CRC is an invalid response, never a success.
func TestMissingOrGarbageCRC(t *testing.T) {
	cases := []struct {
		name, fault string
		size        int
		verified    bool
		notice      string
		errCode     string
	}{
		{"parts and complete stripped", "op=UploadPart|Complete,no-crc", 3 * part, true, "verified by HEAD", ""},
		{"put stripped", "op=PutObject,no-crc", 1000, true, "verified by HEAD", ""},
		{"every answer stripped", "no-crc", 3 * part, false, "NOT verified", ""},
		{"put, every answer stripped", "no-crc", 1000, false, "NOT verified", ""},
		{"part garbage", "op=UploadPart,part=2,garbage-crc", 3 * part, false, "", "InvalidResponse"},
		{"complete garbage", "op=Complete,garbage-crc", 3 * part, false, "", "InvalidResponse"},
		{"put garbage", "op=PutObject,garbage-crc", 1000, false, "", "InvalidResponse"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			path, data := e.file("f", c.size)
			o := e.opts(path, "obj")
			o.Checkpoint = true
			o.PutThreshold = 2000
			if err := e.srv.AddFault(c.fault); err != nil {
				t.Fatal(err)
			}
			res, err := e.upload(o)
			if c.errCode != "" {
				var oe *oss.Error
				if !errors.As(err, &oe) || oe.Code != c.errCode {
					t.Fatalf("result %+v, err %v; want %s", res, err, c.errCode)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			e.checkObject("obj", data)
			if res.Verified != c.verified || !e.noticed(c.notice) {
				t.Fatalf("Verified %v (want %v), notices %q (want %q)", res.Verified, c.verified, e.notices, c.notice)
			}
		})
	}
}

// The sweep after a retried Initiate meets a listing whose marker creeps forever: it stops after
// sweepPages pages with a notice, and the upload itself completes.
func TestSweepBoundedAgainstCreepingList(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", 2*part)
	o := e.opts(path, "obj")
	o.Checkpoint = true
	for _, f := range []string{"op=Initiate,nth=1,status=503", "op=ListMultipartUploads|ListParts,creep-marker"} {
		if err := e.srv.AddFault(f); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.upload(o); err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	if n := e.ops("ListMultipartUploads"); n != sweepPages {
		t.Fatalf("%d ListMultipartUploads requests, want %d", n, sweepPages)
	}
	if n := e.ops("ListParts"); n > sweepPages*1000 || !e.noticed("stopped after") {
		t.Fatalf("%d ListParts, notices %q", n, e.notices)
	}
}
