package bench

import (
	"math"
	"strings"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9*math.Max(1, math.Abs(b)) }

func TestMedian(t *testing.T) {
	cases := []struct {
		in   []float64
		want float64
	}{
		{[]float64{3}, 3},
		{[]float64{5, 1, 3}, 3},
		{[]float64{4, 1, 3, 2}, 2.5},
	}
	for _, c := range cases {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %g, want %g", c.in, got, c.want)
		}
	}
}

// A hand-made 1 GiB cell: the figures, ratios and targets follow from the samples.
func TestReportFigures(t *testing.T) {
	cell := Cell{Size: 1 << 30, PartSize: 8 << 20, Threads: 4, Scheme: "http"}
	rep := newReport(Config{Mode: "test", Reps: 3, Kinds: AllKinds})
	cr := rep.addCell(cell)
	// wall seconds, user+sys seconds, peak RSS KiB for three runs of each kind
	runs := map[Kind][3][3]float64{
		KindOurs:      {{1.0, 0.9, 20480}, {1.2, 1.1, 30720}, {0.8, 1.0, 10240}},
		KindOursNoSHA: {{0.9, 0.5, 10240}, {0.9, 0.5, 10240}, {0.9, 0.5, 10240}},
		KindV1:        {{1.4, 1.4, 40960}, {1.3, 1.4, 40960}, {1.5, 1.4, 40960}},
		KindV2:        {{1.3, 1.5, 20480}, {1.3, 1.3, 20480}, {1.3, 1.4, 20480}},
		KindRaw:       {{0.9, 0.5, 10240}, {0.8, 0.6, 10240}, {1.0, 0.4, 10240}},
	}
	for k, rs := range runs {
		for i, r := range rs {
			cr.kind(k).Samples = append(cr.kind(k).Samples, Sample{Rep: i + 1, WallS: r[0], UserS: r[1] * 0.75, SysS: r[1] * 0.25, MaxRSSKiB: int64(r[2])})
		}
	}
	cr.kind(KindV2).Errors = []string{"run 4: boom"}
	rep.finish()

	ours := cr.find(KindOurs)
	if !near(ours.WallS, 1.0) || !near(ours.CPUPerGiB, 1.0) || !near(ours.PeakRSSMiB, 30) || !near(ours.MBps, float64(1<<30)/1e6) {
		t.Fatalf("ours: wall %g, CPU/GiB %g, RSS %g MiB, %g MB/s", ours.WallS, ours.CPUPerGiB, ours.PeakRSSMiB, ours.MBps)
	}
	r, ok := cr.ratio(KindOurs, KindV1)
	if !ok || !near(r.Throughput, 1.4) || !near(r.CPU, 1/1.4) || !near(r.RSS, 0.75) {
		t.Fatalf("ours ÷ v1: %+v (%v), want throughput 1.4, CPU 0.714, RSS 0.75", r, ok)
	}
	if len(cr.Ratios) != 6 {
		t.Errorf("%d ratios, want 6", len(cr.Ratios))
	}
	met := map[string]bool{}
	for _, tg := range rep.Targets {
		met[tg.Name] = tg.Met
	}
	want := map[string]bool{
		"CPU s/GiB: ours ÷ v1":                                true,  // 1.0 / 1.4 = 0.71 ≤ 0.8
		"CPU s/GiB: ours-nosha ÷ v1":                          true,  // 0.5 / 1.4 = 0.36 ≤ 0.5
		"throughput: ours ÷ v1":                               true,  // 1.4 / 1.0 ≥ 1.1
		"throughput: ours ÷ v2":                               true,  // 1.3 / 1.0 ≥ 1.1
		"throughput: ours-nosha ÷ raw":                        true,  // 0.9 / 0.9 ≥ 0.9
		"peak RSS MiB: ours, 2 GiB, 4 threads, 512 MiB parts": false, // not measured
	}
	for name, w := range want {
		if got, ok := met[name]; !ok || got != w {
			t.Errorf("target %q: met %v (present %v), want %v", name, got, ok, w)
		}
	}
	if f := rep.Failures(); len(f) != 1 || !strings.Contains(f[0], "boom") {
		t.Errorf("Failures() = %q", f)
	}

	md := rep.Markdown()
	for _, want := range []string{
		"| 1GiB-8MiB-4t-http | ours | 1.40 | 1.30 | 0.90 | 0.71 |",
		"| CPU s/GiB: ours ÷ v1 | 1GiB-8MiB-4t-http | 0.71 | <= 0.8 | yes |",
		"| 1GiB-8MiB-4t-http | v2 | 826.0 | 1.400 | 20.0 | 1.300 | 3/4 |",
		"1GiB-8MiB-4t-http v2: run 4: boom",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %q:\n%s", want, md)
		}
	}
	// Ratios lead: they come before the absolute figures.
	if strings.Index(md, "## Ratios") > strings.Index(md, "## Absolute") {
		t.Error("the absolute figures come before the ratios")
	}
}

func TestParseBench(t *testing.T) {
	out := []byte(`goos: linux
goarch: amd64
pkg: github.com/ossresume/ossresume/core/crc64
cpu: AMD EPYC
BenchmarkKernels/1MiB/hash-crc64-2         	     100	   1843212 ns/op	 568.88 MB/s
BenchmarkKernels/1MiB/vpclmulqdq-avx2-2    	    1000	     61234 ns/op	17123.40 MB/s
BenchmarkCombine-2                         	 5000000	       241.5 ns/op
BenchmarkSHA256/1MiB/sha256-simd-2 	     300	   3900000 ns/op	 268.86 MB/s	       0 B/op
PASS
ok  	github.com/ossresume/ossresume/core/crc64	3.1s
`)
	got := parseBench(out)
	want := []MicroResult{
		{"Kernels/1MiB/hash-crc64", 100, 1843212, 568.88},
		{"Kernels/1MiB/vpclmulqdq-avx2", 1000, 61234, 17123.40},
		{"Combine", 5000000, 241.5, 0},
		{"SHA256/1MiB/sha256-simd", 300, 3900000, 268.86},
	}
	if len(got) != len(want) {
		t.Fatalf("parsed %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

// Two cells where ours is twice as fast and half as fast even out.
func TestSummaryGeometricMean(t *testing.T) {
	mk := func(name string, ours, v1 float64) *CellResult {
		return &CellResult{Name: name, Ratios: []Ratio{{Kind: KindOurs, Peer: KindV1, Throughput: ours / v1, CPU: v1 / ours, RSS: 1}}}
	}
	sum := summarize([]*CellResult{mk("a", 2, 1), mk("b", 1, 2), {Name: "c"}})
	if len(sum) != 1 {
		t.Fatalf("summary %+v, want one ratio (ours ÷ v1)", sum)
	}
	if s := sum[0]; !near(s.Throughput, 1) || !near(s.CPU, 1) || s.Cells != 2 {
		t.Errorf("summary %+v: want throughput 1, CPU 1 over 2 cells", s)
	}
}

func TestMicroSpeedup(t *testing.T) {
	all := []MicroResult{
		{Name: "Kernels/1MiB/hash-crc64", MBps: 1000},
		{Name: "Kernels/1MiB/pclmulqdq", MBps: 12000},
		{Name: "Kernels/4KiB/pclmulqdq", MBps: 700},
		{Name: "SHA256/1MiB/crypto-sha256", MBps: 1600},
		{Name: "SHA256/1MiB/sha256-simd", MBps: 2400},
		{Name: "Combine", NsPerOp: 1300},
	}
	cases := []struct {
		i    int
		want float64
		ok   bool
	}{{1, 12, true}, {2, 0, false}, {4, 1.5, true}, {0, 1, true}, {5, 0, false}}
	for _, c := range cases {
		got, ok := microSpeedup(all, all[c.i])
		if ok != c.ok || !near(got, c.want) {
			t.Errorf("%s: %g, %v; want %g, %v", all[c.i].Name, got, ok, c.want, c.ok)
		}
	}
}
