package upload

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

const (
	bucket = "test-bucket" // the fixture's (tests/ossemu/fixture.json), checked in newEnv
	kib    = 1 << 10
	part   = 100 * kib // the smallest part OSS (and ossemu) accepts
)

// env is one ossemu server and a client for it.
type env struct {
	t       testing.TB
	srv     *ossemu.Server
	api     *oss.Client
	dir     string
	mu      sync.Mutex
	notices []string
}

func newEnv(t testing.TB, opts ...func(*ossemu.Options)) *env {
	t.Helper()
	if bucket != ossemu.Fixture.Bucket {
		t.Fatalf("bucket %q is not the fixture's %q", bucket, ossemu.Fixture.Bucket)
	}
	o := ossemu.Options{}.WithFixture() // the one test fixture: its key, token and bucket
	for _, f := range opts {
		f(&o)
	}
	srv, err := ossemu.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	k := srv.Keys()[0]
	api, err := oss.New(oss.Config{Endpoint: srv.URL(), Region: ossemu.Fixture.Region,
		Credentials: oss.StaticCredentials(k.ID, k.Secret, "")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(api.Close)
	return &env{t: t, srv: srv, api: api, dir: t.TempDir()}
}

// file writes size pseudo-random bytes to a new file and returns its path and contents.
func (e *env) file(name string, size int) (string, []byte) {
	e.t.Helper()
	data := make([]byte, size)
	rand.NewChaCha8([32]byte{byte(size), byte(size >> 8), byte(len(name))}).Read(data)
	path := filepath.Join(e.dir, name)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		e.t.Fatal(err)
	}
	return path, data
}

// opts returns Options for path → key with 100 KiB parts and millisecond retries.
func (e *env) opts(path, key string) Options {
	return Options{Bucket: bucket, Key: key, FilePath: path, Endpoint: e.srv.Endpoint(),
		PartSize: part, Threads: 4, RetryBase: time.Millisecond, RetryMax: 5 * time.Millisecond,
		Notify: func(m string) { e.mu.Lock(); e.notices = append(e.notices, m); e.mu.Unlock() }}
}

func (e *env) noticed(sub string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.ContainsFunc(e.notices, func(m string) bool { return strings.Contains(m, sub) })
}

// checkObject asserts the stored object equals data.
func (e *env) checkObject(key string, data []byte) {
	e.t.Helper()
	got, err := e.srv.Object(bucket, key)
	if err != nil {
		e.t.Fatalf("reading back %s: %v", key, err)
	}
	if !bytes.Equal(got, data) {
		e.t.Fatalf("object %s: %d bytes differ from the %d-byte file", key, len(got), len(data))
	}
}

// sentParts returns the part numbers the server acknowledged (status 200), in log order.
func (e *env) sentParts() []int {
	var out []int
	for _, r := range e.srv.Requests() {
		if r.Op == "UploadPart" && r.Status == 200 {
			out = append(out, r.PartNumber)
		}
	}
	return out
}

// ops counts the logged requests of op (any status).
func (e *env) ops(op string) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Op == op {
			n++
		}
	}
	return n
}

func (e *env) noOpenUploads() {
	e.t.Helper()
	if u := e.srv.OpenUploads(bucket); len(u) != 0 {
		e.t.Fatalf("%d multipart upload(s) left open: %+v", len(u), u[0].UploadID)
	}
}

// freshLog clears the faults, waits for requests still in flight and empties the server's log,
// so that what the log holds next is the next call's alone.
func (e *env) freshLog() {
	e.srv.ClearFaults()
	e.quiesce()
	e.srv.ResetLog()
}

// rerun uploads o again on a fresh log, checks the object key holds data, and returns the
// numbers of the parts the rerun sent, sorted.
func (e *env) rerun(o Options, key string, data []byte) []int {
	e.t.Helper()
	e.freshLog()
	if _, err := e.upload(o); err != nil {
		e.t.Fatal(err)
	}
	e.checkObject(key, data)
	return sorted(e.sentParts())
}

func (e *env) upload(o Options) (*Result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return Upload(ctx, e.api, o)
}

func rangeInts(a, b int) []int {
	var s []int
	for i := a; i <= b; i++ {
		s = append(s, i)
	}
	return s
}

func sorted(s []int) []int { s = slices.Clone(s); slices.Sort(s); return s }

func exists(path string) bool { _, err := os.Stat(path); return err == nil }

func errNotExist() error { return os.ErrNotExist }

// quiesce waits until the server has logged the requests a cancelled upload left in flight
// (the log is written when a response completes), so they do not show up in the next run's log.
func (e *env) quiesce() {
	n := -1
	for n != len(e.srv.Requests()) {
		n = len(e.srv.Requests())
		time.Sleep(50 * time.Millisecond)
	}
}
