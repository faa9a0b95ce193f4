// oss-download fetches one object from OSS into a file, resumably, through core/download: the
// sibling of oss-upload (examples/c/oss-upload.c), with the same flags and exit statuses.
//
//	oss-download [--endpoint URL] [--region R] [--sigver 1|4] [--part-size BYTES] [--threads N]
//	             [--checkpoint PATH | --no-checkpoint] oss://BUCKET/KEY FILE
//
// Credentials come from OSS_ACCESS_KEY_ID, OSS_ACCESS_KEY_SECRET and OSS_SESSION_TOKEN; the
// endpoint and region default to OSS_ENDPOINT and OSS_REGION. Progress is a bar on a terminal
// and plain lines otherwise. Ctrl-C stops the download cleanly, keeping the checkpoint and the
// temporary file, so the same command resumes it; FILE itself appears only whole and verified.
// Exit status: 0 when FILE is in place (its CRC-64 verified when the server sent one), 1 when
// the download failed, 2 for bad usage, 130 when interrupted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ossresume/ossresume/core/download"
	"github.com/ossresume/ossresume/core/oss"
)

func main() { os.Exit(run(os.Args[1:], os.Stderr)) }

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("oss-download", flag.ContinueOnError)
	fs.SetOutput(stderr)
	endpoint := fs.String("endpoint", os.Getenv("OSS_ENDPOINT"), "endpoint URL (default $OSS_ENDPOINT)")
	region := fs.String("region", os.Getenv("OSS_REGION"), "region, for V4 signing (default $OSS_REGION)")
	sigver := fs.Int("sigver", 0, "signature version, 1 or 4 (default 4; 1 without a region)")
	partSize := fs.Int64("part-size", download.DefaultPartSize, "bytes per ranged GET")
	threads := fs.Int("threads", download.DefaultThreads, "ranges in flight, 1..1024")
	cpPath := fs.String("checkpoint", "", "checkpoint path (default FILE.dcp)")
	noCP := fs.Bool("no-checkpoint", false, "not resumable: a failure removes what was fetched")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: oss-download [--endpoint URL] [--region R] [--sigver 1|4] [--part-size BYTES]\n"+
			"                    [--threads N] [--checkpoint PATH | --no-checkpoint] oss://BUCKET/KEY FILE")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	bad := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "oss-download: "+format+"\n", a...)
		return 2
	}
	if fs.NArg() != 2 {
		fs.Usage()
		return 2
	}
	bucket, key, ok := strings.Cut(strings.TrimPrefix(fs.Arg(0), "oss://"), "/")
	switch {
	case !strings.HasPrefix(fs.Arg(0), "oss://") || !ok || bucket == "" || key == "":
		return bad("the source must be oss://BUCKET/KEY, got %q", fs.Arg(0))
	case *endpoint == "":
		return bad("no endpoint: give --endpoint or set OSS_ENDPOINT")
	case *noCP && *cpPath != "":
		return bad("--checkpoint and --no-checkpoint exclude each other")
	case *sigver != 0 && *sigver != 1 && *sigver != 4:
		return bad("--sigver must be 1 or 4")
	}
	if *sigver == 0 {
		*sigver = 4
		if *region == "" {
			*sigver = 1
		}
	}
	client, err := oss.New(oss.Config{Endpoint: *endpoint, Region: *region, SignatureVersion: *sigver,
		Credentials: oss.StaticCredentials(os.Getenv("OSS_ACCESS_KEY_ID"), os.Getenv("OSS_ACCESS_KEY_SECRET"), os.Getenv("OSS_SESSION_TOKEN"))})
	if err != nil {
		return bad("%v", err)
	}
	defer client.Close()
	o := download.Options{Bucket: bucket, Key: key, FilePath: fs.Arg(1), Endpoint: *endpoint,
		PartSize: *partSize, Threads: *threads, Checkpoint: !*noCP, CheckpointPath: *cpPath,
		Notify: func(m string) { fmt.Fprintln(stderr, "oss-download: "+m) }}
	bar := newBar(stderr)
	o.Progress = bar.update
	if err := download.Validate(o); err != nil {
		return bad("%v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := download.Download(ctx, client, o)
	bar.end()
	switch {
	case err != nil && ctx.Err() != nil:
		fmt.Fprintln(stderr, "oss-download: interrupted; run the same command again to resume")
		return 130
	case err != nil:
		var oe *download.OptionError
		fmt.Fprintln(stderr, "oss-download:", err)
		if errors.As(err, &oe) {
			return 2
		}
		return 1
	}
	verified := "CRC-64 verified"
	if !res.Verified {
		verified = "not verified: the server sent no CRC-64"
	}
	fmt.Fprintf(stderr, "oss-download: %s: %d bytes, %s (%d resumed, %d fetched)\n", o.FilePath, res.Size, verified, res.Resumed, res.Fetched)
	return 0
}

// bar draws progress: a redrawn bar on a terminal, a line per 10% otherwise.
type bar struct {
	w         io.Writer
	tty       bool
	start     time.Time
	lastTenth int64
	drawn     bool
}

func newBar(w io.Writer) *bar {
	tty := false
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &bar{w: w, tty: tty, start: time.Now(), lastTenth: -1}
}

func (b *bar) update(done, total int64) {
	if total <= 0 {
		return
	}
	if !b.tty {
		if tenth := done * 10 / total; tenth != b.lastTenth {
			b.lastTenth = tenth
			fmt.Fprintf(b.w, "%d%% %d/%d bytes\n", tenth*10, done, total)
		}
		return
	}
	const width = 40
	n := int(done * width / total)
	rate := float64(done) / max(time.Since(b.start).Seconds(), 1e-3) / (1 << 20)
	fmt.Fprintf(b.w, "\r[%s%s] %3d%% %.1f MiB/s", strings.Repeat("#", n), strings.Repeat(" ", width-n), done*100/total, rate)
	b.drawn = true
}

func (b *bar) end() {
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}
