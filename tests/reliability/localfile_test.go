//go:build reliability

package reliability

import (
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLocalFileTrouble changes, deletes or locks the local file around an upload: each change is
// detected and reported (InconsistentError or a file error), no object made of two versions of
// the file ever appears, and once the file is settled a rerun uploads what it now holds.
func TestLocalFileTrouble(t *testing.T) {
	b := needBins(t)
	rng := newRand(t)
	const partSize = 100 * 1024
	const parts = 40
	e := startEmu(t, b)
	c := e.client()

	mutate := map[string]func(t *testing.T, path string, rng *rand.Rand){
		"truncated": func(t *testing.T, path string, _ *rand.Rand) {
			must(t, os.Truncate(path, parts*partSize/3))
		},
		"extended": func(t *testing.T, path string, rng *rand.Rand) {
			f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
			must(t, err)
			buf := make([]byte, 4096)
			rng.Read(buf)
			_, err = f.Write(buf)
			must(t, err)
			must(t, f.Close())
		},
		"rewritten-in-place": func(t *testing.T, path string, rng *rand.Rand) {
			// Bytes ahead of the upload change: without detection the object would mix the
			// old beginning with the new end.
			f, err := os.OpenFile(path, os.O_WRONLY, 0)
			must(t, err)
			buf := make([]byte, 3*partSize)
			rng.Read(buf)
			_, err = f.WriteAt(buf, (parts-4)*partSize)
			must(t, err)
			must(t, f.Close())
		},
		"rewritten-whole": func(t *testing.T, path string, rng *rand.Rand) {
			buf := make([]byte, parts*partSize-100)
			rng.Read(buf)
			must(t, os.WriteFile(path, buf, 0o644))
		},
	}
	var detected int
	for _, name := range []string{"truncated", "extended", "rewritten-in-place", "rewritten-whole"} {
		t.Run("during/"+name, func(t *testing.T) {
			dir := t.TempDir()
			key := "local/during-" + name
			file := makeFile(t, dir, "f.bin", parts*partSize-100, rng)
			cp := filepath.Join(dir, "f.cp")
			args := []string{"--part-size", fmt.Sprint(partSize), "--threads", "4", "--checkpoint", cp}
			// Paced parts leave a wide window between the first parts and Complete.
			e.setFaults(fmt.Sprintf("op=UploadPart,key=%s,bandwidth=1MiB", key))
			o := runUntil(t, e, e.cli(file, key, args...), key, 3, func(_ *exec.Cmd) { mutate[name](t, file, rng) }, 60*time.Second)
			e.setFaults()
			if o.exit != 1 || !strings.Contains(o.output, "InconsistentError") {
				t.Fatalf("the change was not reported as InconsistentError (exit %d): %s", o.exit, oneLine(o.output))
			}
			detected++
			if objectExists(c, key) {
				t.Fatalf("an object was made although the file changed mid-upload")
			}
			// Settled, the file uploads: resumed parts are re-hashed, changed ones sent again.
			if o := runUntil(t, e, e.cli(file, key, args...), key, 0, nil, 60*time.Second); o.exit != 0 {
				t.Fatalf("the rerun on the settled file failed (exit %d): %s", o.exit, oneLine(o.output))
			}
			if err := verifyObject(c, key, file); err != nil {
				t.Fatal(err)
			}
		})
	}

	t.Run("deleted-before-resume", func(t *testing.T) {
		dir := t.TempDir()
		key := "local/deleted"
		file := makeFile(t, dir, "f.bin", parts*partSize-100, rng)
		cp := filepath.Join(dir, "f.cp")
		args := []string{"--part-size", fmt.Sprint(partSize), "--threads", "4", "--checkpoint", cp}
		e.setFaults(fmt.Sprintf("op=UploadPart,key=%s,bandwidth=1MiB", key))
		o := runUntil(t, e, e.cli(file, key, args...), key, 3, interrupt, 60*time.Second)
		e.setFaults()
		if o.exit != 130 {
			t.Fatalf("interrupted upload: exit %d, want 130: %s", o.exit, oneLine(o.output))
		}
		must(t, os.Remove(file))
		o = runUntil(t, e, e.cli(file, key, args...), key, 0, nil, 60*time.Second)
		if o.exit != 1 || !strings.Contains(o.output, "OpenFileFail") {
			t.Fatalf("resume of a deleted file: exit %d, want 1 with OpenFileFail: %s", o.exit, oneLine(o.output))
		}
		detected++
		if _, err := os.Stat(cp); err != nil {
			t.Fatalf("the checkpoint did not survive the failed resume: %v", err)
		}
		if objectExists(c, key) {
			t.Fatal("an object appeared although the file is gone")
		}
		// A new file at the same path: the old parts are not its parts.
		makeFile(t, dir, "f.bin", parts*partSize-100, rng)
		if o := runUntil(t, e, e.cli(file, key, args...), key, 0, nil, 60*time.Second); o.exit != 0 {
			t.Fatalf("upload of the new file failed (exit %d): %s", o.exit, oneLine(o.output))
		}
		must(t, verifyObject(c, key, file))
	})

	t.Run("unreadable", func(t *testing.T) {
		dir := openDir(t) // the uploader runs as nobody under root
		key := "local/unreadable"
		file := makeFile(t, dir, "f.bin", parts*partSize-100, rng)
		must(t, os.Chmod(file, 0o644))
		cp := filepath.Join(dir, "f.cp")
		args := []string{"--part-size", fmt.Sprint(partSize), "--threads", "4", "--checkpoint", cp}
		cli := func() *exec.Cmd { cmd := e.cli(file, key, args...); asNobody(cmd); return cmd }
		e.setFaults(fmt.Sprintf("op=UploadPart,key=%s,bandwidth=1MiB", key))
		o := runUntil(t, e, cli(), key, 3, interrupt, 60*time.Second)
		e.setFaults()
		if o.exit != 130 {
			t.Fatalf("interrupted upload: exit %d, want 130: %s", o.exit, oneLine(o.output))
		}
		must(t, os.Chmod(file, 0))
		e.quiesce()
		tail := e.tailFromEnd()
		o = runUntil(t, e, cli(), key, 0, nil, 60*time.Second)
		if o.exit != 1 || !strings.Contains(o.output, "OpenFileFail") {
			t.Fatalf("resume of an unreadable file: exit %d, want 1 with OpenFileFail: %s", o.exit, oneLine(o.output))
		}
		detected++
		if n := len(tail.poll()); n != 0 {
			t.Errorf("%d requests sent for an unreadable file", n)
		}
		must(t, os.Chmod(file, 0o644))
		if o := runUntil(t, e, cli(), key, 0, nil, 60*time.Second); o.exit != 0 {
			t.Fatalf("resume once readable failed (exit %d): %s", o.exit, oneLine(o.output))
		}
		must(t, verifyObject(c, key, file))
	})
	for _, u := range e.openUploads() {
		t.Errorf("multipart upload left open: %v", u)
	}
	t.Logf("local file trouble: %d cases, %d changes detected and reported", 6, detected)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// openDir is a temporary directory every user may write, for uploaders run as nobody.
func openDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "reliability-")
	must(t, err)
	t.Cleanup(func() { os.RemoveAll(dir) })
	must(t, os.Chmod(dir, 0o777))
	return dir
}
