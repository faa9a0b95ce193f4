package upload

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/ossresume/ossresume/tests/ossemu"
)

// BenchmarkUpload measures the engine end to end over loopback against ossemu's benchmark mode
// (the server only CRCs and drops bodies): 256 MiB in 8 MiB parts, 4 threads.
func BenchmarkUpload(b *testing.B) {
	const size = 256 << 20
	for _, sha := range []bool{true, false} {
		b.Run(fmt.Sprintf("sha256=%v", sha), func(b *testing.B) {
			e := newEnv(b, func(o *ossemu.Options) { o.Benchmark = true })
			path := filepath.Join(e.dir, "big")
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			f.Truncate(size)
			f.Close()
			o := e.opts(path, "big")
			o.PartSize, o.PartSHA256 = 8<<20, sha
			b.SetBytes(size)
			for b.Loop() {
				if _, err := e.upload(o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkSmallPartsCheckpoint shows the checkpoint's cost per part: 2,000 parts of 100 KiB,
// 8 threads, with and without a checkpoint.
func BenchmarkSmallPartsCheckpoint(b *testing.B) {
	const size = 2000 * part
	for _, cp := range []bool{false, true} {
		b.Run(fmt.Sprintf("checkpoint=%v", cp), func(b *testing.B) {
			e := newEnv(b, func(o *ossemu.Options) { o.Benchmark = true })
			path := filepath.Join(e.dir, "big")
			f, err := os.Create(path)
			if err != nil {
				b.Fatal(err)
			}
			f.Truncate(size)
			f.Close()
			o := e.opts(path, "big")
			o.Threads, o.Checkpoint = 8, cp
			b.SetBytes(size)
			for b.Loop() {
				if _, err := e.upload(o); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
