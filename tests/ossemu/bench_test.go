package ossemu

import (
	"bytes"
	"net/http"
	"testing"
)

// BenchmarkUploadPart measures the server's side of part uploads over loopback: in memory, on
// disk (with its fsyncs), and in benchmark mode (hash and drop).
func BenchmarkUploadPart(b *testing.B) {
	for _, mode := range []struct {
		name string
		opts func(b *testing.B) Options
	}{
		{"memory", func(*testing.B) Options { return Options{} }},
		{"disk", func(b *testing.B) Options { return Options{DataDir: b.TempDir()} }},
		{"bench", func(*testing.B) Options { return Options{Benchmark: true} }},
	} {
		b.Run(mode.name, func(b *testing.B) {
			opts := mode.opts(b)
			opts.Keys, opts.Buckets = []Key{{"test-ak", "test-secret"}}, []string{"bkt"}
			s, err := Start(opts)
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			c := newClient(b, s)
			id := c.initiate("bkt", "bench", nil)
			part := bytes.Repeat([]byte("0123456789abcdef"), 8<<20/16)
			b.SetBytes(int64(len(part)))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				req, _ := http.NewRequest("PUT", s.URL()+"/bkt/bench?partNumber=1&uploadId="+id, bytes.NewReader(part))
				c.sign(req, "bkt", "bench")
				resp, err := c.http.Do(req)
				if err != nil || resp.StatusCode != 200 {
					b.Fatalf("UploadPart: %v %v", resp, err)
				}
				resp.Body.Close()
			}
		})
	}
}
