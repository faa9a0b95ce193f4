package bench

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"

	"github.com/ossresume/ossresume/core/oss"
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

func startServer(scheme, dir string) (*server, error) {
	opts := ossemu.Options{Buckets: []string{benchBucket}, Benchmark: true}.WithFixture()
	s := &server{}
	if scheme == "https" {
		opts.TLS = true
		s.caFile = filepath.Join(dir, "ca.pem")
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
