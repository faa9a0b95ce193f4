package main

import (
	"flag"
	"fmt"
	"strings"

	"github.com/ossresume/ossresume/tests/compat/bench"
)

// parseFlags builds the run's configuration. -quick switches the defaults to the quick matrix;
// matrix flags given explicitly still win.
func parseFlags(args []string) (bench.Config, error) {
	fs := flag.NewFlagSet("ossbench", flag.ContinueOnError)
	quick := fs.Bool("quick", false, "a few small cells, one run each (what make test runs)")
	sizes := fs.String("sizes", bench.FullSizes, "file sizes")
	parts := fs.String("parts", bench.FullParts, "part sizes")
	threads := fs.String("threads", bench.FullThreads, "parts in flight")
	schemes := fs.String("schemes", bench.FullSchemes, "http, https or both")
	extra := fs.String("extra", bench.FullExtra, "extra cells, size:part:threads:scheme, comma-separated")
	cells := fs.String("cells", "", "run exactly these cells (size:part:threads:scheme,...) instead of the matrix")
	kinds := fs.String("kinds", allKinds(), "clients to run (each on the cells it applies to)")
	lib := fs.String("lib", "", "libossresume.so for the Node, Python and C clients (default $OSSRESUME_LIBRARY, else build/)")
	cli := fs.String("cli", "", "the oss-upload CLI (default $OSSRESUME_CLI, else build/bin/oss-upload)")
	reps := fs.Int("reps", bench.FullReps, "runs of each client per cell (the median is reported)")
	out := fs.String("out", "results", "directory for the reports (\"\" prints Markdown to stdout)")
	tmp := fs.String("tmp", "", "directory for the test files (default: the system temp dir)")
	micro := fs.Bool("micro", true, "also run the core/crc64 micro-benchmarks")
	benchtime := fs.String("benchtime", "1s", "-benchtime of the micro-benchmarks")
	if err := fs.Parse(args); err != nil {
		return bench.Config{}, err
	}
	if fs.NArg() != 0 {
		return bench.Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	cfg := bench.Config{Mode: "full", Reps: *reps, OutDir: *out, TempDir: *tmp, Micro: *micro, MicroBenchtime: *benchtime,
		Tools: bench.Tools{Lib: *lib, CLI: *cli}}
	var err error
	if cfg.Kinds, err = bench.ParseKinds(*kinds); err != nil {
		return cfg, fmt.Errorf("-kinds: %w", err)
	}
	matrixSet := set["sizes"] || set["parts"] || set["threads"] || set["schemes"] || set["extra"]
	switch {
	case *cells != "":
		if matrixSet {
			return cfg, fmt.Errorf("-cells replaces -sizes, -parts, -threads, -schemes and -extra; give one or the other")
		}
		cfg.Cells, err = bench.ParseCells(*cells)
	case *quick && !matrixSet:
		cfg.Cells, err = bench.ParseCells(bench.QuickCells)
	default:
		cfg.Cells, err = matrix(*sizes, *parts, *threads, *schemes, *extra)
	}
	if err != nil {
		return cfg, err
	}
	if *quick {
		cfg.Mode = "quick"
		if !set["reps"] {
			cfg.Reps = bench.QuickReps
		}
		if !set["benchtime"] {
			cfg.MicroBenchtime = bench.QuickBenchtime
		}
	}
	if cfg.Reps < 1 {
		return cfg, fmt.Errorf("-reps %d: want at least 1", cfg.Reps)
	}
	return cfg, nil
}

func matrix(sizes, parts, threads, schemes, extra string) ([]bench.Cell, error) {
	sz, err := bench.ParseSizes(sizes)
	if err != nil {
		return nil, fmt.Errorf("-sizes: %w", err)
	}
	ps, err := bench.ParseSizes(parts)
	if err != nil {
		return nil, fmt.Errorf("-parts: %w", err)
	}
	th, err := bench.ParseInts(threads)
	if err != nil {
		return nil, fmt.Errorf("-threads: %w", err)
	}
	sc, err := bench.ParseSchemes(schemes)
	if err != nil {
		return nil, fmt.Errorf("-schemes: %w", err)
	}
	ex, err := bench.ParseCells(extra)
	if err != nil {
		return nil, fmt.Errorf("-extra: %w", err)
	}
	cells := bench.Matrix(sz, ps, th, sc, ex)
	if len(cells) == 0 {
		return nil, fmt.Errorf("the matrix is empty: give -sizes, -parts, -threads and -schemes, or -cells")
	}
	return cells, nil
}

func allKinds() string {
	var s []string
	for _, k := range bench.AllKinds {
		s = append(s, string(k))
	}
	return strings.Join(s, ",")
}
