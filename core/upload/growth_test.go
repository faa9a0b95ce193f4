package upload

import (
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/ossresume/ossresume/tests/ossemu"
)

// A file of 10,001 parts at the requested 100 KiB: the part size grows so the count stays
// within 10,000, the user is told, and the server's CRC of the whole object matches. The file is
// sparse and the server keeps no data (ossemu's benchmark mode), so 1 GB costs only CPU.
func TestAutoGrowBeyond10000Parts(t *testing.T) {
	e := newEnv(t, func(o *ossemu.Options) { o.Benchmark = true })
	path := filepath.Join(e.dir, "big")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	size := int64(10001 * part)
	if err := f.Truncate(size); err != nil {
		t.Fatal(err)
	}
	f.WriteAt([]byte("head"), 0)
	f.WriteAt([]byte("tail"), size-4)
	f.Close()
	o := e.opts(path, "big")
	o.Threads = 16 // CRC-64 only, the default
	res, err := e.upload(o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Parts != 9617 || res.PartSize != 106496 || !e.noticed("part size grown") {
		t.Fatalf("%d parts of %d bytes; want 9617 of 106496 and a notice", res.Parts, res.PartSize)
	}
	if n := len(e.sentParts()); n != res.Parts || res.BytesSent != size {
		t.Fatalf("%d parts acknowledged, %d bytes sent", n, res.BytesSent)
	}
	if got := res.Header.Get("x-oss-hash-crc64ecma"); got != strconv.FormatUint(res.CRC64, 10) {
		t.Fatalf("server CRC %q, combined %d", got, res.CRC64)
	}
}

// Memory is bounded by Threads and the I/O buffer, not by part size: 4 parts of 64 MiB in
// flight keep the heap far below the 256 MiB a part-buffering design would hold.
func TestMemoryDoesNotGrowWithPartSize(t *testing.T) {
	e := newEnv(t, func(o *ossemu.Options) { o.Benchmark = true })
	path := filepath.Join(e.dir, "big")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(256 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	o := e.opts(path, "big")
	o.PartSize, o.Threads = 64<<20, 4
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	stop := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var m runtime.MemStats
		var p uint64
		for {
			select {
			case <-stop:
				peak <- p
				return
			case <-time.After(5 * time.Millisecond):
				runtime.ReadMemStats(&m)
				p = max(p, m.HeapInuse)
			}
		}
	}()
	_, err = e.upload(o)
	close(stop)
	p := <-peak
	if err != nil {
		t.Fatal(err)
	}
	if grew := int64(p) - int64(base.HeapInuse); grew > 48<<20 {
		t.Fatalf("heap grew by %d MiB while 4 × 64 MiB parts were in flight", grew>>20)
	} else {
		t.Logf("peak heap growth %d KiB", grew>>10)
	}
}
