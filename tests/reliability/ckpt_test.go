//go:build reliability

package reliability

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
)

// TestCheckpointTrouble breaks the checkpoint: its directory missing or read-only, the file size
// limit hit while it grows, the record truncated or hand-edited, two uploaders on one record.
// Each gives a clear error (or is recovered from), never leaves a record that does not load,
// and the upload completes once the cause is gone.
func TestCheckpointTrouble(t *testing.T) {
	b := needBins(t)
	rng := newRand(t)
	const partSize = 100 * 1024
	const parts = 40
	e := startEmu(t, b)
	c := e.client()
	args := func(cp string) []string {
		return []string{"--part-size", fmt.Sprint(partSize), "--threads", "4", "--checkpoint", cp}
	}
	const bound = 60 * time.Second
	var cases, clearErrors int

	// interrupted leaves a checkpoint behind: an upload stopped with SIGINT after a few parts.
	interrupted := func(t *testing.T, file, key, cp string) {
		t.Helper()
		e.setFaults(fmt.Sprintf("op=UploadPart,key=%s,bandwidth=1MiB", key))
		o := runUntil(t, e, e.cli(file, key, args(cp)...), key, 6, interrupt, bound)
		e.setFaults()
		if o.exit != 130 {
			t.Fatalf("interrupted upload: exit %d, want 130: %s", o.exit, oneLine(o.output))
		}
	}
	// finish runs the upload to its end and verifies the object.
	finish := func(t *testing.T, cmd *exec.Cmd, file, key string) {
		t.Helper()
		if o := runUntil(t, e, cmd, key, 0, nil, bound); o.exit != 0 {
			t.Fatalf("once the cause was gone the upload failed (exit %d): %s", o.exit, oneLine(o.output))
		}
		must(t, verifyObject(c, key, file))
	}
	// refused checks a failed run: exit 1, the message names the checkpoint, no object.
	refused := func(t *testing.T, o runOutcome, key, want string) {
		t.Helper()
		if o.exit != 1 || !strings.Contains(o.output, want) {
			t.Fatalf("exit %d, want 1 with %q: %s", o.exit, want, oneLine(o.output))
		}
		if objectExists(c, key) {
			t.Fatal("an object appeared although the upload failed")
		}
		clearErrors++
	}

	t.Run("dir-missing", func(t *testing.T) {
		cases++
		dir := t.TempDir()
		key := "ckpt/dir-missing"
		file := makeFile(t, dir, "f.bin", parts*partSize-1, rng)
		cp := filepath.Join(dir, "missing", "f.cp")
		tail := e.tailFromEnd()
		o := runUntil(t, e, e.cli(file, key, args(cp)...), key, 0, nil, bound)
		if n := len(tail.poll()); n != 0 {
			t.Errorf("%d requests sent although the checkpoint could not be created", n)
		}
		refused(t, o, key, "checkpoint")
		must(t, os.Mkdir(filepath.Dir(cp), 0o755))
		finish(t, e.cli(file, key, args(cp)...), file, key)
	})

	t.Run("dir-read-only", func(t *testing.T) {
		cases++
		dir := openDir(t)
		key := "ckpt/dir-read-only"
		file := makeFile(t, dir, "f.bin", parts*partSize-1, rng)
		must(t, os.Chmod(file, 0o644))
		cpdir := filepath.Join(dir, "cp")
		must(t, os.Mkdir(cpdir, 0o555))
		must(t, os.Chmod(cpdir, 0o555))
		cp := filepath.Join(cpdir, "f.cp")
		cmd := e.cli(file, key, args(cp)...)
		asNobody(cmd)
		refused(t, runUntil(t, e, cmd, key, 0, nil, bound), key, "checkpoint")
		must(t, os.Chmod(cpdir, 0o777))
		cmd = e.cli(file, key, args(cp)...)
		asNobody(cmd)
		finish(t, cmd, file, key)
	})

	t.Run("file-size-limit", func(t *testing.T) {
		cases++
		dir := t.TempDir()
		key := "ckpt/fsize"
		file := makeFile(t, dir, "f.bin", parts*partSize-1, rng)
		cp := filepath.Join(dir, "f.cp")
		// RLIMIT_FSIZE of 4 KiB: the header and a dozen part lines fit, then writes fail with
		// EFBIG (SIGXFSZ ignored, as the shell passes it on), as on a full disk.
		shell := "trap '' XFSZ; ulimit -f 8; exec \"$@\""
		lim := e.cli(file, key, args(cp)...)
		lim.Args = append([]string{"sh", "-c", shell, "sh"}, lim.Args...)
		lim.Path = "/bin/sh"
		refused(t, runUntil(t, e, lim, key, 0, nil, bound), key, "checkpoint")
		if _, err := checkpoint.Load(cp); err != nil {
			t.Fatalf("the record left by the failed write does not load: %v", err)
		}
		finish(t, e.cli(file, key, args(cp)...), file, key)
	})

	// Damaged records: the upload must still end correct, resuming what can be trusted and
	// aborting what cannot.
	damage := map[string]func(data []byte) []byte{
		"truncated-mid-line": func(d []byte) []byte { return d[:len(d)-37] },
		"truncated-header":   func(d []byte) []byte { return d[:40] },
		"empty":              func(d []byte) []byte { return nil },
		"edited-part-etag": func(d []byte) []byte {
			lines := bytes.Split(d, []byte("\n"))
			l := lines[2]
			i := bytes.Index(l, []byte(`"etag":"`)) + 9
			l[i] ^= 0x01
			return bytes.Join(lines, []byte("\n"))
		},
		"edited-header-part-size": func(d []byte) []byte {
			return bytes.Replace(d, []byte(fmt.Sprintf(`%d`, partSize)), []byte(fmt.Sprintf(`%d`, partSize*2)), 1)
		},
		"garbage": func(d []byte) []byte { return []byte("<?xml this is not a checkpoint\x00\xff\n") },
	}
	for _, name := range []string{"truncated-mid-line", "truncated-header", "empty", "edited-part-etag", "edited-header-part-size", "garbage"} {
		t.Run("damaged/"+name, func(t *testing.T) {
			cases++
			dir := t.TempDir()
			key := "ckpt/damaged-" + name
			file := makeFile(t, dir, "f.bin", parts*partSize-1, rng)
			cp := filepath.Join(dir, "f.cp")
			interrupted(t, file, key, cp)
			data, err := os.ReadFile(cp)
			must(t, err)
			must(t, os.WriteFile(cp, damage[name](data), 0o600))
			finish(t, e.cli(file, key, args(cp)...), file, key)
			if _, err := os.Stat(cp); !os.IsNotExist(err) {
				t.Errorf("the checkpoint outlived the upload: %v", err)
			}
		})
	}

	t.Run("two-processes", func(t *testing.T) {
		cases++
		dir := t.TempDir()
		key := "ckpt/two"
		file := makeFile(t, dir, "f.bin", parts*partSize-1, rng)
		cp := filepath.Join(dir, "f.cp")
		e.setFaults(fmt.Sprintf("op=UploadPart,key=%s,bandwidth=1MiB", key))
		first := e.cli(file, key, args(cp)...)
		var second runOutcome
		o := runUntil(t, e, first, key, 2, func(*exec.Cmd) {
			second = runUntil(t, e, e.cli(file, key, args(cp)...), key, 0, nil, bound)
			e.setFaults()
		}, bound)
		if o.exit != 0 {
			t.Fatalf("the first uploader failed (exit %d): %s", o.exit, oneLine(o.output))
		}
		if second.exit != 1 || !strings.Contains(strings.ToLower(second.output), "in use") {
			t.Fatalf("the second uploader on the same record: exit %d, want 1 saying it is in use: %s", second.exit, oneLine(second.output))
		}
		clearErrors++
		must(t, verifyObject(c, key, file))
	})

	// A record destroyed down to its header no longer names its upload: nothing can find that
	// upload again (aborting other uploads of the key could hit another client's), so it stays
	// open until a lifecycle rule ends it. Any other upload left open is a leak.
	unknowable := map[string]bool{"ckpt/damaged-truncated-header": true, "ckpt/damaged-empty": true, "ckpt/damaged-garbage": true}
	for _, u := range e.openUploads() {
		if unknowable[u.Key] {
			t.Logf("left open, its record destroyed (known limitation): %v", u)
			continue
		}
		t.Errorf("multipart upload left open: %v", u)
	}
	t.Logf("checkpoint trouble: %d cases, %d clear errors, all uploads completed once the cause was gone", cases, clearErrors)
}
