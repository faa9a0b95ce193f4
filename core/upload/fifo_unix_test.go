//go:build unix

package upload

import (
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A FIFO given as the file is refused at once, without traffic: opening it for reading would
// otherwise wait forever for a writer (found by the reliability campaign's bad-input table).
func TestUploadRefusesFIFOWithoutHanging(t *testing.T) {
	e := newEnv(t)
	fifo := filepath.Join(e.dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := e.upload(e.opts(fifo, "k"))
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("a FIFO was uploaded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Upload of a FIFO did not return within 10 s")
	}
	if n := len(e.srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent for a FIFO", n)
	}
}
