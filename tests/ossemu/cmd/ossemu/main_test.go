package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ossresume/ossresume/tests/ossemu"
)

func TestRunServesAndStops(t *testing.T) {
	stop := make(chan os.Signal, 1)
	outR, outW := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	logFile := filepath.Join(t.TempDir(), "req.jsonl")
	go func() {
		done <- run([]string{"--bucket", "bkt", "--allow-anonymous", "--log", logFile, "--fault", "op=GetObject,status=503"}, outW, &stderr, stop)
		outW.Close()
	}()
	br := bufio.NewReader(outR)
	url, err := br.ReadString('\n')
	if err != nil {
		t.Fatalf("no URL line: %v (%s)", err, stderr.String())
	}
	url = strings.TrimSpace(url)
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Fatalf("first line %q is not the base URL", url)
	}
	keyLine, _ := br.ReadString('\n')
	if !strings.HasPrefix(keyLine, "access-key-id: ") {
		t.Fatalf("second line %q, want the generated key", keyLine)
	}
	go io.Copy(io.Discard, br)
	req, _ := http.NewRequest("PUT", url+"/bkt/anon", strings.NewReader("hi"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("anonymous PUT: %v %v", resp, err)
	}
	resp.Body.Close()
	resp, err = http.Get(url + "/bkt/anon")
	if err != nil || resp.StatusCode != 503 {
		t.Fatalf("GET under --fault: %v %v", resp, err)
	}
	resp.Body.Close()
	stop <- syscall.SIGTERM
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("did not stop on SIGTERM")
	}
	if data, _ := os.ReadFile(logFile); strings.Count(string(data), "\n") != 2 {
		t.Fatalf("log file: %s", data)
	}
}

func TestRunFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--help"}, 0, "reset-after"},
		{[]string{"--nope"}, 2, "flag provided but not defined"},
		{[]string{"--key", "nocolon"}, 2, "want ID:SECRET"},
		{[]string{"--fault", "op=Nope"}, 1, "unknown operation"},
		{[]string{"extra"}, 2, "unexpected argument"},
	} {
		var out, errOut bytes.Buffer
		if code := run(tc.args, &out, &errOut, make(chan os.Signal)); code != tc.code || !strings.Contains(errOut.String(), tc.want) {
			t.Errorf("run(%q) = %d, stderr %q; want %d containing %q", tc.args, code, errOut.String(), tc.code, tc.want)
		}
	}
}

// TestRunFixtureAndCORS: --fixture serves the fixture's bucket, --cors answers a page's
// preflight on it.
func TestRunFixtureAndCORS(t *testing.T) {
	stop := make(chan os.Signal, 1)
	outR, outW := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run([]string{"--fixture", "--cors"}, outW, &stderr, stop)
		outW.Close()
	}()
	br := bufio.NewReader(outR)
	url, err := br.ReadString('\n')
	if err != nil {
		t.Fatalf("no URL line: %v (%s)", err, stderr.String())
	}
	go io.Copy(io.Discard, br)
	req, _ := http.NewRequest("OPTIONS", strings.TrimSpace(url)+"/"+ossemu.Fixture.Bucket+"/k", nil)
	req.Header.Set("Origin", "http://127.0.0.1:1234")
	req.Header.Set("Access-Control-Request-Method", "PUT")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Access-Control-Allow-Origin") != "http://127.0.0.1:1234" {
		t.Fatalf("preflight under --fixture --cors: %d %v", resp.StatusCode, resp.Header)
	}
	stop <- syscall.SIGTERM
	if code := <-done; code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
}
