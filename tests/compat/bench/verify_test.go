package bench

import (
	"context"
	"strings"
	"testing"
)

// The raw baseline uploads through a real server, and verification tells the right object from
// a wrong one, so a client that sends other bytes, or too few, is caught.
func TestRawUploadVerified(t *testing.T) {
	for _, scheme := range []string{"http", "https"} {
		t.Run(scheme, func(t *testing.T) {
			dir := t.TempDir()
			srv, err := startServer(scheme, dir)
			if err != nil {
				t.Fatal(err)
			}
			defer srv.close()
			a, err := writeTestFile(dir, 3*100<<10+777)
			if err != nil {
				t.Fatal(err)
			}
			b, err := writeTestFile(dir, 3*100<<10+778)
			if err != nil {
				t.Fatal(err)
			}
			spec := Spec{Kind: KindRaw, File: a.path, PartSize: 100 << 10, Threads: 3,
				Endpoint: srv.srv.URL(), CAFile: srv.caFile, Region: benchRegion, Bucket: benchBucket,
				Key: "verify/raw", KeyID: benchKeyID, Secret: benchSecret, WorkDir: dir}
			run, err := newRaw(spec)
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			if err := run(ctx); err != nil {
				t.Fatalf("raw upload: %v", err)
			}
			if err := srv.verify(ctx, spec.Key, a); err != nil {
				t.Fatalf("the uploaded file does not verify: %v", err)
			}
			wrongCRC := a
			wrongCRC.crc ^= 1
			for name, c := range map[string]struct {
				tf   testFile
				want string
			}{
				"other size": {b, "bytes"},
				"other CRC":  {wrongCRC, "CRC-64"},
			} {
				if err := srv.verify(ctx, spec.Key, c.tf); err == nil || !strings.Contains(err.Error(), c.want) {
					t.Errorf("%s: verify gave %v, want an error about the %s", name, err, c.want)
				}
			}
			if err := srv.verify(ctx, "verify/absent", a); err == nil {
				t.Error("an absent object verifies")
			}

			bad := spec
			bad.Secret = "wrong"
			run, _ = newRaw(bad)
			if err := run(ctx); err == nil || !strings.Contains(err.Error(), "403") {
				t.Errorf("raw upload with a wrong secret: %v, want a 403", err)
			}
		})
	}
}
