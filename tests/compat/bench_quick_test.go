package compat

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ossresume/ossresume/tests/compat/bench"
)

// The benchmark driver re-executes this test binary as each client; with bench.ChildEnv set it
// runs that one upload and exits before any test starts.
func init() {
	if os.Getenv(bench.ChildEnv) == "1" {
		os.Exit(bench.ClientMain(os.Args[1:], os.Stdout, os.Stderr))
	}
}

// TestBenchQuick runs make bench's driver in quick mode so that it cannot rot: every client
// uploads on every quick cell, its object is verified, and the reports are written. It never
// fails on speed.
func TestBenchQuick(t *testing.T) {
	cfg, err := bench.QuickConfig()
	if err != nil {
		t.Fatal(err)
	}
	cfg.Exe = os.Args[0]
	cfg.ExtraEnv = []string{bench.ChildEnv + "=1"}
	cfg.TempDir = t.TempDir()
	cfg.OutDir = t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	rep, err := bench.Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if f := rep.Failures(); len(f) > 0 {
		t.Fatalf("%d client run(s) failed:\n%s", len(f), strings.Join(f, "\n"))
	}
	if len(rep.Cells) != len(cfg.Cells) {
		t.Fatalf("%d cells reported, %d run", len(rep.Cells), len(cfg.Cells))
	}
	ran := map[bench.Kind]bool{}
	for _, c := range rep.Cells {
		var want int
		for _, k := range bench.AllKinds {
			if bench.Applies(k, c.Cell) {
				want++
			}
		}
		if len(c.Results) != want {
			t.Fatalf("%s: %d kinds reported, want %d", c.Name, len(c.Results), want)
		}
		for _, kr := range c.Results {
			if len(kr.Samples) != cfg.Reps || kr.MBps <= 0 || kr.CPUPerGiB <= 0 || kr.PeakRSSMiB <= 0 {
				t.Errorf("%s %s: %d samples, %.1f MB/s, %.3f CPU s/GiB, %.1f MiB: want %d measured runs",
					c.Name, kr.Kind, len(kr.Samples), kr.MBps, kr.CPUPerGiB, kr.PeakRSSMiB, cfg.Reps)
			}
			ran[kr.Kind] = true
		}
		if len(c.Ratios) == 0 {
			t.Errorf("%s: no ratios", c.Name)
		}
	}
	for _, k := range bench.AllKinds {
		if !ran[k] {
			t.Errorf("%s ran on no quick cell", k)
		}
	}
	if rep.MicroError != "" || len(rep.Micro) == 0 {
		t.Errorf("micro-benchmarks: %d results, error %q", len(rep.Micro), rep.MicroError)
	}
	if rep.Host.CRCKernel == "" || rep.Host.GoVersion == "" {
		t.Errorf("host description incomplete: %+v", rep.Host)
	}

	md, err := os.ReadFile(filepath.Join(cfg.OutDir, "latest.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"## Ratios", "## Targets", "## Absolute figures", "## Micro-benchmarks", rep.Host.CRCKernel} {
		if !strings.Contains(string(md), want) {
			t.Errorf("latest.md lacks %q", want)
		}
	}
	js, err := os.ReadFile(filepath.Join(cfg.OutDir, "latest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var back bench.Report
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatalf("latest.json: %v", err)
	}
	if len(back.Cells) != len(rep.Cells) || back.Host != rep.Host {
		t.Errorf("latest.json does not hold the report: %d cells, host %+v", len(back.Cells), back.Host)
	}
	dated, _ := filepath.Glob(filepath.Join(cfg.OutDir, "bench-*.md"))
	if len(dated) != 1 {
		t.Errorf("dated Markdown reports: %v, want one", dated)
	}
}
