package oss_test

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ossresume/ossresume/bindings/go/oss"
	core "github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

const (
	// docBucket is the bucket the documentation's sample names (examples/go/v1sample).
	docBucket = "examplebucket"
	kib       = 1 << 10
	part      = 100 * kib // v1's smallest part size, and ossemu's
)

// testBucket is the one test fixture's (tests/ossemu/fixture.json).
var testBucket = ossemu.Fixture.Bucket

// env is one in-process ossemu with the test fixture (its key, STS token and bucket) and the
// documentation sample's bucket; key is the fixture's key pair.
type env struct {
	t   *testing.T
	srv *ossemu.Server
	key ossemu.Key
	dir string
}

func newEnv(t *testing.T, opts ...func(*ossemu.Options)) *env {
	t.Helper()
	o := ossemu.Options{Buckets: []string{docBucket}}.WithFixture()
	for _, f := range opts {
		f(&o)
	}
	srv, err := ossemu.Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	f := ossemu.Fixture
	return &env{t: t, srv: srv, key: ossemu.Key{ID: f.AccessKeyID, Secret: f.AccessKeySecret}, dir: t.TempDir()}
}

// use makes the helpers report to t, a subtest, until the returned function restores the
// parent: a subtest must not fail its parent from its own goroutine.
func (e *env) use(t *testing.T) func() {
	old := e.t
	e.t = t
	return func() { e.t = old }
}

// client is a drop-in client for the server with its key pair; opts come after the defaults.
func (e *env) client(opts ...oss.ClientOption) *oss.Client {
	e.t.Helper()
	c, err := oss.New(e.srv.URL(), e.key.ID, e.key.Secret, opts...)
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *env) bucket(opts ...oss.ClientOption) *oss.Bucket {
	e.t.Helper()
	b, err := e.client(opts...).Bucket(testBucket)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// file writes size pseudo-random bytes to dir/name and returns the path and the bytes.
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

func (e *env) checkObject(key string, data []byte) {
	e.t.Helper()
	e.checkObjectIn(testBucket, key, data)
}

func (e *env) checkObjectIn(bucket, key string, data []byte) {
	e.t.Helper()
	got, err := e.srv.Object(bucket, key)
	if err != nil {
		e.t.Fatalf("reading back %s: %v", key, err)
	}
	if !bytes.Equal(got, data) {
		e.t.Fatalf("object %s: %d bytes, not the %d-byte file", key, len(got), len(data))
	}
}

// head returns the object's headers as the server answers HEAD, through the engine's own client.
func (e *env) head(key string) *core.HeadObjectOutput {
	e.t.Helper()
	c, err := core.New(core.Config{Endpoint: e.srv.URL(), Region: "r",
		Credentials: core.StaticCredentials(e.key.ID, e.key.Secret, "")})
	if err != nil {
		e.t.Fatal(err)
	}
	defer c.Close()
	out, err := c.HeadObject(context.Background(), &core.HeadObjectInput{Bucket: testBucket, Key: key})
	if err != nil {
		e.t.Fatal(err)
	}
	return out
}

// acked returns the numbers of the parts the server answered 200, sorted.
func (e *env) acked() []int {
	var out []int
	for _, r := range e.srv.Requests() {
		if r.Op == "UploadPart" && r.Status == 200 {
			out = append(out, r.PartNumber)
		}
	}
	slices.Sort(out)
	return out
}

func (e *env) ops(op string) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Op == op {
			n++
		}
	}
	return n
}

// freshLog waits for requests a cancelled upload left in flight to be logged, clears faults and
// empties the log, so that what it holds next belongs to the next call alone.
func (e *env) freshLog() {
	e.srv.ClearFaults()
	for n := -1; n != len(e.srv.Requests()); {
		n = len(e.srv.Requests())
		time.Sleep(50 * time.Millisecond)
	}
	e.srv.ResetLog()
}

// waitAcked polls the log until n parts were acknowledged and reports whether they were within
// 10 s; it may run on any goroutine, so it marks the test failed rather than stopping it.
func (e *env) waitAcked(n int) bool {
	deadline := time.Now().Add(10 * time.Second)
	for len(e.acked()) < n {
		if time.Now().After(deadline) {
			e.t.Errorf("only parts %v acknowledged after 10 s, want %d", e.acked(), n)
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
	return true
}

func rangeInts(a, b int) []int {
	var s []int
	for i := a; i <= b; i++ {
		s = append(s, i)
	}
	return s
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }
