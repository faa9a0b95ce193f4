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

// buildSample returns the program built from examples/go/<name>: v1sample, the documentation's
// sample with only its import path (and the endpoint placeholder) changed, or v1upload. Both are
// built once per test binary, by one go build, into a directory TestMain removes.
func buildSample(t *testing.T, name string) string {
	t.Helper()
	sample.once.Do(func() {
		if sample.dir, sample.err = os.MkdirTemp("", "v1sample"); sample.err != nil {
			return
		}
		out, err := exec.Command("go", "build", "-o", sample.dir+string(filepath.Separator),
			"github.com/ossresume/ossresume/examples/go/v1sample",
			"github.com/ossresume/ossresume/examples/go/v1upload").CombinedOutput()
		if err != nil {
			sample.err = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if sample.err != nil {
		t.Fatalf("the examples do not build: %v", sample.err)
	}
	return filepath.Join(sample.dir, name)
}

var sample struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sample.dir != "" {
		os.RemoveAll(sample.dir)
	}
	os.Exit(code)
}

// sampleCmd runs the sample in e.dir with the server's endpoint and key in its environment.
func (e *env) sampleCmd(bin string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.Command(bin, args...)
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
	bin := buildSample(t, "v1sample")
	e := newEnv(t)
	_, data := e.file(`D:\localpath\examplefile.txt`, 3*part+part/3)
	cmd, out := e.sampleCmd(bin)
	if err := cmd.Run(); err != nil {
		t.Fatalf("sample: %v\n%s", err, out)
	}
	if !bytes.Contains(out.Bytes(), []byte("File uploaded successfully.")) {
		t.Fatalf("sample output: %s", out)
	}
	e.checkObjectIn(docBucket, "exampledir/exampleobject.txt", data)
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
	bin := buildSample(t, "v1sample")
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
	if !e.waitAcked(5) {
		cmd.Process.Kill()
		t.FailNow()
	}
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
	e.checkObjectIn(docBucket, "exampledir/exampleobject.txt", data)
	if got := e.acked(); !slices.Equal(got, []int{3}) {
		t.Fatalf("the rerun sent parts %v, want only [3] (the first run finished %v)", got, first)
	}
	if exists(cp) {
		t.Fatal("checkpoint left behind after the resumed upload")
	}
}

// examples/go/v1upload, a ported v1 program: progress lines, Ctrl-C (SIGINT through WithContext)
// exits 130 keeping the checkpoint, and the rerun starts from the parts already sent.
func TestV1UploadExampleInterruptedAndResumed(t *testing.T) {
	bin := buildSample(t, "v1upload")
	e := newEnv(t)
	path, data := e.file("movie.bin", 6*part)
	args := []string{"-endpoint", e.srv.URL(), "-routines", "1", "-part-size", "102400", path, testBucket, "movies/m.bin"}
	e.srv.AddFault("op=UploadPart,part=4,delay=20s")
	cmd, out := e.sampleCmd(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if !e.waitAcked(3) {
		cmd.Process.Kill()
		t.FailNow()
	}
	time.Sleep(300 * time.Millisecond)
	cmd.Process.Signal(os.Interrupt)
	if err := cmd.Wait(); cmd.ProcessState.ExitCode() != 130 || !bytes.Contains(out.Bytes(), []byte("run the same command again")) {
		t.Fatalf("after Ctrl-C: %v, exit %d\n%s", err, cmd.ProcessState.ExitCode(), out)
	}
	if !exists(path + ".cp") {
		t.Fatalf("no checkpoint kept after Ctrl-C\n%s", out)
	}
	e.freshLog()
	cmd, out = e.sampleCmd(bin, args...)
	if err := cmd.Run(); err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	// Started counts at least the three parts carried over (more if the first part of the rerun
	// was already being read when the listener first heard).
	var started, total int
	if _, err := fmt.Sscanf(out.String(), "started: %d of %d bytes", &started, &total); err != nil || started < 3*part || total != 6*part {
		t.Fatalf("rerun's first line: %v\n%s", err, out)
	}
	for _, want := range []string{"100% 614400/614400", "completed: the object is verified", "uploaded "} {
		if !bytes.Contains(out.Bytes(), []byte(want)) {
			t.Fatalf("rerun output lacks %q:\n%s", want, out)
		}
	}
	if got := e.acked(); !slices.Equal(got, []int{4, 5, 6}) {
		t.Fatalf("the rerun sent parts %v, want [4 5 6]", got)
	}
	e.checkObject("movies/m.bin", data)
	if h := e.head("movies/m.bin"); h.Header.Get("X-Oss-Meta-Uploaded-By") != "v1upload" {
		t.Fatalf("metadata %v", h.Header)
	}
}
