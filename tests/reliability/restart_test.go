//go:build reliability

package reliability

import (
	"bytes"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
)

// retryFloor is the least time the uploader's default retries wait before giving up (3 retries,
// 200 ms base, equal jitter: 100 + 200 + 400 ms); retryCeiling the most (200 + 400 + 800 ms).
const (
	retryFloor   = 700 * time.Millisecond
	retryCeiling = 1400 * time.Millisecond
	longOutage   = 4 * time.Second // well past retryCeiling
)

// TestServerRestart kills ossemu with SIGKILL mid-upload and starts it again on the same port
// and data. A short outage (restarted at once, within retryFloor) must be ridden out by the
// uploader's retries: it succeeds without a rerun. A long one (longOutage) must outlast them:
// the uploader fails during the outage with a clear error (HttpIoError, connection refused,
// the server's address), keeps its checkpoint, and the rerun resumes without sending recorded
// parts again. Either way the object is correct.
func TestServerRestart(t *testing.T) {
	b := needBins(t)
	rng := newRand(t)
	runs := pick(4, 40)
	const partSize = 100 * 1024
	parts := 80
	e := startEmu(t, b)
	c := e.client()
	dir := t.TempDir()
	file := makeFile(t, dir, "restart.bin", int64(parts)*partSize-int64(rng.Intn(partSize)), rng)
	clearError := regexp.MustCompile(`oss-upload: failed: -?\d+ HttpIoError: .*connection refused`)

	var restarts, riddenOut, resumed int
	for i := 0; i < runs; i++ {
		key := fmt.Sprintf("restart/%d", i)
		cp := filepath.Join(dir, fmt.Sprintf("run%d.cp", i))
		long := i%2 == 1 // the outage outlasts the retries
		threads := []int{1, 4, 16}[rng.Intn(3)]
		args := []string{"--part-size", fmt.Sprint(partSize), "--threads", fmt.Sprint(threads), "--checkpoint", cp}
		name := fmt.Sprintf("run %d (%d threads, long outage %v)", i, threads, long)
		// Slow the parts down so the kill lands mid-upload whatever the machine's speed.
		e.setFaults(fmt.Sprintf("op=UploadPart,key=%s,bandwidth=4MiB", key))
		tail := e.tailFromEnd()
		cmd := e.cli(file, key, args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		target := 1 + rng.Intn(parts/2)
		n := 0
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline) && n < target; time.Sleep(2 * time.Millisecond) {
			n, _ = partsAcked(tail.poll(), key)
		}
		if n < target {
			cmd.Process.Kill()
			<-done
			t.Fatalf("%s: only %d of the %d parts to wait for were acknowledged in 30 s: %s", name, n, target, oneLine(stderr.String()))
		}
		e.kill()
		down := time.Now()
		restarts++
		var err error
		ended := false
		if long {
			select {
			case err = <-done:
				ended = true
			case <-time.After(longOutage):
				t.Errorf("%s: still retrying %v into the outage; its retries give up within %v", name, longOutage, retryCeiling)
			}
		}
		e.restart() // the faults given at start only: the bandwidth limit is gone
		outage := time.Since(down)
		if testing.Verbose() {
			t.Logf("%s: killed after %d parts, restarted after %v", name, n, outage.Round(time.Millisecond))
		}
		if !long && outage >= retryFloor {
			t.Errorf("%s: the short outage lasted %v, not within the retries' %v: the run cannot show them riding it out", name, outage.Round(time.Millisecond), retryFloor)
		}
		if !ended {
			select {
			case err = <-done:
			case <-time.After(90 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("%s: oss-upload hung after the restart: %s", name, oneLine(stderr.String()))
			}
		}
		switch {
		case !long && err != nil:
			t.Errorf("%s: the uploader did not ride out a short outage: %v: %s", name, err, oneLine(stderr.String()))
		case long && err == nil:
			t.Errorf("%s: the upload succeeded across an outage longer than its retries", name)
		case long && (!clearError.MatchString(stderr.String()) || !strings.Contains(stderr.String(), e.addr)):
			t.Errorf("%s: %v, want a failure saying HttpIoError, connection refused and %s: %s", name, err, e.addr, oneLine(stderr.String()))
		}
		if err == nil {
			riddenOut++
		} else {
			before, lerr := checkpoint.Load(cp)
			if lerr != nil || before == nil || len(before.Parts) == 0 {
				t.Errorf("%s: the uploader failed (%v) and kept no checkpoint with parts: %v", name, err, lerr)
			}
			acked := ackedParts(e, before)
			tail := e.tailFromEnd()
			out, err2, _ := runBounded(e.cli(file, key, args...), 90*time.Second)
			if err2 != nil {
				t.Fatalf("%s: the rerun after the restart failed: %v: %s", name, err2, oneLine(out))
			}
			checkNoResend(t, tail, before, acked, key, threads, name+" rerun")
			resumed++
		}
		if verr := verifyObject(c, key, file); verr != nil {
			t.Errorf("%s: %v", name, verr)
		}
	}
	for _, u := range e.openUploads() {
		t.Errorf("multipart upload left open: %v", u)
	}
	t.Logf("server restart: %d runs, %d SIGKILLs of ossemu, %d short outages ridden out by retries, %d long outages failed clearly and were resumed by a rerun, %d objects verified",
		runs, restarts, riddenOut, resumed, runs)
}
