// Command ossbench measures upload clients side by side against a local ossemu: this project's
// engine (with and without part SHA-256), the official OSS Go SDKs v1 and v2, and a raw
// baseline. It writes Markdown and JSON reports to -out (tests/compat/results from make bench).
//
//	ossbench [-quick] [-sizes 256MiB,2GiB] [-parts 8MiB,64MiB] [-threads 1,4] [-schemes http,https]
//	         [-extra 2GiB:512MiB:4:http] [-kinds ours,ours-sha,v1,...] [-lib PATH] [-cli PATH] [-reps 3] [-out results]
//
// Each client runs as a child process, "ossbench client ...", so that its CPU time and peak RSS
// are its own.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/ossresume/ossresume/tests/compat/bench"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "client" {
		os.Exit(bench.ClientMain(os.Args[2:], os.Stdout, os.Stderr))
	}
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	cfg, err := parseFlags(args)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ossbench:", err)
		return 2
	}
	if cfg.Exe, err = os.Executable(); err != nil {
		fmt.Fprintln(os.Stderr, "ossbench:", err)
		return 1
	}
	cfg.ExeArgs = []string{"client"}
	cfg.Log = os.Stderr
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	rep, err := bench.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ossbench:", err)
		if rep != nil && cfg.OutDir != "" {
			fmt.Fprintf(os.Stderr, "ossbench: the cells finished are reported in %s\n", cfg.OutDir)
		}
		return 1
	}
	if cfg.OutDir != "" {
		fmt.Fprintf(os.Stderr, "ossbench: reports in %s (latest.md, latest.json)\n", cfg.OutDir)
	} else {
		fmt.Print(rep.Markdown())
	}
	if f := rep.Failures(); len(f) > 0 {
		fmt.Fprintf(os.Stderr, "ossbench: %d run(s) failed:\n", len(f))
		for _, line := range f {
			fmt.Fprintln(os.Stderr, "  "+line)
		}
		return 1
	}
	return 0
}
