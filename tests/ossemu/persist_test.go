package ossemu

import (
	"bufio"
	"bytes"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain doubles as a server process for the kill test: with OSSEMU_TEST_CHILD set, the test
// binary runs a disk-backed server until it is killed.
func TestMain(m *testing.M) {
	if dir := os.Getenv("OSSEMU_TEST_CHILD"); dir != "" {
		s, err := Start(Options{DataDir: dir, Keys: []Key{{"test-ak", "test-secret"}}, Buckets: []string{"bkt"}})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		fmt.Println(s.URL())
		select {}
	}
	os.Exit(m.Run())
}

// startChild runs the server in another process and returns a client for it.
func startChild(t *testing.T, dir string) (*exec.Cmd, *client) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "OSSEMU_TEST_CHILD="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("child server printed no URL: %v", err)
	}
	url := strings.TrimSpace(line)
	remote := &Server{url: url, endpoint: strings.TrimPrefix(url, "http://"), now: time.Now, keys: []Key{{"test-ak", "test-secret"}}}
	return cmd, newClient(t, remote)
}

func TestKilledServerKeepsData(t *testing.T) {
	dir := t.TempDir()
	cmd, c := startChild(t, dir)
	c.key = Key{"test-ak", "test-secret"}

	obj := randomData(200_000)
	c.put("bkt", "dir/kept.bin", obj, http.Header{"X-Oss-Meta-A": {"b"}}).want(t, 200, "")
	c.put("bkt", "gone", []byte("deleted"), nil).want(t, 200, "")
	c.do("DELETE", "bkt", "gone", "", nil, nil).want(t, 204, "")
	c.put("bkt", "over", []byte("first"), nil).want(t, 200, "")
	c.put("bkt", "over", []byte("second"), nil).want(t, 200, "")

	done := c.initiate("bkt", "done.bin", http.Header{"X-Oss-Meta-M": {"1"}})
	p1, p2 := randomData(minPartSize), randomData(500)
	e1 := c.uploadPart("bkt", "done.bin", done, 1, p1).want(t, 200, "").Header.Get("ETag")
	e2 := c.uploadPart("bkt", "done.bin", done, 2, p2).want(t, 200, "").Header.Get("ETag")
	c.complete("bkt", "done.bin", done, []completePart{{1, e1}, {2, e2}}).want(t, 200, "")

	open := c.initiate("bkt", "open.bin", nil)
	q1, q2 := randomData(minPartSize), randomData(minPartSize)
	f1 := c.uploadPart("bkt", "open.bin", open, 1, q1).want(t, 200, "").Header.Get("ETag")
	c.uploadPart("bkt", "open.bin", open, 2, randomData(10)).want(t, 200, "")
	f2 := c.uploadPart("bkt", "open.bin", open, 2, q2).want(t, 200, "").Header.Get("ETag") // replaces

	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	os.WriteFile(filepath.Join(dir, "blobs", "stray"), []byte("left by a killed write"), 0o644)

	s := startServer(t, Options{DataDir: dir})
	c2 := newClient(t, s)
	for key, want := range map[string][]byte{"dir/kept.bin": obj, "over": []byte("second"), "done.bin": append(append([]byte{}, p1...), p2...)} {
		if got, err := s.Object("bkt", key); err != nil || !bytes.Equal(got, want) {
			t.Fatalf("after the kill %q: %d bytes, %v", key, len(got), err)
		}
	}
	h := c2.do("HEAD", "bkt", "done.bin", "", nil, nil).want(t, 200, "")
	if h.Header.Get("X-Oss-Meta-M") != "1" || h.Header.Get("X-Oss-Object-Type") != "Multipart" {
		t.Fatalf("multipart object metadata lost: %v", h.Header)
	}
	c2.get("bkt", "gone", nil).want(t, 404, "NoSuchKey")
	ups := s.OpenUploads("bkt")
	if len(ups) != 1 || ups[0].UploadID != open || len(ups[0].Parts) != 2 || ups[0].Parts[1].Size != minPartSize {
		t.Fatalf("open uploads after the kill: %+v", ups)
	}
	q3 := randomData(7)
	f3 := c2.uploadPart("bkt", "open.bin", open, 3, q3).want(t, 200, "").Header.Get("ETag")
	c2.complete("bkt", "open.bin", open, []completePart{{1, f1}, {2, f2}, {3, f3}}).want(t, 200, "")
	if got, _ := s.Object("bkt", "open.bin"); !bytes.Equal(got, bytes.Join([][]byte{q1, q2, q3}, nil)) {
		t.Fatal("upload continued after the kill assembled wrong")
	}
	if _, err := os.Stat(filepath.Join(dir, "blobs", "stray")); !os.IsNotExist(err) {
		t.Fatal("an unreferenced blob survived the restart")
	}
	// Every blob left belongs to a live object: 1 + 1 + 2 (done.bin) + 3 (open.bin).
	if blobs, _ := os.ReadDir(filepath.Join(dir, "blobs")); len(blobs) != 7 {
		t.Fatalf("%d blobs on disk, want 7", len(blobs))
	}
}

func TestRestartAfterClose(t *testing.T) {
	dir := t.TempDir()
	s, err := Start(Options{DataDir: dir, Buckets: []string{"bkt"}})
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, s)
	c.put("bkt", "x", []byte("persisted"), nil).want(t, 200, "")
	c.do("PUT", "second", "", "", nil, []byte{}).want(t, 200, "")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2 := startServer(t, Options{DataDir: dir, Keys: s.Keys(), Buckets: []string{}})
	if got, err := s2.Object("bkt", "x"); err != nil || string(got) != "persisted" {
		t.Fatalf("after restart: %q %v", got, err)
	}
	c2 := newClient(t, s2)
	c2.put("second", "y", []byte("bucket kept"), nil).want(t, 200, "")
}
