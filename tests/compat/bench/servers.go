package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ossresume/ossresume/core/crc64"
	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// Credentials and names the benchmark server is started with: the one test fixture's
// (tests/ossemu/fixture.json), with the bench's own bucket beside the fixture's.
const benchBucket = "bench-bucket"

var (
	benchRegion = ossemu.Fixture.Region
	benchKeyID  = ossemu.Fixture.AccessKeyID
	benchSecret = ossemu.Fixture.AccessKeySecret
)

// server is one ossemu in benchmark mode, in the driver's process: the clients are separate
// processes, so the server's CPU is never counted as theirs.
type server struct {
	srv    *ossemu.Server
	caFile string      // "" for plain HTTP
	head   *oss.Client // verifies what each client uploaded
}

func startServer(scheme, dir string) (*server, error) { return startServerMode(scheme, dir, true) }

// startServerMode starts a server in benchmark mode (uploads: bodies dropped) or keeping the
// data in memory (downloads: the objects must be there to be served).
func startServerMode(scheme, dir string, benchmark bool) (*server, error) {
	// CORS (issue 19): the browser kinds' pages are another origin; it adds headers only to
	// requests that carry an Origin, so the other clients see no difference.
	opts := ossemu.Options{Buckets: []string{benchBucket}, Benchmark: benchmark, CORS: true}.WithFixture()
	s := &server{}
	if scheme == "https" {
		opts.TLS = true
		s.caFile = filepath.Join(dir, "ca.pem")
		if !benchmark {
			s.caFile = filepath.Join(dir, "ca-data.pem")
		}
		opts.CAOut = s.caFile
	}
	srv, err := ossemu.Start(opts)
	if err != nil {
		return nil, fmt.Errorf("start ossemu (%s): %w", scheme, err)
	}
	s.srv = srv
	s.head, err = oss.New(oss.Config{Endpoint: srv.URL(), Region: benchRegion,
		Credentials: oss.StaticCredentials(benchKeyID, benchSecret, ""), CAFile: s.caFile})
	if err != nil {
		srv.Close()
		return nil, err
	}
	return s, nil
}

func (s *server) close() {
	s.head.Close()
	s.srv.Close()
}

// verify checks that key holds want: its size and its CRC-64 as the server computed it, so a
// client that sent the wrong bytes, or too few, cannot look fast.
func (s *server) verify(ctx context.Context, key string, want testFile) error {
	h, err := s.head.HeadObject(ctx, &oss.HeadObjectInput{Bucket: benchBucket, Key: key})
	if err != nil {
		return fmt.Errorf("verify %s: %w", key, err)
	}
	switch {
	case h.Size != want.size:
		return fmt.Errorf("verify %s: server holds %d bytes, the file has %d", key, h.Size, want.size)
	case !h.HasCRC64:
		return errors.New("verify " + key + ": HEAD carries no x-oss-hash-crc64ecma")
	case h.CRC64 != want.crc:
		return fmt.Errorf("verify %s: server CRC-64 %d, the file's %d", key, h.CRC64, want.crc)
	}
	return nil
}

// seed uploads want to key (not timed): the object the download kinds fetch.
func (s *server) seed(ctx context.Context, key string, want testFile) error {
	_, err := upload.Upload(ctx, s.head, upload.Options{Bucket: benchBucket, Key: key, FilePath: want.path,
		Endpoint: s.srv.URL(), PartSize: 64 << 20, Threads: 4})
	if err != nil {
		return fmt.Errorf("seed %s: %w", key, err)
	}
	return s.verify(ctx, key, want)
}

// verifyFile checks that a download kind wrote want's bytes at path: its size and CRC-64, read
// back by the driver (not counted as the client's).
func verifyFile(path string, want testFile) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("verify download: %w", err)
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	var crc uint64
	var n int64
	for {
		k, err := f.Read(buf)
		crc, n = crc64.Update(crc, buf[:k]), n+int64(k)
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("verify download: %w", err)
		}
	}
	switch {
	case n != want.size:
		return fmt.Errorf("verify download %s: %d bytes, want %d", path, n, want.size)
	case crc != want.crc:
		return fmt.Errorf("verify download %s: CRC-64 %d, want %d", path, crc, want.crc)
	}
	return nil
}
