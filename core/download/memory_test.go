package download

import (
	"runtime"
	"sync"
	"testing"
	"time"
)

// TestMemoryBound: the heap grows by about Threads × BufferSize while 48 MiB download in three
// 16 MiB ranges at once, not by the ranges' size (an engine that buffered a range would hold
// 48 MiB).
func TestMemoryBound(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	e := newEnv(t)
	const size = 48 << 20
	e.put("m", size, 5)
	o := e.opts("m", join(e.dir, "m"))
	o.PartSize, o.Threads, o.BufferSize = 16<<20, 3, 64*kib
	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			peak = max(peak, m.HeapInuse)
			select {
			case <-stop:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	})
	_, err := e.download(o)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	grew := int64(peak) - int64(base.HeapInuse)
	t.Logf("heap in use grew by %d KiB at most (3 × 64 KiB buffers)", grew>>10)
	if grew > 12<<20 {
		t.Fatalf("heap in use grew by %d MiB during the download, want a few MiB", grew>>20)
	}
}
