//go:build reliability

package reliability

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// The credentials every campaign's ossemu accepts: the one test fixture's
// (tests/ossemu/fixture.json, served by `ossemu --fixture`), as in every other harness. The
// campaigns' own bucket is served beside the fixture's, as the Python and Node harnesses do,
// since the C drivers name it.
var (
	akID     = ossemu.Fixture.AccessKeyID
	akSecret = ossemu.Fixture.AccessKeySecret
	stsToken = ossemu.Fixture.STSToken
)

const bucket = "reliability"

// emu is one ossemu process, on disk under data so that it survives a kill and a restart on the
// same port.
type emu struct {
	t       *testing.T
	b       bins
	dir     string
	addr    string // host:port, fixed after the first start
	url     string
	logPath string
	faults  []string
	cmd     *exec.Cmd
	waited  chan struct{}
	stderr  *bytes.Buffer
}

func startEmu(t *testing.T, b bins, faults ...string) *emu {
	t.Helper()
	e := &emu{t: t, b: b, dir: t.TempDir(), addr: "127.0.0.1:0", faults: faults}
	e.logPath = filepath.Join(e.dir, "requests.jsonl")
	e.start()
	t.Cleanup(func() { e.stop() })
	return e
}

func (e *emu) start() {
	e.t.Helper()
	args := []string{"--addr", e.addr, "--data", filepath.Join(e.dir, "data"), "--fixture",
		"--bucket", bucket, "--log", e.logPath}
	for _, f := range e.faults {
		args = append(args, "--fault", f)
	}
	cmd := exec.Command(e.b.ossemu, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		e.t.Fatal(err)
	}
	e.stderr = &bytes.Buffer{}
	cmd.Stderr = e.stderr
	if err := cmd.Start(); err != nil {
		e.t.Fatal(err)
	}
	e.cmd, e.waited = cmd, make(chan struct{})
	first := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			first <- sc.Text()
		}
		close(first)
		io.Copy(io.Discard, out)
	}()
	go func() { cmd.Wait(); close(e.waited) }()
	select {
	case line, ok := <-first:
		if !ok || !strings.HasPrefix(line, "http://") {
			<-e.waited
			e.t.Fatalf("ossemu did not start (line %q): %s", line, e.stderr)
		}
		e.url = line
		e.addr = strings.TrimPrefix(line, "http://")
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		e.t.Fatalf("ossemu printed no address in 15 s: %s", e.stderr)
	}
}

// kill ends ossemu with SIGKILL, as a crash would.
func (e *emu) kill() {
	if e.cmd == nil {
		return
	}
	e.cmd.Process.Signal(syscall.SIGKILL)
	<-e.waited
	e.cmd = nil
}

// restart starts ossemu again on the same port and data; the port may take a moment to free.
func (e *emu) restart() {
	e.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		l, err := net.Listen("tcp", e.addr)
		if err == nil {
			l.Close()
			break
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("port %s still busy after 10 s: %v", e.addr, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	e.start()
}

func (e *emu) stop() {
	if e.cmd == nil {
		return
	}
	e.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-e.waited:
	case <-time.After(10 * time.Second):
		e.cmd.Process.Kill()
		<-e.waited
	}
	e.cmd = nil
}

func (e *emu) admin(method, path, body string) []byte {
	e.t.Helper()
	req, err := http.NewRequest(method, e.url+"/_ossemu/"+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("ossemu admin %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode/100 != 2 {
		e.t.Fatalf("ossemu admin %s %s: %s: %s", method, path, resp.Status, data)
	}
	return data
}

// setFaults replaces the running server's faults.
func (e *emu) setFaults(specs ...string) {
	e.t.Helper()
	e.admin(http.MethodDelete, "faults", "")
	if len(specs) > 0 {
		e.admin(http.MethodPost, "faults", strings.Join(specs, "\n"))
	}
}

// logEntry is one line of ossemu's request log (its JSON form; kept here so that the campaigns
// read the log as any other process would).
type logEntry struct {
	Time       time.Time `json:"time"` // when the server started the request
	Op         string    `json:"op"`
	Key        string    `json:"key"`
	UploadID   string    `json:"uploadId"`
	PartNumber int       `json:"partNumber"`
	Bytes      int64     `json:"bytes"`
	Status     int       `json:"status"`
	Code       string    `json:"code"`
	Fault      string    `json:"fault"`
	Range      string    `json:"range"` // a GET's Range header (issue 21: download)
}

// requests reads the whole request log file, which outlives restarts.
func (e *emu) requests() []logEntry {
	e.t.Helper()
	data, err := os.ReadFile(e.logPath)
	if err != nil && !os.IsNotExist(err) {
		e.t.Fatal(err)
	}
	var out []logEntry
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var r logEntry
		if err := json.Unmarshal(line, &r); err != nil {
			continue // a line torn by a kill of ossemu
		}
		out = append(out, r)
	}
	return out
}

// openUpload is one multipart upload still open on the server.
type openUpload struct {
	Key, UploadID string
	Parts         []json.RawMessage
}

func (u openUpload) String() string {
	return fmt.Sprintf("%s@%s (%d parts)", u.Key, u.UploadID, len(u.Parts))
}

// openUploads lists the multipart uploads still open on the server.
func (e *emu) openUploads() []openUpload {
	e.t.Helper()
	var ups []openUpload
	if err := json.Unmarshal(e.admin(http.MethodGet, "uploads?bucket="+bucket, ""), &ups); err != nil {
		e.t.Fatal(err)
	}
	return ups
}

func (e *emu) client() *oss.Client {
	e.t.Helper()
	c, err := oss.New(oss.Config{Endpoint: e.url, SignatureVersion: 1,
		Credentials: staticCreds{oss.Credentials{AccessKeyID: akID, AccessKeySecret: akSecret}}})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

type staticCreds struct{ c oss.Credentials }

func (s staticCreds) Credentials(context.Context) (oss.Credentials, error) { return s.c, nil }

// cli builds an oss-upload command against this server.
func (e *emu) cli(file, key string, args ...string) *exec.Cmd {
	full := append([]string{"--endpoint", e.url}, args...)
	full = append(full, file, fmt.Sprintf("oss://%s/%s", bucket, key))
	cmd := exec.Command(e.b.cli, full...)
	cmd.Env = append(os.Environ(), "OSS_ACCESS_KEY_ID="+akID, "OSS_ACCESS_KEY_SECRET="+akSecret,
		"OSS_SESSION_TOKEN=", "OSS_ENDPOINT=", "OSS_REGION=")
	return cmd
}
