package upload

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
)

// A one-PutObject upload with a checkpoint but no record on disk opens no store: it goes ahead
// while another holder has the checkpoint's lock (a store would refuse with ErrInUse) and
// leaves no record and no lock file behind. Both the default path and an explicit one.
func TestWholeWithoutRecordOpensNoStore(t *testing.T) {
	e := newEnv(t)
	for _, explicit := range []bool{false, true} {
		name := map[bool]string{false: "default", true: "explicit"}[explicit]
		path, data := e.file(name, part/2)
		o := e.opts(path, name)
		o.Checkpoint, o.PutThreshold = true, part
		lockPath := checkpoint.ObjectPath(path+".cp", oss.NormalEndpoint(o.Endpoint)+"\n"+bucket+"\n"+name) // OpenObject's first lock
		if explicit {
			o.CheckpointPath = filepath.Join(e.dir, name+".record")
			lockPath = o.CheckpointPath
		}
		held, err := checkpoint.Open(lockPath)
		if err != nil {
			t.Fatal(err)
		}
		e.freshLog()
		if _, err := e.upload(o); err != nil {
			t.Fatalf("%s: %v (a store was opened)", name, err)
		}
		held.Close()
		e.checkObject(name, data)
		if n, m := e.ops("PutObject"), len(e.srv.Requests()); n != 1 || m != 1 {
			t.Fatalf("%s: %d requests, %d PutObject; want the one PutObject", name, m, n)
		}
		for _, p := range []string{cpPath(o), cpPath(o) + ".lock", lockPath} {
			if _, err := os.Lstat(p); err == nil {
				t.Fatalf("%s: %s left behind", name, p)
			}
		}
	}
}

// A record left by an earlier, larger version of the file is still found and settled when the
// file now goes as one PutObject: its upload is aborted and the record removed.
func TestWholeSettlesEarlierRecord(t *testing.T) {
	e := newEnv(t)
	for _, explicit := range []bool{false, true} {
		name := map[bool]string{false: "default", true: "explicit"}[explicit]
		path, _ := e.file(name, 3*part)
		o := e.opts(path, name)
		o.Checkpoint, o.Threads = true, 1
		if explicit {
			o.CheckpointPath = filepath.Join(e.dir, name+".record")
		}
		rec := e.interrupt(o, 2)
		if rec.UploadID == "" {
			t.Fatalf("%s: the interrupted upload recorded no upload id", name)
		}
		_, data := e.file(name, part/2) // the file shrank: one PutObject now
		o.PutThreshold = part
		if _, err := e.upload(o); err != nil {
			t.Fatal(err)
		}
		e.checkObject(name, data)
		if a, p := e.ops("AbortMultipartUpload"), e.ops("PutObject"); a != 1 || p != 1 {
			t.Fatalf("%s: %d Abort, %d PutObject; want the earlier upload aborted, then one PutObject", name, a, p)
		}
		e.noOpenUploads()
		if exists(cpPath(o)) {
			t.Fatalf("%s: the earlier record %s was kept", name, cpPath(o))
		}
	}
}

// A checkpoint in a directory that does not exist is refused before any request, whether the
// file goes as one PutObject or as a multipart upload.
func TestWholeMissingCheckpointDir(t *testing.T) {
	e := newEnv(t)
	for _, size := range []int{part / 2, 2 * part} {
		path, _ := e.file("f", size)
		o := e.opts(path, "k")
		o.Checkpoint, o.PutThreshold = true, part
		o.CheckpointPath = filepath.Join(e.dir, "no-such-dir", "k.cp")
		e.freshLog()
		if _, err := e.upload(o); !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("%d bytes: err = %v, want the missing directory named", size, err)
		}
		if n := len(e.srv.Requests()); n != 0 {
			t.Fatalf("%d bytes: %d requests sent", size, n)
		}
	}
}

// A file small enough for one PutObject, with a .ucp the official C SDK left beside it, has that
// upload continued (its upload id, Complete) rather than a PutObject beside an upload left open.
func TestWholeContinuesUCP(t *testing.T) {
	e := newEnv(t)
	path, data := e.file("f", part/2)
	o := e.opts(path, "obj")
	o.Checkpoint = true
	rec := e.interrupt(o, 1) // a one-part multipart upload, its part refused
	if err := os.WriteFile(path+".ucp", checkpoint.EncodeUCP(rec), 0o640); err != nil {
		t.Fatal(err)
	}
	os.Remove(path + ".cp")
	o.PutThreshold = part
	res, err := e.upload(o)
	if err != nil {
		t.Fatal(err)
	}
	e.checkObject("obj", data)
	if res.UploadID != rec.UploadID || e.ops("PutObject") != 0 || e.ops("CompleteMultipartUpload") != 1 {
		t.Fatalf("upload id %q (the .ucp's %q), %d PutObject, %d Complete: want the C SDK's upload completed",
			res.UploadID, rec.UploadID, e.ops("PutObject"), e.ops("CompleteMultipartUpload"))
	}
	e.noOpenUploads()
	if exists(path+".ucp") || exists(path+".cp") {
		t.Fatal("the .ucp or the checkpoint was left after success")
	}
}
