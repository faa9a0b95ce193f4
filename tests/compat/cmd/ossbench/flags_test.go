package main

import (
	"testing"

	"github.com/ossresume/ossresume/tests/compat/bench"
)

func TestParseFlags(t *testing.T) {
	cases := []struct {
		name      string
		args      []string
		cells     int
		reps      int
		mode      string
		benchtime string
	}{
		{"full by default", nil, 2*2*2*2 + 2, bench.FullReps, "full", "1s"},
		{"quick", []string{"-quick"}, 3, bench.QuickReps, "quick", bench.QuickBenchtime},
		{"quick with reps", []string{"-quick", "-reps", "2"}, 3, 2, "quick", bench.QuickBenchtime},
		{"quick with a matrix", []string{"-quick", "-sizes", "64MiB", "-extra", ""}, 1 * 2 * 2 * 2, bench.QuickReps, "quick", bench.QuickBenchtime},
		{"cells", []string{"-cells", "256MiB:8MiB:4:http,256MiB:64MiB:1:https", "-reps", "5"}, 2, 5, "full", "1s"},
		{"no extra", []string{"-sizes", "256MiB", "-extra", ""}, 8, bench.FullReps, "full", "1s"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg, err := parseFlags(c.args)
			if err != nil {
				t.Fatal(err)
			}
			if len(cfg.Cells) != c.cells || cfg.Reps != c.reps || cfg.Mode != c.mode || cfg.MicroBenchtime != c.benchtime {
				t.Fatalf("%d cells, %d reps, mode %q, benchtime %q; want %d, %d, %q, %q",
					len(cfg.Cells), cfg.Reps, cfg.Mode, cfg.MicroBenchtime, c.cells, c.reps, c.mode, c.benchtime)
			}
			if len(cfg.Kinds) != len(bench.AllKinds) {
				t.Errorf("kinds %v", cfg.Kinds)
			}
		})
	}
}

func TestParseFlagsRefuses(t *testing.T) {
	for name, args := range map[string][]string{
		"bad size":         {"-sizes", "big"},
		"bad part":         {"-parts", "8MiB,0"},
		"bad threads":      {"-threads", "four"},
		"bad scheme":       {"-schemes", "ftp"},
		"bad kind":         {"-kinds", "ours,v3"},
		"bad cell":         {"-cells", "1GiB:8MiB"},
		"cells and matrix": {"-cells", "1GiB:8MiB:4:http", "-sizes", "1GiB"},
		"zero reps":        {"-reps", "0"},
		"empty matrix":     {"-sizes", "", "-extra", ""},
		"stray argument":   {"now"},
	} {
		if _, err := parseFlags(args); err == nil {
			t.Errorf("%s: %v accepted", name, args)
		}
	}
}
