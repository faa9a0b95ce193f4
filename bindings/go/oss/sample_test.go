package oss_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"
)

// buildSample compiles examples/go/v1sample, the documentation's sample with only its import
// path (and the endpoint placeholder) changed, as a program of its own.
// Built once per test binary, into a directory TestMain removes.
func buildSample(t *testing.T) string {
	t.Helper()
	sample.once.Do(func() {
		dir, err := os.MkdirTemp("", "v1sample")
		if err != nil {
			sample.err = err
			return
		}
		sample.dir, sample.bin = dir, filepath.Join(dir, "v1sample")
		out, err := exec.Command("go", "build", "-o", sample.bin, "github.com/ossresume/ossresume/examples/go/v1sample").CombinedOutput()
		if err != nil {
			sample.err = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if sample.err != nil {
		t.Fatalf("the documented sample does not build: %v", sample.err)
	}
	return sample.bin
}

var sample struct {
	once     sync.Once
	dir, bin string
	err      error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sample.dir != "" {
		os.RemoveAll(sample.dir)
	}
	os.Exit(code)
}

// sampleCmd runs the sample in e.dir with the server's endpoint and key in its environment.
func (e *env) sampleCmd(bin string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(bin)
	cmd.Dir = e.dir
	cmd.Env = append(os.Environ(), "OSS_ENDPOINT="+e.srv.URL(),
		"OSS_ACCESS_KEY_ID="+e.key.ID, "OSS_ACCESS_KEY_SECRET="+e.key.Secret, "OSS_SESSION_TOKEN=")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	return cmd, &out
}

// The sample as users have it: a file "D:\localpath\examplefile.txt" (a plain name on Linux)
// uploaded in 100 KiB parts, three at a time, with a checkpoint; the object must be the file.
func TestDocumentedSample(t *testing.T) {
	bin := buildSample(t)
	e := newEnv(t)
	_, data := e.file(`D:\localpath\examplefile.txt`, 3*part+part/3)
	cmd, out := e.sampleCmd(bin)
	if err := cmd.Run(); err != nil {
		t.Fatalf("sample: %v\n%s", err, out)
	}
	if !bytes.Contains(out.Bytes(), []byte("File uploaded successfully.")) {
		t.Fatalf("sample output: %s", out)
	}
	e.checkObject("exampledir/exampleobject.txt", data)
	if got := e.acked(); !slices.Equal(got, rangeInts(1, 4)) {
		t.Fatalf("parts sent %v, want 1..4 once each", got)
	}
	if exists(filepath.Join(e.dir, `D:\localpath\examplefile.txt.cp`)) {
		t.Fatal("checkpoint left behind after success")
	}
	// Without credentials in the environment, the sample stops at the provider, before any request.
	e.srv.ResetLog()
	cmd, out = e.sampleCmd(bin)
	cmd.Env = append(cmd.Env, "OSS_ACCESS_KEY_ID=")
	if err := cmd.Run(); err == nil || !bytes.Contains(out.Bytes(), []byte("OSS_ACCESS_KEY_ID")) {
		t.Fatalf("sample without a key id: %v\n%s", err, out)
	}
	if n := len(e.srv.Requests()); n != 0 {
		t.Fatalf("%d requests sent without credentials", n)
	}
}

// The sample killed with SIGKILL mid-upload leaves "<file>.cp"; run again, it sends only the
// parts the first run had not finished.
func TestDocumentedSampleKilledAndResumed(t *testing.T) {
	bin := buildSample(t)
	e := newEnv(t)
	_, data := e.file(`D:\localpath\examplefile.txt`, 5*part+7)
	// Part 3 hangs; the others finish, then the process is killed.
	if err := e.srv.AddFault("op=UploadPart,part=3,delay=20s"); err != nil {
		t.Fatal(err)
	}
	cmd, out := e.sampleCmd(bin)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	e.waitAcked(5)
	time.Sleep(300 * time.Millisecond) // the acknowledged parts reach the checkpoint
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	first := e.acked()
	cp := filepath.Join(e.dir, `D:\localpath\examplefile.txt.cp`)
	if !exists(cp) {
		t.Fatalf("no checkpoint at %s after the kill (parts done %v)\n%s", cp, first, out)
	}
	e.freshLog()
	cmd, out = e.sampleCmd(bin)
	if err := cmd.Run(); err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	e.checkObject("exampledir/exampleobject.txt", data)
	if got := e.acked(); !slices.Equal(got, []int{3}) {
		t.Fatalf("the rerun sent parts %v, want only [3] (the first run finished %v)", got, first)
	}
	if exists(cp) {
		t.Fatal("checkpoint left behind after the resumed upload")
	}
}
