package download

import (
	"bytes"
	"context"
	"fmt"
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
	bucket = "test-bucket" // the fixture's (tests/ossemu/fixture.json)
	kib    = 1 << 10
)

// env is one in-process ossemu server and a client for it.
type env struct {
	t       testing.TB
	srv     *ossemu.Server
	api     *oss.Client
	dir     string
	mu      sync.Mutex
	notices []string
}

func newEnv(t testing.TB) *env {
	t.Helper()
	if bucket != ossemu.Fixture.Bucket {
		t.Fatalf("bucket %q is not the fixture's %q", bucket, ossemu.Fixture.Bucket)
	}
	srv, err := ossemu.Start(ossemu.Options{}.WithFixture())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	return &env{t: t, srv: srv, api: newClient(t, srv.URL(), srv.Keys()[0]), dir: t.TempDir()}
}

func newClient(t testing.TB, url string, k ossemu.Key) *oss.Client {
	api, err := oss.New(oss.Config{Endpoint: url, Region: ossemu.Fixture.Region,
		Credentials: oss.StaticCredentials(k.ID, k.Secret, "")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(api.Close)
	return api
}

// put stores size pseudo-random bytes (seeded by seed) as key and returns them.
func (e *env) put(key string, size int, seed byte) []byte {
	e.t.Helper()
	data := make([]byte, size)
	rand.NewChaCha8([32]byte{seed, byte(size), byte(size >> 8), byte(size >> 16)}).Read(data)
	_, err := e.api.PutObject(context.Background(), &oss.PutObjectInput{Bucket: bucket, Key: key,
		Body: bytes.NewReader(data), Size: int64(size)})
	if err != nil {
		e.t.Fatal(err)
	}
	return data
}

// opts returns Options for key → path with small ranges and millisecond retries.
func (e *env) opts(key, path string) Options {
	return Options{Bucket: bucket, Key: key, FilePath: path, Endpoint: e.srv.Endpoint(),
		PartSize: 64 * kib, Threads: 4, BufferSize: 16 * kib, RetryBase: time.Millisecond, RetryMax: 5 * time.Millisecond,
		Notify: func(m string) { e.mu.Lock(); e.notices = append(e.notices, m); e.mu.Unlock() }}
}

func (e *env) download(o Options) (*Result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	return Download(ctx, e.api, o)
}

func (e *env) noticed(sub string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.ContainsFunc(e.notices, func(m string) bool { return strings.Contains(m, sub) })
}

// checkFile asserts path holds exactly data.
func checkFile(t testing.TB, path string, data []byte) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		i := 0
		for i < min(len(got), len(data)) && got[i] == data[i] {
			i++
		}
		t.Fatalf("%s: %d bytes, want %d; first difference at byte %d", path, len(got), len(data), i)
	}
}

// rangeStarts returns the start offsets of the ranged GETs the server answered 206, sorted.
func (e *env) rangeStarts() []int64 {
	var out []int64
	for _, r := range e.srv.Requests() {
		if r.Op == "GetObject" && r.Status == 206 {
			out = append(out, rangeStart(r.Range))
		}
	}
	slices.Sort(out)
	return out
}

func rangeStart(v string) int64 {
	var a, b int64
	if _, err := fmt.Sscanf(v, "bytes=%d-%d", &a, &b); err != nil {
		return -1
	}
	return a
}

// quiesce waits until requests a cancelled run left in flight are logged.
func (e *env) quiesce() {
	n := -1
	for n != len(e.srv.Requests()) {
		n = len(e.srv.Requests())
		time.Sleep(50 * time.Millisecond)
	}
}

func (e *env) freshLog() {
	e.srv.ClearFaults()
	e.quiesce()
	e.srv.ResetLog()
}

// leftovers lists what a download left in dir besides the names given.
func leftovers(t testing.TB, dir string, keep ...string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if !slices.Contains(keep, e.Name()) {
			out = append(out, e.Name())
		}
	}
	return out
}

func join(dir, name string) string { return filepath.Join(dir, name) }
