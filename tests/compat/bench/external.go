package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Tools locates what the clients in other languages need. Empty fields take defaults: the
// root module from `go list` (Repo), Repo/build/libossresume.so or $OSSRESUME_LIBRARY (Lib),
// Repo/build/bin/oss-upload or $OSSRESUME_CLI (CLI), and node, python3 and cc from PATH.
type Tools struct {
	Repo, Lib, CLI   string
	Node, Python, CC string

	capi *capiBuild // set by fill
}

// capiBuild is the many-files C client, compiled once per run.
type capiBuild struct {
	once     sync.Once
	exe, err string
}

func (t *Tools) fill(ctx context.Context) error {
	if t.Repo == "" {
		out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", "github.com/ossresume/ossresume").Output()
		if err != nil {
			return fmt.Errorf("locate the root module: %w", err)
		}
		t.Repo = strings.TrimSpace(string(out))
	}
	def := func(field *string, env, fallback string) {
		if *field == "" {
			*field = os.Getenv(env)
		}
		if *field == "" {
			*field = fallback
		}
	}
	def(&t.Lib, "OSSRESUME_LIBRARY", filepath.Join(t.Repo, "build", "libossresume.so"))
	def(&t.CLI, "OSSRESUME_CLI", filepath.Join(t.Repo, "build", "bin", "oss-upload"))
	def(&t.Node, "", "node")
	def(&t.Python, "", "python3")
	def(&t.CC, "CC", "cc")
	t.capi = &capiBuild{}
	return nil
}

// external says whether kind runs as a program of its own rather than as the Go client.
func external(k Kind) bool {
	switch k {
	case KindOursNode, KindAliOSS, KindOursPy, KindOursCLI, KindOursCAPI,
		KindOursBrowser, KindAliOSSBrowser:
		return true
	}
	return false
}

// command returns the program, arguments and extra environment of an external kind; selfTimed
// says the program prints its own childReport (the upload call timed alone).
func (t *Tools) command(ctx context.Context, tmp string, spec Spec) (exe string, args, env []string, selfTimed bool, err error) {
	env = []string{"OSSRESUME_LIBRARY=" + t.Lib}
	if spec.CAFile != "" {
		env = append(env, "NODE_EXTRA_CA_CERTS="+spec.CAFile)
	}
	dir := filepath.Join(t.Repo, "tests", "compat", "bench")
	switch spec.Kind {
	case KindOursNode, KindAliOSS:
		return t.Node, append([]string{filepath.Join(dir, "node", "client.js")}, spec.Args()...), env, true, nil
	case KindOursPy:
		return t.Python, append([]string{filepath.Join(dir, "py", "client.py")}, spec.Args()...), env, true, nil
	case KindOursBrowser, KindAliOSSBrowser: // issue 19: $BROWSER_DIR (default build/browser), $CHROMIUM
		return t.Node, append([]string{filepath.Join(t.Repo, "tests", "browser", "bench.js")}, spec.Args()...), env, true, nil
	case KindOursCAPI:
		exe, err := t.buildCAPI(ctx, tmp)
		return exe, spec.Args(), env, true, err
	case KindOursCLI:
		env = append(env, "OSS_ACCESS_KEY_ID="+spec.KeyID, "OSS_ACCESS_KEY_SECRET="+spec.Secret, "OSS_SESSION_TOKEN=")
		return t.CLI, []string{"--endpoint", spec.Endpoint, "--region", spec.Region,
			"--part-size", strconv.FormatInt(spec.PartSize, 10), "--threads", strconv.Itoa(spec.Threads),
			"--checkpoint", filepath.Join(spec.WorkDir, "cli.cp"), spec.File,
			"oss://" + spec.Bucket + "/" + spec.Key}, env, false, nil
	}
	return "", nil, nil, false, fmt.Errorf("%s is not an external kind", spec.Kind)
}

// buildCAPI compiles the many-files C client against the library once per run.
func (t *Tools) buildCAPI(ctx context.Context, tmp string) (string, error) {
	b := t.capi
	b.once.Do(func() {
		exe := filepath.Join(tmp, "capi-many")
		src := filepath.Join(t.Repo, "tests", "compat", "bench", "capi", "many.c")
		cmd := exec.CommandContext(ctx, t.CC, "-std=c99", "-O2", "-Wall", "-Werror", "-I"+filepath.Join(t.Repo, "include"),
			"-o", exe, src, "-L"+filepath.Dir(t.Lib), "-l:"+filepath.Base(t.Lib), "-Wl,-rpath,"+filepath.Dir(t.Lib))
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = fmt.Sprintf("build %s: %v: %s", src, err, out)
			return
		}
		b.exe = exe
	})
	if b.err != "" {
		return "", fmt.Errorf("%s", b.err)
	}
	return b.exe, nil
}

// runProgram runs one external client and measures it as runChild does. A program that does not
// time itself is timed from start to exit, and its peak RSS is its VmHWM polled every 10 ms
// (the last value read before it exited).
func runProgram(ctx context.Context, exe string, args, env []string, selfTimed bool, kind Kind) (Sample, error) {
	cmd := exec.CommandContext(ctx, exe, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return Sample{}, fmt.Errorf("%s client: %w", kind, err)
	}
	var hwm int64
	done := make(chan struct{})
	polled := make(chan struct{})
	go func() {
		defer close(polled)
		status := fmt.Sprintf("/proc/%d/status", cmd.Process.Pid)
		for {
			if v := readHWM(status); v > hwm {
				hwm = v
			}
			select {
			case <-done:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}()
	err := cmd.Wait()
	wall := time.Since(start)
	close(done)
	<-polled
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = msg[:2000] + "…"
		}
		return Sample{}, fmt.Errorf("%s client: %v: %s", kind, err, msg)
	}
	s := Sample{WallS: wall.Seconds(), MaxRSSKiB: hwm}
	if selfTimed {
		var rep childReport
		if err := json.Unmarshal(bytes.TrimSpace(lastLine(stdout.Bytes())), &rep); err != nil || rep.WallSeconds <= 0 {
			return Sample{}, fmt.Errorf("%s client: no wall time on stdout (%q)", kind, stdout.String())
		}
		s.WallS, s.MaxRSSKiB = rep.WallSeconds, max(rep.HWMKiB, hwm)
	}
	u, ok := usageOf(cmd.ProcessState)
	if !ok {
		return Sample{}, fmt.Errorf("%s client: no rusage on this platform", kind)
	}
	s.UserS, s.SysS, s.RusageMaxRSSKiB = u.user.Seconds(), u.sys.Seconds(), u.maxRSSKiB
	if s.MaxRSSKiB <= 0 {
		return Sample{}, fmt.Errorf("%s client: no peak RSS (VmHWM)", kind)
	}
	return s, nil
}

func lastLine(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return b
}
