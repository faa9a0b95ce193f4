//go:build reliability

package reliability

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
)

// killMoment is where in an upload a SIGKILL lands.
type killMoment int

const (
	beforeFirstPart killMoment = iota // before or just after Initiate, no part acknowledged
	midPart                           // parts in flight, some acknowledged
	betweenParts                      // one thread, right after a part's answer
	duringComplete                    // Complete held by a delay= fault
	anyTime                           // uniform over the upload
	afterInitiate                     // as soon as Initiate's answer is logged: an upload whose id is not saved yet
	nMoments
)

func (m killMoment) String() string {
	return [...]string{"before-first-part", "mid-part", "between-parts", "during-complete", "any-time", "after-initiate"}[m]
}

// TestKill9 kills the command-line uploader with SIGKILL at seeded random moments and reruns it
// until it succeeds: every object must equal its file, no rerun may send again a part the
// checkpoint recorded under the server's upload id, and no multipart upload may stay open.
func TestKill9(t *testing.T) {
	b := needBins(t)
	rng := newRand(t)
	runs := pick(20, 200)
	const partSize = 100 * 1024
	parts := pick(200, 300)
	e := startEmu(t, b)
	c := e.client()
	dir := t.TempDir()
	file := makeFile(t, dir, "kill9.bin", int64(parts)*partSize-int64(rng.Intn(partSize-1)), rng)

	var kills, reruns, wasted, recognised, pending, orphans int
	perMoment := map[killMoment]int{}
	recordedIDs := map[string]bool{}
	for i := 0; i < runs; i++ {
		m := killMoment(i % int(nMoments))
		if i >= int(nMoments) {
			m = killMoment(rng.Intn(int(nMoments)))
		}
		key := fmt.Sprintf("kill/%d-%s", i, m)
		cp := filepath.Join(dir, fmt.Sprintf("run%d.cp", i))
		threads := []int{1, 4, 16}[rng.Intn(3)]
		if m == betweenParts {
			threads = 1
		}
		if m == duringComplete {
			e.setFaults(fmt.Sprintf("op=Complete,key=%s,delay=1500ms,times=1", key))
		}
		args := []string{"--part-size", fmt.Sprint(partSize), "--threads", fmt.Sprint(threads), "--checkpoint", cp}

		killed := false
		for attempt := 0; ; attempt++ {
			if attempt > 12 {
				t.Fatalf("run %d (%s): no success after %d attempts", i, key, attempt)
			}
			before, _ := checkpoint.Load(cp) // nil before the first Save
			switch {
			case before != nil && before.Pending():
				// Killed before Initiate's upload id was saved: what is open for the key now
				// is that call's orphan, which this rerun must abort.
				pending++
				for _, u := range e.openUploads() {
					if u.Key == key {
						orphans++
					}
				}
			case before != nil:
				recordedIDs[before.UploadID] = true
			}
			acked := ackedParts(e, before)
			tail := e.tailFromEnd()
			cmd := e.cli(file, key, args...)
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The first attempt is always killed at the chosen moment; a rerun is killed
			// again now and then, at any time, so resumes of resumes are exercised too.
			var trigger func() bool
			switch {
			case attempt == 0:
				trigger = killTrigger(m, rng, tail, key, parts)
			case rng.Intn(4) == 0:
				trigger = killTrigger(anyTime, rng, tail, key, parts)
			}
			hit := make(chan struct{})
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			if trigger != nil {
				go func() {
					if trigger() {
						close(hit)
					}
				}()
			}
			var err error
			select {
			case err = <-done:
			case <-hit:
				syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
				err = <-done
			case <-time.After(90 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("run %d attempt %d: oss-upload hung for 90 s: %s", i, attempt, oneLine(stderr.String()))
			}
			e.quiesce() // let ossemu log what the dead client left in flight
			wasted += checkNoResend(t, tail, before, acked, key, threads, fmt.Sprintf("run %d attempt %d", i, attempt))
			if attempt > 0 {
				reruns++
			}
			var ee *exec.ExitError
			if errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled() {
				kills++
				if attempt == 0 {
					killed = true
					perMoment[m]++
				}
				continue
			}
			if err != nil {
				t.Fatalf("run %d (%s) attempt %d: oss-upload failed without a kill: %v: %s", i, key, attempt, err, oneLine(stderr.String()))
			}
			if before != nil && sentNothing(tail.poll(), key) {
				recognised++ // a Complete that landed before the kill, confirmed by HEAD
			}
			break
		}
		if m == duringComplete {
			e.setFaults()
		}
		if testing.Verbose() {
			t.Logf("run %d: %s, %d threads, first attempt killed: %v", i, key, threads, killed)
		}
		if err := verifyObject(c, key, file); err != nil {
			t.Errorf("run %d (%s, killed %v): %v", i, key, killed, err)
		}
		if _, err := os.Stat(cp); !os.IsNotExist(err) {
			t.Errorf("run %d: the checkpoint %s outlived the successful upload (%v)", i, cp, err)
		}
	}
	// A kill between Initiate's answer and the save of its upload id leaves a pending record
	// (saved before Initiate) from which the rerun finds and aborts that upload: nothing at all
	// may stay open.
	for _, u := range e.openUploads() {
		t.Errorf("multipart upload left open on the server: %v (recorded in a checkpoint: %v)", u, recordedIDs[u.UploadID])
	}
	t.Logf("kill -9: %d runs, %d kills (%v), %d reruns, %d objects verified, %d parts sent again that the checkpoint had not recorded, %d reruns found their Complete done before the kill, %d reruns found a pending record (killed around Initiate) and aborted the %d orphan uploads left open",
		runs, kills, perMoment, reruns, runs, wasted, recognised, pending, orphans)
}

// killTrigger returns a function that blocks until the moment m of the upload of key has come
// (true) or cannot come any more (false, after a bound).
func killTrigger(m killMoment, rng *rand.Rand, tail *logTail, key string, parts int) func() bool {
	deadline := time.Now().Add(60 * time.Second)
	var target int
	var extra time.Duration
	switch m {
	case beforeFirstPart:
		delay := time.Duration(rng.Intn(40)) * time.Millisecond
		return func() bool { time.Sleep(delay); return true }
	case anyTime:
		delay := time.Duration(rng.Intn(1500)) * time.Millisecond
		return func() bool { time.Sleep(delay); return true }
	case afterInitiate:
		return func() bool {
			for time.Now().Before(deadline) {
				if _, initiated := partsAcked(tail.poll(), key); initiated {
					return true
				}
				time.Sleep(100 * time.Microsecond)
			}
			return false
		}
	case midPart:
		target, extra = 1+rng.Intn(parts-1), time.Duration(rng.Intn(3000))*time.Microsecond
	case betweenParts:
		target = 1 + rng.Intn(parts-1)
	case duringComplete:
		target, extra = parts, time.Duration(100+rng.Intn(1200))*time.Millisecond
	}
	return func() bool {
		for time.Now().Before(deadline) {
			if n, _ := partsAcked(tail.poll(), key); n >= target {
				time.Sleep(extra)
				return true
			}
			time.Sleep(time.Millisecond)
		}
		return false
	}
}

// checkNoResend fails when a run sent again a part that the checkpoint it started from had
// recorded under an upload id the server still had, and returns the parts sent again that the
// checkpoint had not recorded (acknowledged by the server just before a kill), which must not
// exceed the parts in flight.
func checkNoResend(t *testing.T, tail *logTail, before *checkpoint.Record, acked map[int]bool, key string, threads int, what string) int {
	t.Helper()
	if before == nil {
		return 0
	}
	recorded := map[int]bool{}
	for _, p := range before.Parts {
		recorded[p.Number] = true
	}
	extra := 0
	for _, r := range tail.poll() {
		if r.Op != "UploadPart" || r.UploadID != before.UploadID || r.Key != key {
			continue
		}
		if recorded[r.PartNumber] {
			t.Errorf("%s: part %d of upload %s sent again although the checkpoint recorded it", what, r.PartNumber, before.UploadID)
		} else if acked[r.PartNumber] {
			extra++
		}
	}
	if extra > threads {
		t.Errorf("%s: %d unrecorded parts sent again, more than the %d in flight", what, extra, threads)
	}
	return extra
}

// ackedParts returns the parts the server has acknowledged under rec's upload id so far.
func ackedParts(e *emu, rec *checkpoint.Record) map[int]bool {
	acked := map[int]bool{}
	if rec == nil {
		return acked
	}
	for _, r := range e.requests() {
		if r.Op == "UploadPart" && r.UploadID == rec.UploadID && r.Status == 200 {
			acked[r.PartNumber] = true
		}
	}
	return acked
}

// sentNothing reports whether a run sent neither Initiate nor any part of key.
func sentNothing(entries []logEntry, key string) bool {
	for _, r := range entries {
		if r.Key == key && (r.Op == "InitiateMultipartUpload" || r.Op == "UploadPart") {
			return false
		}
	}
	return true
}
