//go:build reliability

package reliability

import (
	"bytes"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
)

// TestServerRestart kills ossemu with SIGKILL mid-upload and starts it again on the same port
// and data: after a short outage the uploader's retries carry it through; after a long one it
// fails with a clear error and the rerun resumes. Either way the object is correct.
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

	var restarts, riddenOut, resumed int
	for i := 0; i < runs; i++ {
		key := fmt.Sprintf("restart/%d", i)
		cp := filepath.Join(dir, fmt.Sprintf("run%d.cp", i))
		long := i%2 == 1 // the outage outlasts the retries
		threads := []int{1, 4, 16}[rng.Intn(3)]
		args := []string{"--part-size", fmt.Sprint(partSize), "--threads", fmt.Sprint(threads), "--checkpoint", cp}
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
		for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
			if n, _ := partsAcked(tail.poll(), key); n >= target {
				break
			}
		}
		e.kill()
		restarts++
		if long {
			time.Sleep(4 * time.Second)
		}
		e.restart() // the faults given at start only: the bandwidth limit is gone
		var err error
		select {
		case err = <-done:
		case <-time.After(90 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("run %d: oss-upload hung after the restart: %s", i, oneLine(stderr.String()))
		}
		if err == nil {
			riddenOut++
		} else {
			before, lerr := checkpoint.Load(cp)
			if lerr != nil {
				t.Errorf("run %d: the uploader failed (%v) and its checkpoint does not load: %v", i, err, lerr)
			}
			acked := ackedParts(e, before)
			tail := e.tailFromEnd()
			out, err2, _ := runBounded(e.cli(file, key, args...), 90*time.Second)
			if err2 != nil {
				t.Fatalf("run %d: the rerun after the restart failed: %v: %s", i, err2, oneLine(out))
			}
			checkNoResend(t, tail, before, acked, key, threads, fmt.Sprintf("run %d rerun", i))
			resumed++
		}
		if verr := verifyObject(c, key, file); verr != nil {
			t.Errorf("run %d (long outage %v): %v", i, long, verr)
		}
	}
	for _, u := range e.openUploads() {
		t.Errorf("multipart upload left open: %v", u)
	}
	t.Logf("server restart: %d runs, %d SIGKILLs of ossemu, %d uploads rode the outage out, %d resumed by a rerun, %d objects verified",
		runs, restarts, riddenOut, resumed, runs)
}
