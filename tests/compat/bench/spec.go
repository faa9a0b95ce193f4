package bench

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
)

// Kind names one client under test.
type Kind string

// The clients, in the order they are run within a repetition. Which cells each runs on is
// Applies' decision (kinds.go).
const (
	KindOurs    Kind = "ours"     // core/upload as users run it: CRC-64 per part, checkpoint on
	KindOursSHA Kind = "ours-sha" // the same with part SHA-256 on (PartSHA256)
	KindV1      Kind = "v1"       // aliyun-oss-go-sdk Bucket.UploadFile, CRC and checkpoint on
	KindV2      Kind = "v2"       // alibabacloud-oss-go-sdk-v2 Uploader, CRC and checkpoint on
	KindRaw     Kind = "raw"      // plain net/http UploadPart PUTs: the machine's practical limit

	KindOursNode Kind = "ours-node" // our Node package's ali-oss-shaped new OSS().multipartUpload
	KindAliOSS   Kind = "alioss"    // ali-oss multipartUpload (Node), the official Node SDK
	KindOursPy   Kind = "ours-py"   // our Python package's resumable_upload
	KindOursCLI  Kind = "ours-cli"  // the oss-upload C CLI (C SDK-compatible API)
	KindOursCAPI Kind = "ours-capi" // many files: one oss_resumable_upload_file call per file (C)

	// Downloads of the cell's file, put on a server that keeps data before the first of them.
	KindOursDL Kind = "ours-dl" // core/download as users run it: CRC-64 per range, checkpoint on
	KindV1DL   Kind = "v1-dl"   // aliyun-oss-go-sdk Bucket.DownloadFile, CRC and checkpoint on
	KindV2DL   Kind = "v2-dl"   // alibabacloud-oss-go-sdk-v2 Downloader, CRC and checkpoint on
	KindRawDL  Kind = "raw-dl"  // plain net/http ranged GETs into a preallocated file, no hashing

	// issue 19: browser. Both in headless Chromium (tests/browser/bench.js), the file chosen in
	// an <input type="file">, multipartUpload timed in the page.
	KindOursBrowser   Kind = "ours-browser"   // build/browser/ossresume.js: the wasm engine in a Worker
	KindAliOSSBrowser Kind = "alioss-browser" // ali-oss's own browser build (dist/aliyun-oss-sdk.min.js)
)

// AllKinds lists every kind in run order.
var AllKinds = []Kind{KindOurs, KindOursSHA, KindV1, KindV2, KindRaw,
	KindOursNode, KindAliOSS, KindOursPy, KindOursCLI, KindOursCAPI,
	KindOursDL, KindV1DL, KindV2DL, KindRawDL,
	KindOursBrowser, KindAliOSSBrowser}

// Downloads says kind fetches the cell's file from the server instead of uploading it.
func (k Kind) Downloads() bool {
	switch k {
	case KindOursDL, KindV1DL, KindV2DL, KindRawDL:
		return true
	}
	return false
}

// ParseKind checks a kind name.
func ParseKind(s string) (Kind, error) {
	for _, k := range AllKinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown client kind %q (want one of %v)", s, AllKinds)
}

// Spec is what one child process uploads, passed to it as flags.
type Spec struct {
	Kind     Kind
	File     string // the local file (for a download kind: where it goes)
	PartSize int64
	Threads  int
	Endpoint string // scheme://host:port
	CAFile   string // PEM of the server's CA under TLS, "" for plain HTTP
	Region   string
	Bucket   string
	Key      string
	KeyID    string
	Secret   string
	WorkDir  string // checkpoints go here
	// Files > 1: File is a directory of Files files named by ManyFileName, uploaded one after
	// the other through one client to Key + "/" + their name.
	Files int
}

// Args renders s as the child's command line, after the "client" sub-command.
func (s Spec) Args() []string {
	return []string{
		"-kind", string(s.Kind), "-file", s.File,
		"-part", strconv.FormatInt(s.PartSize, 10), "-threads", strconv.Itoa(s.Threads),
		"-endpoint", s.Endpoint, "-ca", s.CAFile, "-region", s.Region,
		"-bucket", s.Bucket, "-key", s.Key, "-ak", s.KeyID, "-sk", s.Secret, "-workdir", s.WorkDir,
		"-files", strconv.Itoa(s.Files),
	}
}

// ParseSpec reads the flags Args wrote and checks them.
func ParseSpec(args []string) (Spec, error) {
	var s Spec
	var kind string
	fs := flag.NewFlagSet("client", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&kind, "kind", "", "client kind")
	fs.StringVar(&s.File, "file", "", "file to upload")
	fs.Int64Var(&s.PartSize, "part", 0, "part size in bytes")
	fs.IntVar(&s.Threads, "threads", 0, "parts in flight")
	fs.StringVar(&s.Endpoint, "endpoint", "", "server URL")
	fs.StringVar(&s.CAFile, "ca", "", "CA certificate (PEM) under TLS")
	fs.StringVar(&s.Region, "region", "", "region for V4 signing")
	fs.StringVar(&s.Bucket, "bucket", "", "bucket")
	fs.StringVar(&s.Key, "key", "", "object key")
	fs.StringVar(&s.KeyID, "ak", "", "access key id")
	fs.StringVar(&s.Secret, "sk", "", "access key secret")
	fs.StringVar(&s.WorkDir, "workdir", "", "directory for checkpoints")
	fs.IntVar(&s.Files, "files", 1, "files in the directory -file (1: -file is the file)")
	if err := fs.Parse(args); err != nil {
		return s, fmt.Errorf("client flags: %w", err)
	}
	if fs.NArg() != 0 {
		return s, fmt.Errorf("client flags: unexpected argument %q", fs.Arg(0))
	}
	var err error
	if s.Kind, err = ParseKind(kind); err != nil {
		return s, err
	}
	switch {
	case s.File == "":
		return s, errors.New("client flags: -file is empty")
	case s.PartSize <= 0:
		return s, fmt.Errorf("client flags: -part %d is not positive", s.PartSize)
	case s.Threads <= 0:
		return s, fmt.Errorf("client flags: -threads %d is not positive", s.Threads)
	case s.Endpoint == "" || s.Bucket == "" || s.Key == "":
		return s, errors.New("client flags: -endpoint, -bucket and -key are required")
	case s.KeyID == "" || s.Secret == "":
		return s, errors.New("client flags: -ak and -sk are required")
	case s.WorkDir == "":
		return s, errors.New("client flags: -workdir is empty")
	case s.Files < 1:
		return s, fmt.Errorf("client flags: -files %d is not positive", s.Files)
	}
	return s, nil
}

// ManyFileName names file i of a many-files cell, in its directory and in its object key.
func ManyFileName(i int) string { return fmt.Sprintf("f%05d", i) }
