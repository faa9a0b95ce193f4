package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Config is one benchmark run.
type Config struct {
	Mode  string // "quick" or "full", recorded in the report
	Cells []Cell
	Kinds []Kind
	Reps  int // runs of each kind on each cell; the median is reported

	// Exe is the program run for each client, with ExeArgs before the client's flags (the
	// ossbench binary and "client"; a test binary and nothing). ExtraEnv is added to the
	// child's environment.
	Exe      string
	ExeArgs  []string
	ExtraEnv []string

	TempDir string // parent of the test files and checkpoints; "" is os.TempDir()
	OutDir  string // where the reports are written; "" writes none

	// Micro runs the Go micro-benchmarks of core/crc64 in RootDir (the root module; "" asks
	// go list) with -benchtime MicroBenchtime.
	Micro          bool
	MicroBenchtime string
	RootDir        string

	// Tools locates the clients in other languages (Node, Python, the C CLI, the C SDK API).
	Tools Tools

	Log io.Writer // progress, one line per run; nil is silent
}

func (c *Config) check() error {
	switch {
	case len(c.Cells) == 0:
		return errors.New("bench: no cells to run")
	case len(c.Kinds) == 0:
		return errors.New("bench: no client kinds to run")
	case c.Reps < 1:
		return fmt.Errorf("bench: %d repetitions, want at least 1", c.Reps)
	case c.Exe == "":
		return errors.New("bench: no executable for the clients")
	}
	for _, cell := range c.Cells {
		if cell.Size <= 0 || cell.PartSize <= 0 || cell.Threads < 1 {
			return fmt.Errorf("bench: cell %v: size, part size and threads must be positive", cell)
		}
		if _, err := ParseScheme(cell.Scheme); err != nil {
			return fmt.Errorf("bench: cell %v: %w", cell, err)
		}
	}
	return nil
}

// Run measures every kind on every cell and returns the report, also written to OutDir when
// set. A client that fails is recorded in the report and the run goes on; the error returned
// is for the harness itself failing (a server, a file, the report) or ctx ending, in which case
// the report of the cells done so far is still returned and written.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	logf := func(format string, args ...any) {
		if cfg.Log != nil {
			fmt.Fprintf(cfg.Log, format+"\n", args...)
		}
	}
	tmp, err := os.MkdirTemp(cfg.TempDir, "ossbench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	servers := map[string]*server{}
	defer func() {
		for _, s := range servers {
			s.close()
		}
	}()
	for _, cell := range cfg.Cells {
		if servers[cell.Scheme] == nil {
			s, err := startServer(cell.Scheme, tmp)
			if err != nil {
				return nil, err
			}
			servers[cell.Scheme] = s
		}
		if dataKey := cell.Scheme + dataServer; servers[dataKey] == nil && downloadsOn(cfg.Kinds, cell) {
			s, err := startServerMode(cell.Scheme, tmp, false)
			if err != nil {
				return nil, err
			}
			servers[dataKey] = s
		}
	}

	if cfg.Tools.Repo == "" {
		cfg.Tools.Repo = cfg.RootDir
	}
	if err := cfg.Tools.fill(ctx); err != nil {
		return nil, err
	}
	rep := newReport(cfg)
	runErr := measure(ctx, &cfg, rep, servers, tmp, logf)
	if cfg.Micro && runErr == nil {
		logf("running the core/crc64 micro-benchmarks")
		if rep.Micro, err = runMicro(ctx, cfg.RootDir, cfg.MicroBenchtime); err != nil {
			rep.MicroError = err.Error()
			logf("micro-benchmarks: %v", err)
		}
	}
	// An interrupted run still reports the cells it finished.
	rep.finish()
	if cfg.OutDir != "" {
		if err := rep.Write(cfg.OutDir); err != nil {
			return rep, errors.Join(runErr, err)
		}
	}
	return rep, runErr
}

// measure runs the cells in order, writing each size's test file before its first cell and
// removing it after its last.
func measure(ctx context.Context, cfg *Config, rep *Report, servers map[string]*server, tmp string, logf func(string, ...any)) error {
	files := map[string]testFile{}
	seeded := map[string]bool{} // scheme + seedKey: objects on the data servers
	for i, cell := range cfg.Cells {
		tf, ok := files[cell.fileKey()]
		if !ok {
			var err error
			if cell.Many() {
				logf("writing %d test files of %s", cell.Files, FormatSize(cell.Size))
				tf, err = writeTestDir(tmp, cell.Files, cell.Size)
			} else {
				logf("writing a %s test file", FormatSize(cell.Size))
				tf, err = writeTestFile(tmp, cell.Size)
			}
			if err != nil {
				return err
			}
			files[cell.fileKey()] = tf
		}
		cr := rep.addCell(cell)
		var kinds []Kind
		for _, k := range cfg.Kinds {
			if Applies(k, cell) {
				kinds = append(kinds, k)
			}
		}
		if downloadsOn(kinds, cell) {
			if key := seedKey(cell); !seeded[cell.Scheme+key] {
				logf("putting the %s test file on the %s data server for the downloads", FormatSize(cell.Size), cell.Scheme)
				if err := servers[cell.Scheme+dataServer].seed(ctx, key, tf); err != nil {
					return err
				}
				seeded[cell.Scheme+key] = true
			}
		}
		for r := range cfg.Reps {
			for _, kind := range Schedule(kinds, r) {
				if err := ctx.Err(); err != nil {
					return err
				}
				srv := servers[cell.Scheme]
				if kind.Downloads() {
					srv = servers[cell.Scheme+dataServer]
				}
				s, err := runOne(ctx, cfg, srv, cell, kind, tf, tmp)
				if ctx.Err() != nil {
					return ctx.Err() // the run was killed, not failed
				}
				kr := cr.kind(kind)
				if err != nil {
					kr.Errors = append(kr.Errors, fmt.Sprintf("run %d: %v", r+1, err))
					logf("%-22s %-10s run %d: FAILED: %v", cell, kind, r+1, err)
					continue
				}
				s.Rep = r + 1
				kr.Samples = append(kr.Samples, s)
				logf("%-22s %-10s run %d: %7.3f s  %7.1f MB/s  cpu %6.3f s  rss %5.1f MiB",
					cell, kind, r+1, s.WallS, float64(cell.Bytes())/1e6/s.WallS, s.CPUS(), float64(s.MaxRSSKiB)/1024)
			}
		}
		if !usedLater(cfg.Cells[i+1:], cell.fileKey()) {
			os.RemoveAll(tf.path)
			delete(files, cell.fileKey())
		}
	}
	return nil
}

// dataServer suffixes a scheme in the servers map for the server that keeps data (downloads).
const dataServer = "+data"

// downloadsOn says some kind among kinds downloads on cell.
func downloadsOn(kinds []Kind, cell Cell) bool {
	for _, k := range kinds {
		if k.Downloads() && Applies(k, cell) {
			return true
		}
	}
	return false
}

// seedKey is the object the download kinds fetch on cell: the cell's test file, put once per
// scheme.
func seedKey(c Cell) string { return "bench/source/" + c.fileKey() }

// fileKey names the test file (or directory) a cell uploads: cells of one size share it.
func (c Cell) fileKey() string {
	return fmt.Sprintf("%dx%d", max(c.Files, 1), c.Size)
}

func usedLater(cells []Cell, key string) bool {
	for _, c := range cells {
		if c.fileKey() == key {
			return true
		}
	}
	return false
}

// runOne runs kind on cell once in a fresh work directory and verifies what it uploaded (or
// downloaded).
func runOne(ctx context.Context, cfg *Config, srv *server, cell Cell, kind Kind, tf testFile, tmp string) (Sample, error) {
	work, err := os.MkdirTemp(tmp, "run-")
	if err != nil {
		return Sample{}, err
	}
	defer os.RemoveAll(work)
	spec := Spec{
		Kind: kind, File: tf.path, PartSize: cell.PartSize, Threads: cell.Threads,
		Endpoint: srv.srv.URL(), CAFile: srv.caFile, Region: benchRegion,
		Bucket: benchBucket, Key: "bench/" + string(kind) + "/" + cell.String(),
		KeyID: benchKeyID, Secret: benchSecret, WorkDir: work, Files: max(cell.Files, 1),
	}
	if kind.Downloads() {
		spec.Key, spec.File = seedKey(cell), filepath.Join(work, "download.bin")
	}
	env := append([]string(nil), cfg.ExtraEnv...)
	if srv.caFile != "" {
		// The SDKs build their own transports; Go's x509 takes the system roots from here.
		env = append(env, "SSL_CERT_FILE="+srv.caFile)
	}
	runCtx, cancel := context.WithTimeout(ctx, kindTimeout(kind, cell))
	defer cancel()
	var s Sample
	if external(kind) {
		exe, args, extra, selfTimed, err := cfg.Tools.command(ctx, tmp, spec)
		if err != nil {
			return s, err
		}
		s, err = runProgram(runCtx, exe, args, append(env, extra...), selfTimed, kind)
		if err != nil {
			return s, err
		}
	} else if s, err = runChild(runCtx, cfg.Exe, cfg.ExeArgs, env, spec); err != nil {
		return s, err
	}
	if kind.Downloads() {
		return s, verifyFile(spec.File, tf)
	}
	if !cell.Many() {
		return s, srv.verify(ctx, spec.Key, tf)
	}
	for i, f := range tf.files {
		if err := srv.verify(ctx, spec.Key+"/"+ManyFileName(i), f); err != nil {
			return s, err
		}
	}
	return s, nil
}

// childTimeout bounds one upload generously, so a hung client fails its run instead of the
// whole benchmark (10 MB/s plus a minute
// and a tenth of a second per file).
func childTimeout(c Cell) time.Duration {
	return time.Minute + time.Duration(c.Bytes()/10e6)*time.Second + time.Duration(c.Files)*100*time.Millisecond
}

// Paths of the reports in dir.
func reportPaths(dir string, date time.Time) (md, js string) {
	stem := filepath.Join(dir, "bench-"+date.UTC().Format("20060102-1504"))
	return stem + ".md", stem + ".json"
}
