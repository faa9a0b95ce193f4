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
		KindOurs:     {{1.0, 0.9, 20480}, {1.2, 1.1, 30720}, {0.8, 1.0, 10240}},
		KindOursSHA:  {{0.9, 0.5, 10240}, {0.9, 0.5, 10240}, {0.9, 0.5, 10240}},
		KindV1:       {{1.4, 1.4, 40960}, {1.3, 1.4, 40960}, {1.5, 1.4, 40960}},
		KindV2:       {{1.3, 1.5, 20480}, {1.3, 1.3, 20480}, {1.3, 1.4, 20480}},
		KindRaw:      {{0.9, 0.5, 10240}, {0.8, 0.6, 10240}, {1.0, 0.4, 10240}},
		KindOursNode: {{0.4, 0.3, 40960}, {0.4, 0.3, 40960}, {0.4, 0.3, 40960}},
		KindAliOSS:   {{1.2, 1.2, 81920}, {1.2, 1.2, 81920}, {1.2, 1.2, 81920}},
		KindOursPy:   {{1.0, 1.0, 30720}, {1.0, 1.0, 30720}, {1.0, 1.0, 30720}},
		KindOursCLI:  {{1.0, 0.8, 20480}, {1.0, 0.8, 20480}, {1.0, 0.8, 20480}},
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
	// ours and ours-sha ÷ v1, v2, raw; ours-node ÷ alioss; ours-py ÷ ours-cli (ours-capi runs
	// only on many files).
	if len(cr.Ratios) != 8 {
		t.Errorf("%d ratios, want 8: %+v", len(cr.Ratios), cr.Ratios)
	}
	if cr.find(KindOursCAPI) != nil {
		t.Error("ours-capi has a result on a one-file cell")
	}
	if r, ok := cr.ratio(KindOursPy, KindOursCLI); !ok || !near(r.CPU, 1.25) || !near(r.RSS, 1.5) {
		t.Errorf("ours-py ÷ ours-cli: %+v (%v), want CPU 1.25, RSS 1.5", r, ok)
	}
	met := map[string]bool{}
	for _, tg := range rep.Targets {
		met[tg.Name] = tg.Met
	}
	want := map[string]bool{
		"CPU s/GiB: ours ÷ v1":                                false, // 1.0 / 1.4 = 0.71 > 0.40
		"CPU s/GiB: ours ÷ raw":                               false, // 1.0 / 0.5 = 2 > 1.15
		"throughput: ours ÷ raw":                              false, // 0.9 / 1.0 < 1
		"CPU s/GiB: ours-node ÷ alioss":                       true,  // 0.3 / 1.2 = 0.25 ≤ 0.30
		"throughput: ours-node ÷ alioss":                      true,  // 1.2 / 0.4 = 3 ≥ 2.5
		"CPU s/GiB over HTTPS: ours ÷ v1":                     false, // not measured
		"files/s: ours (Go) ÷ v1":                             false, // not measured
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
		"| 1GiB-8MiB-4t-http | ours | v1 | 1.40 | 0.71 | 0.75 |",
		"| 1GiB-8MiB-4t-http | ours-node | alioss | 3.00 | 0.25 | 0.50 |",
		"| CPU s/GiB: ours ÷ v1 | 1GiB-8MiB-4t-http | 0.71 | <= 0.4 | no |",
		"| CPU s/GiB: ours-node ÷ alioss | 1GiB-8MiB-4t-http | 0.25 | <= 0.3 | yes |",
		"| 1GiB-8MiB-4t-http | v2 | 826.0 | – | 1.400 | 20.0 | 1.300 | 3/4 |",
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

// A many-files cell: files per second, the ratios of the kinds that loop over files, and the
// many-files targets.
func TestReportManyFiles(t *testing.T) {
	cell := Cell{Files: 100, Size: 256 << 10, PartSize: 8 << 20, Threads: 4, Scheme: "https"}
	rep := newReport(Config{Mode: "test", Reps: 1, Kinds: AllKinds})
	cr := rep.addCell(cell)
	if got := len(cr.Results); got != 3 {
		t.Fatalf("%d kinds on a many-files cell, want ours, v1, ours-capi", got)
	}
	for k, wall := range map[Kind]float64{KindOurs: 2, KindV1: 4, KindOursCAPI: 2.5} {
		cr.kind(k).Samples = []Sample{{Rep: 1, WallS: wall, UserS: wall / 2, MaxRSSKiB: 10240}}
	}
	rep.finish()
	if fps := cr.find(KindOurs).FilesPerS; !near(fps, 50) {
		t.Errorf("ours: %g files/s, want 50", fps)
	}
	if r, ok := cr.ratio(KindOursCAPI, KindV1); !ok || !near(r.Throughput, 1.6) {
		t.Errorf("ours-capi ÷ v1: %+v (%v), want 1.6", r, ok)
	}
	for _, tg := range rep.Targets {
		switch tg.Name {
		case "files/s: ours (Go) ÷ v1", "files/s: ours-capi (C SDK API) ÷ v1":
			if !tg.Met || tg.Cell != "100x256KiB-8MiB-4t-https" {
				t.Errorf("target %+v: want met on the many-files cell", tg)
			}
		}
	}
	if md := rep.Markdown(); !strings.Contains(md, "| 100x256KiB-8MiB-4t-https | ours | 13.1 | 50.0 |") {
		t.Errorf("Markdown lacks ours's files/s row:\n%s", md)
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
