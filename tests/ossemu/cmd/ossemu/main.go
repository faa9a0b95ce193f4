// Command ossemu runs the local OSS-compatible server (package ossemu) until SIGTERM or SIGINT.
// Once it accepts connections it prints its base URL alone on the first line of standard output,
// then, when no --key was given, the generated key pair on the next lines.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/ossresume/ossresume/tests/ossemu"
)

// multi collects a repeatable flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, " ") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

const usageHead = `Usage: ossemu [flags]

Runs a local OSS-compatible server (object and multipart API, V1/V4 signatures, faults).
It prints its base URL alone on the first line of standard output once it accepts
connections, then the generated key pair when no --key was given, and stops cleanly on
SIGTERM or SIGINT.

Flags:
`

const usageTail = `
Fault specs (--fault, repeatable; also POST /_ossemu/faults, one per line):
  comma-separated settings. Choose requests with op=NAME[|NAME] (PutObject, UploadPart,
  Initiate, Complete, Abort, ListParts, GetObject, ...), bucket=B, key=K, part=N; choose which
  fire with nth=N, every=K, p=0.1[,seed=7], times=N; act with status=503[,code=SlowDown]
  [,message=M][,when=after], reset-after=BYTES, delay=DURATION, bandwidth=BYTES (per second),
  wrong-crc, expire-upload. No action means status=500. Examples:
    --fault op=UploadPart,nth=3,status=503,code=SlowDown
    --fault op=UploadPart,part=5,reset-after=64KiB,times=1
    --fault op=Complete,status=500,when=after
    --fault op=Complete,when=after,reset-after=0   (Complete happens, the answer is lost)
    --fault op=UploadPart,p=0.1,seed=7
    --fault op=UploadPart,part=3,expire-upload

Admin endpoint (loopback clients, no signature): GET|POST|DELETE /_ossemu/faults,
GET|DELETE /_ossemu/log, GET /_ossemu/uploads?bucket=B, GET /_ossemu/object/BUCKET/KEY
(the stored bytes, CRC-64 in x-oss-hash-crc64ecma), GET /_ossemu/health.
`

func main() {
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, sig))
}

// run is the command without the process around it, so tests can drive it.
func run(args []string, stdout, stderr io.Writer, stop <-chan os.Signal) int {
	fs := flag.NewFlagSet("ossemu", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var opts ossemu.Options
	var keys, tokens, buckets, faults multi
	fs.StringVar(&opts.Addr, "addr", "127.0.0.1:0", "listen on `HOST:PORT` (port 0: any free port)")
	fs.StringVar(&opts.DataDir, "data", "", "keep data under `DIR`, surviving restarts and kills (absent: in memory)")
	fs.Var(&keys, "key", "accept the access key `ID:SECRET` (repeatable; absent: one generated pair, printed)")
	fs.Var(&tokens, "sts-token", "accept this x-oss-security-token `TOKEN` (repeatable)")
	fs.Var(&buckets, "bucket", "create bucket `NAME` at start (repeatable)")
	fs.BoolVar(&opts.TLS, "tls", false, "serve HTTPS with a self-signed CA generated at start")
	fs.StringVar(&opts.CAOut, "ca-out", "", "with --tls, write the CA certificate (PEM) to `FILE`")
	fs.Var(&faults, "fault", "inject a fault, see below (repeatable)")
	fs.BoolVar(&opts.CORS, "cors", false, "answer browsers on every bucket without CORS rules of its own: any origin, every method and header; ETag, x-oss-request-id, x-oss-hash-crc64ecma, Date exposed")
	fs.BoolVar(&opts.AllowAnonymous, "allow-anonymous", false, "accept unsigned requests")
	fs.StringVar(&opts.LogFile, "log", "", "append the request log to `FILE` as JSON lines")
	fixture := fs.Bool("fixture", false, "serve the test fixture too: key "+ossemu.Fixture.AccessKeyID+":"+ossemu.Fixture.AccessKeySecret+
		", STS token "+ossemu.Fixture.STSToken+", bucket "+ossemu.Fixture.Bucket+" (tests/ossemu/fixture.json)")
	fs.BoolVar(&opts.Benchmark, "bench", false, "benchmark mode: bodies are CRC-64'd and dropped, ETags derive from the CRC, GET answers 501")
	fs.Usage = func() {
		fmt.Fprint(stderr, usageHead)
		fs.PrintDefaults()
		fmt.Fprint(stderr, usageTail)
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "ossemu: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	for _, k := range keys {
		id, secret, ok := strings.Cut(k, ":")
		if !ok || id == "" || secret == "" {
			fmt.Fprintf(stderr, "ossemu: --key %q: want ID:SECRET\n", k)
			return 2
		}
		opts.Keys = append(opts.Keys, ossemu.Key{ID: id, Secret: secret})
	}
	opts.STSTokens, opts.Buckets, opts.Faults = tokens, buckets, faults
	if *fixture {
		opts = opts.WithFixture()
	}
	srv, err := ossemu.Start(opts)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintln(stdout, srv.URL())
	if len(opts.Keys) == 0 {
		k := srv.Keys()[0]
		fmt.Fprintf(stdout, "access-key-id: %s\naccess-key-secret: %s\n", k.ID, k.Secret)
	}
	if f, ok := stdout.(*os.File); ok {
		f.Sync()
	}
	<-stop
	if err := srv.Close(); err != nil {
		fmt.Fprintln(stderr, "ossemu:", err)
		return 1
	}
	return 0
}
