//go:build reliability

package reliability

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// wrongSecret is the secret of the wrong-credential runs: as long and unusual as akSecret, and
// sharing no part of it, so that a search for one never finds the other.
const wrongSecret = "wr0ng-Kq8zXv-Campaign-71d4e6"

// leaks returns which of the secrets a process held (all it had in its environment or its
// configuration) text contains.
func leaks(text string, held ...string) []string {
	var found []string
	for _, s := range held {
		if strings.Contains(text, s) {
			found = append(found, s[:6]+"…")
		}
	}
	return found
}

// TestSecrets uploads with an STS token and every log turned up, through failures, retries and
// a resume: no log line, error message or checkpoint may contain the access key secret or the
// token, and checkpoint files are mode 0600.
func TestSecrets(t *testing.T) {
	b := needBins(t)
	rng := newRand(t)
	e := startEmu(t, b)
	dir := t.TempDir()
	file := makeFile(t, dir, "secret.bin", 12*100*1024+5, rng)
	drv := buildC(t, b, "driver.c", b.libDir)
	var scanned, lines int

	// scan searches text for what its process held: the secret and the token unless told.
	scan := func(what, text string, held ...string) {
		t.Helper()
		if len(held) == 0 {
			held = []string{akSecret, stsToken}
		}
		scanned++
		lines += strings.Count(text, "\n")
		if l := leaks(text, held...); len(l) > 0 {
			t.Errorf("%s contains %v:\n%s", what, l, text)
		}
	}
	checkCP := func(what, path string) {
		t.Helper()
		fi, err := os.Stat(path)
		if err != nil {
			t.Errorf("%s: no checkpoint kept: %v", what, err)
			return
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: checkpoint %s has mode %v, want 0600", what, path, fi.Mode().Perm())
		}
		data, _ := os.ReadFile(path)
		scan(what+" checkpoint", string(data))
	}

	// The C library, both APIs, log level TRACE, the token from the environment: a run that
	// fails on a part (its checkpoint kept), a resume that logs its notices, wrong credentials.
	for _, api := range []string{"sdk", "native"} {
		key := "secrets/" + api
		cpdir := filepath.Join(dir, api)
		must(t, os.MkdirAll(cpdir, 0o755))
		args := []string{"--debug", "--timeout-ms", "2000", "--checkpoint-dir", cpdir, file + "=" + key}
		if api == "sdk" {
			args = append([]string{"--sdk"}, args...)
		}
		withToken := func(cmd *exec.Cmd) *exec.Cmd {
			cmd.Env = append(cmd.Env, "OSS_SESSION_TOKEN="+stsToken)
			return cmd
		}
		e.setFaults(fmt.Sprintf("op=UploadPart,key=%s,part=5,status=500", key))
		out, err, _ := runBounded(withToken(e.driver(drv, args...)), time.Minute)
		e.setFaults()
		if err == nil {
			t.Fatalf("%s: the upload succeeded despite a permanent fault: %s", api, oneLine(out))
		}
		scan(api+" failed run output", out)
		checkCP(api+" failed run", filepath.Join(cpdir, "0.cp"))
		out, err, _ = runBounded(withToken(e.driver(drv, args...)), time.Minute)
		if err != nil {
			t.Fatalf("%s: the resume failed: %v: %s", api, err, oneLine(out))
		}
		// The native API has no log; the C SDK API's log is aos_log at TRACE.
		if api == "sdk" && !strings.Contains(strings.ToLower(out), "resum") {
			t.Errorf("%s: the resume logged nothing at TRACE, so the scan proves little: %s", api, oneLine(out))
		}
		scan(api+" resumed run output", out)
		bad := e.driver(drv, args...)
		bad.Env = append(bad.Env, "OSS_ACCESS_KEY_SECRET="+wrongSecret, "OSS_SESSION_TOKEN="+stsToken)
		out, err, _ = runBounded(bad, time.Minute)
		if err == nil || !strings.Contains(out, "SignatureDoesNotMatch") {
			t.Errorf("%s: wrong secret: want SignatureDoesNotMatch, got %v: %s", api, err, oneLine(out))
		}
		// The process signed with wrongSecret (its environment still lists akSecret too).
		scan(api+" wrong-secret output", out, wrongSecret, akSecret, stsToken)
	}

	// The CLI with the token in its environment, interrupted (checkpoint kept), then resumed.
	key := "secrets/cli"
	cp := filepath.Join(dir, "cli.cp")
	e.setFaults(fmt.Sprintf("op=UploadPart,key=%s,bandwidth=1MiB", key))
	cli := e.cli(file, key, "--part-size", "102400", "--threads", "2", "--checkpoint", cp)
	cli.Env = append(cli.Env, "OSS_SESSION_TOKEN="+stsToken)
	o := runUntil(t, e, cli, key, 2, interrupt, time.Minute)
	e.setFaults()
	scan("cli interrupted output", o.output)
	checkCP("cli interrupted", cp)
	cli = e.cli(file, key, "--part-size", "102400", "--threads", "2", "--checkpoint", cp)
	cli.Env = append(cli.Env, "OSS_SESSION_TOKEN="+stsToken)
	o = runUntil(t, e, cli, key, 0, nil, time.Minute)
	if o.exit != 0 {
		t.Fatalf("cli resume: exit %d: %s", o.exit, oneLine(o.output))
	}
	scan("cli resumed output", o.output)

	// The Go client with its debug logger on: every request logged, errors included.
	var logBuf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logBuf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, secret := range []string{akSecret, wrongSecret} {
		client, err := oss.New(oss.Config{Endpoint: e.url, SignatureVersion: 4, Region: "cn-hangzhou", Logger: logger,
			Credentials: staticCreds{oss.Credentials{AccessKeyID: akID, AccessKeySecret: secret, SecurityToken: stsToken}}})
		must(t, err)
		gkey := "secrets/go-" + secret[:5]
		e.setFaults(fmt.Sprintf("op=UploadPart,key=%s,part=2,status=503,times=1", gkey))
		var notices bytes.Buffer
		_, uerr := upload.Upload(context.Background(), client, upload.Options{
			Bucket: bucket, Key: gkey, FilePath: file, Endpoint: e.url, PartSize: 100 * 1024, Threads: 2,
			Checkpoint: true, CheckpointPath: filepath.Join(dir, gkey[8:]+".cp"),
			Notify: func(m string) { notices.WriteString(m + "\n") },
		})
		e.setFaults()
		client.Close()
		if (secret == akSecret) != (uerr == nil) {
			t.Fatalf("Go upload with the secret %q: err = %v", secret[:5], uerr)
		}
		if uerr != nil {
			scan("Go error", uerr.Error()+"\n"+fmt.Sprintf("%+v %#v", uerr, uerr), secret, stsToken)
		}
		scan("Go notices", notices.String(), secret, stsToken)
	}
	if logBuf.Len() == 0 {
		t.Error("the Go client's debug logger received nothing; the scan proves nothing")
	}
	scan("Go debug log", logBuf.String(), akSecret, wrongSecret, stsToken)
	scan("Go credentials' string form", fmt.Sprint(oss.Credentials{AccessKeyID: akID, AccessKeySecret: akSecret, SecurityToken: stsToken}))
	t.Logf("secrets: %d outputs, logs, errors and checkpoints scanned (%d lines); none holds the secret or the token", scanned, lines)
}
