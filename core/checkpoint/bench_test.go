package checkpoint

import (
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"
)

// BenchmarkAppendPart is the per-part cost the engine pays: one line appended (its fsync comes
// later, shared), and, for comparison, one line appended and fsynced at once.
func BenchmarkAppendPart(b *testing.B) {
	for _, sync := range []bool{false, true} {
		b.Run(fmt.Sprintf("fsync-each=%v", sync), func(b *testing.B) {
			s, parts := savedStore(b, 10000)
			for i := 0; b.Loop(); i++ {
				if err := s.Append(parts[i%10000]); err != nil {
					b.Fatal(err)
				}
				if sync {
					if err := s.Sync(); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}

// BenchmarkSave10000 is what a whole-record rewrite per part would cost at the end of a
// 10,000-part upload (the alternative the journal avoids).
func BenchmarkSave10000(b *testing.B) {
	s, err := Open(filepath.Join(b.TempDir(), "b.cp"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	full := sampleRecord(10000*102400, 102400, seq(1, 10000)...)
	for b.Loop() {
		if err := s.Save(full); err != nil {
			b.Fatal(err)
		}
	}
	data, _ := Encode(full)
	b.ReportMetric(float64(len(data)), "bytes/record")
}

// BenchmarkDecode10000 is the cost of loading a full 10,000-part record on resume.
func BenchmarkDecode10000(b *testing.B) {
	data, _ := Encode(sampleRecord(10000*102400, 102400, seq(1, 10000)...))
	for b.Loop() {
		if _, _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAppendPartParallel is the per-part cost when 8 workers finish parts at once.
func BenchmarkAppendPartParallel(b *testing.B) {
	s, parts := savedStore(b, 10000)
	b.SetParallelism(4) // × GOMAXPROCS goroutines
	var next atomic.Int64
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := s.Append(parts[next.Add(1)%10000]); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
