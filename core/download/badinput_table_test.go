//go:build unix

package download

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/ossresume/ossresume/core/oss"
)

// TestBadInputDownloadTable runs the download's bad-input table
// (tests/badinput/download_cases.tsv) through the Go API, as tests/c/test_badinput_table.c
// --download runs it through both C entries: each case is a good download from a closed
// loopback port with the table's changes, and the verdict (refused as what, or accepted and
// connecting) must be the table's.
func TestBadInputDownloadTable(t *testing.T) {
	dir := t.TempDir()
	targets := map[string]string{
		"good": filepath.Join(dir, "good.bin"), "existing": filepath.Join(dir, "existing.bin"),
		"dir": filepath.Join(dir, "dir"), "fifo": filepath.Join(dir, "fifo"),
		"missingdir": filepath.Join(dir, "no-such-dir", "f.bin"), "empty": "",
	}
	targets["notdir"] = targets["existing"] + "/child"
	if err := os.WriteFile(targets["existing"], []byte("some bytes"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(targets["dir"], 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(targets["fifo"], 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../../tests/badinput/download_cases.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		var fields []string
		for _, s := range strings.Split(line, "\t") {
			if s != "" {
				fields = append(fields, s)
			}
		}
		if len(fields) < 2 || len(fields) > 3 {
			t.Errorf("malformed line %q", line)
			continue
		}
		name, want, changes := fields[0], fields[len(fields)-1], ""
		if len(fields) == 3 {
			changes = fields[1]
		}
		n++
		t.Run(name, func(t *testing.T) {
			cfg := oss.Config{Endpoint: "http://127.0.0.1:1", SignatureVersion: 1}
			ak, sk := "ak", "sk"
			opts := Options{Bucket: "examplebucket", Key: "k", FilePath: targets["good"], Threads: 1, Retries: -1}
			for _, c := range strings.Fields(changes) {
				k, v, _ := strings.Cut(c, "=")
				v = decodeTableValue(v)
				switch k {
				case "bucket":
					opts.Bucket = v
				case "key":
					opts.Key = v
				case "file":
					opts.FilePath = targets[v]
				case "endpoint":
					cfg.Endpoint = v
				case "sigver":
					cfg.SignatureVersion, _ = strconv.Atoi(v)
				case "region":
					cfg.Region = v
				case "ak":
					ak = v
				case "sk":
					sk = v
				default:
					t.Fatalf("unknown change %q", c)
				}
			}
			cfg.Credentials = oss.StaticCredentials(ak, sk, "")
			if got := downloadVerdict(t, cfg, opts); !verdictMatches(got, want) {
				t.Errorf("verdict %s, want %s", got, want)
			}
		})
	}
	if n < 10 {
		t.Errorf("only %d cases read", n)
	}
}

func downloadVerdict(t *testing.T, cfg oss.Config, opts Options) string {
	api, err := oss.New(cfg)
	if err == nil {
		defer api.Close()
		_, err = Download(t.Context(), api, opts)
	}
	var (
		oe *OptionError
		ae *oss.ArgumentError
		te *oss.TransportError
		ge *TargetError
	)
	field := func(f string) string {
		return map[string]string{"Bucket": "bucket", "Key": "key", "FilePath": "file", "Endpoint": "arg:endpoint",
			"Region": "arg:region", "credentials": "arg:credentials"}[f]
	}
	switch {
	case err == nil:
		return "downloaded (from a closed port?)"
	case errors.As(err, &te) && te.Kind == oss.TransportRefused:
		return "ok"
	case errors.As(err, &oe) && field(oe.Field) != "":
		return field(oe.Field)
	case errors.As(err, &ae) && field(ae.Field) != "":
		return field(ae.Field)
	case errors.As(err, &ge):
		var eno syscall.Errno
		if errors.As(ge.Err, &eno) {
			return "file:" + map[syscall.Errno]string{syscall.ENOENT: "ENOENT", syscall.EISDIR: "EISDIR",
				syscall.ENOTDIR: "ENOTDIR", syscall.EACCES: "EACCES", syscall.EEXIST: "EEXIST"}[eno]
		}
		return "file"
	}
	return fmt.Sprintf("other(%v)", err)
}

// verdictMatches: "file" accepts any file:ERRNO; the Go API names credentials as one field.
func verdictMatches(got, want string) bool {
	switch {
	case got == want:
		return true
	case want == "file":
		return strings.HasPrefix(got, "file:")
	case strings.HasPrefix(want, "arg:access_key_"):
		return got == "arg:credentials"
	}
	return false
}

// decodeTableValue turns the table's escapes (\r \n \t \s \\ \xHH, @N*c) into bytes, as
// core/upload's runner of cases.tsv does.
func decodeTableValue(v string) string {
	var n int
	var c byte
	if _, err := fmt.Sscanf(v, "@%d*%c", &n, &c); err == nil {
		return strings.Repeat(string(c), n)
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] != '\\' || i+1 == len(v) {
			b.WriteByte(v[i])
			continue
		}
		i++
		switch v[i] {
		case 'r':
			b.WriteByte('\r')
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 's':
			b.WriteByte(' ')
		case 'x':
			x, _ := strconv.ParseUint(v[i+1:i+3], 16, 8)
			b.WriteByte(byte(x))
			i += 2
		default:
			b.WriteByte(v[i])
		}
	}
	return b.String()
}
