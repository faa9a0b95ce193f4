package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// mainEnv makes the test binary the command itself (its arguments as a JSON list), so the
// tests run the real main without building it.
const mainEnv = "OSS_DOWNLOAD_MAIN_ARGS"

func TestMain(m *testing.M) {
	if raw := os.Getenv(mainEnv); raw != "" {
		var args []string
		if err := json.Unmarshal([]byte(raw), &args); err != nil {
			panic(err)
		}
		os.Exit(run(args, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestUsage: bad usage exits 2 before any request, naming what is wrong.
func TestUsage(t *testing.T) {
	t.Setenv("OSS_ENDPOINT", "")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"oss://b/k"}, "usage"},
		{[]string{"--endpoint", "http://127.0.0.1:1", "b/k", "f"}, "oss://BUCKET/KEY"},
		{[]string{"--endpoint", "http://127.0.0.1:1", "oss://b", "f"}, "oss://BUCKET/KEY"},
		{[]string{"oss://bkt/k", "f"}, "no endpoint"},
		{[]string{"--endpoint", "http://127.0.0.1:1", "--sigver", "2", "oss://bkt/k", "f"}, "--sigver"},
		{[]string{"--endpoint", "http://127.0.0.1:1", "--threads", "5000", "oss://bkt/k", "f"}, "Threads"},
		{[]string{"--endpoint", "http://127.0.0.1:1", "--no-checkpoint", "--checkpoint", "x", "oss://bkt/k", "f"}, "exclude"},
		{[]string{"--endpoint", "http://127.0.0.1:1", "oss://Bad_Bucket/k", "f"}, "Bucket"},
	} {
		var out bytes.Buffer
		if code := run(c.args, &out); code != 2 || !strings.Contains(out.String(), c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", c.args, code, out.String(), c.want)
		}
	}
}

// TestCLI: the built command downloads an object byte-identical (exit 0); interrupted with
// SIGINT it exits 130 leaving nothing under FILE, and the same command resumes, fetching only
// what the first run had not.
func TestCLI(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	dir := t.TempDir()
	srv, err := ossemu.Start(ossemu.Options{}.WithFixture())
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	k := srv.Keys()[0]
	api, err := oss.New(oss.Config{Endpoint: srv.URL(), Region: ossemu.Fixture.Region, Credentials: oss.StaticCredentials(k.ID, k.Secret, "")})
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("0123456789abcdef"), 4<<16) // 4 MiB
	if _, err := api.PutObject(context.Background(), &oss.PutObjectInput{Bucket: ossemu.Fixture.Bucket, Key: "cli/obj",
		Body: bytes.NewReader(data), Size: int64(len(data))}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "out.bin")
	cmd := func() *exec.Cmd {
		args, _ := json.Marshal([]string{"--region", ossemu.Fixture.Region, "--part-size", "262144", "--threads", "2",
			"oss://" + ossemu.Fixture.Bucket + "/cli/obj", file})
		c := exec.Command(os.Args[0], "-test.run=^$")
		c.Env = append(os.Environ(), mainEnv+"="+string(args), "OSS_ENDPOINT="+srv.URL(), "OSS_ACCESS_KEY_ID="+k.ID, "OSS_ACCESS_KEY_SECRET="+k.Secret)
		return c
	}
	srv.AddFault("op=GetObject,bandwidth=1MiB") // ~2 s over two connections
	c := cmd()
	var out bytes.Buffer
	c.Stderr = &out
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(700 * time.Millisecond)
	c.Process.Signal(syscall.SIGINT)
	err = c.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 || !strings.Contains(out.String(), "interrupted") {
		t.Fatalf("interrupted run: %v\n%s", err, out.String())
	}
	if _, err := os.Stat(file); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("FILE exists after an interrupt")
	}
	srv.ClearFaults()
	time.Sleep(100 * time.Millisecond)
	srv.ResetLog()
	c = cmd()
	outb, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("rerun: %v\n%s", err, outb)
	}
	got, _ := os.ReadFile(file)
	if !bytes.Equal(got, data) || !strings.Contains(string(outb), "CRC-64 verified") || !strings.Contains(string(outb), "100%") {
		t.Fatalf("rerun: %d bytes\n%s", len(got), outb)
	}
	n := 0
	for _, r := range srv.Requests() {
		if r.Op == "GetObject" && r.Status == 206 {
			n++
		}
	}
	if n == 0 || n >= 16 {
		t.Fatalf("the rerun fetched %d of 16 ranges: it did not resume\n%s", n, outb)
	}
}
