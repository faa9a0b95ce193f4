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

// Pacing: the first attempt's parts are slowed to paceRate per connection (a part of 100 KiB
// takes ~100 ms), so a kill aimed inside the upload lands there whatever the machine's speed;
// Complete is held completeHold when the kill is aimed at it. Reruns are not paced.
const (
	paceRate     = "1MiB"
	completeHold = 2500 * time.Millisecond
)

// TestKill9 kills the command-line uploader with SIGKILL at seeded random moments and reruns it
// until it succeeds: every object must equal its file, no rerun may send again a part the
// checkpoint recorded under the server's upload id, and no multipart upload may stay open.
// Each moment gets runs/6 first attempts (3 in the quick form), and every one of them must be
// killed at its moment, as the server's log shows it (landed): a kill that came too late, or
// an upload that finished first, fails the campaign instead of counting as a success.
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
	scheduled, landed := map[killMoment]int{}, map[killMoment]int{}
	recordedIDs := map[string]bool{}
	for i := 0; i < runs; i++ {
		m := killMoment(i % int(nMoments))
		scheduled[m]++
		key := fmt.Sprintf("kill/%d-%s", i, m)
		cp := filepath.Join(dir, fmt.Sprintf("run%d.cp", i))
		threads := []int{1, 4, 16}[rng.Intn(3)]
		if m == betweenParts {
			threads = 1
		}
		args := []string{"--part-size", fmt.Sprint(partSize), "--threads", fmt.Sprint(threads), "--checkpoint", cp}

		killed := false
		for attempt := 0; ; attempt++ {
			if attempt > 12 {
				t.Fatalf("run %d (%s): no success after %d attempts", i, key, attempt)
			}
			switch {
			case attempt > 0:
				e.setFaults()
			case m == duringComplete:
				e.setFaults(fmt.Sprintf("op=Complete,key=%s,delay=%v,times=1", key, completeHold))
			default:
				e.setFaults(fmt.Sprintf("op=UploadPart,key=%s,bandwidth=%s", key, paceRate))
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
			var trigger func(stop <-chan struct{}) bool
			switch {
			case attempt == 0:
				trigger = killTrigger(m, rng, e.tailFromEnd(), key, parts, threads)
			case rng.Intn(4) == 0:
				trigger = killTrigger(anyTime, rng, e.tailFromEnd(), key, parts, threads)
			}
			hit, stop := make(chan struct{}), make(chan struct{})
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			if trigger != nil {
				go func() {
					if trigger(stop) {
						close(hit)
					}
				}()
			}
			var err error
			var atKill int // log entries the server had written when the kill was sent
			var killTime time.Time
			select {
			case err = <-done:
			case <-hit:
				atKill, killTime = len(tail.poll()), time.Now()
				syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
				err = <-done
			case <-time.After(90 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("run %d attempt %d: oss-upload hung for 90 s: %s", i, attempt, oneLine(stderr.String()))
			}
			close(stop)
			e.quiesce() // let ossemu log what the dead client left in flight
			// A request the kill cut is logged when the server finishes it: a held Complete when
			// its hold ends, a part when the server has read its paced body, either of which can
			// come after quiesce returned.
			switch {
			case attempt != 0 || atKill == 0:
			case m == duringComplete:
				waitLogged(tail, key, "CompleteMultipartUpload", atKill, killTime, completeHold+5*time.Second)
			case m == midPart:
				waitLogged(tail, key, "UploadPart", atKill, killTime, 5*time.Second)
			}
			wasted += checkNoResend(t, tail, before, acked, key, threads, fmt.Sprintf("run %d attempt %d", i, attempt))
			if attempt > 0 {
				reruns++
			}
			var ee *exec.ExitError
			signaled := errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled()
			if attempt == 0 {
				if why := landedAt(m, tail.poll(), atKill, killTime, signaled, key, parts); why != "" {
					t.Errorf("run %d (%s, %d threads): the %s kill did not land: %s", i, key, threads, m, why)
				} else {
					landed[m]++
				}
			}
			if signaled {
				kills++
				if attempt == 0 {
					killed = true
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
		e.setFaults()
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
	// The coverage the campaign claims: every moment was hit, by every kill aimed at it.
	for m := killMoment(0); m < nMoments; m++ {
		if landed[m] < scheduled[m] || landed[m] < runs/int(nMoments) {
			t.Errorf("moment %s: %d of the %d first-attempt kills aimed at it landed there; want all, and at least %d", m, landed[m], scheduled[m], runs/int(nMoments))
		}
	}
	t.Logf("kill -9: %d runs, %d kills, first-attempt kills landed per moment %v, %d reruns, %d objects verified, %d parts sent again that the checkpoint had not recorded, %d reruns found their Complete done before the kill, %d reruns found a pending record (killed around Initiate) and aborted the %d orphan uploads left open",
		runs, kills, landed, reruns, runs, wasted, recognised, pending, orphans)
}

// waitLogged waits (at most bound) until the log holds, after its first `from` entries, a
// request op on key that started before the kill.
func waitLogged(tail *logTail, key, op string, from int, kill time.Time, bound time.Duration) {
	for deadline := time.Now().Add(bound); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for _, r := range tail.poll()[from:] {
			if r.Key == key && r.Op == op && r.Time.Before(kill) {
				return
			}
		}
	}
}

// landedAt returns "" when a first attempt was killed at the moment m, judged from the request
// log: entries[:atKill] are the requests the server had answered when the kill was sent at
// killTime, entries[atKill:] those it answered after (their Time is when they started).
// Otherwise it says what happened instead.
func landedAt(m killMoment, entries []logEntry, atKill int, killTime time.Time, signaled bool, key string, parts int) string {
	if !signaled {
		return "the upload ended before any kill (the trigger never fired, or fired too late)"
	}
	ackedAt, initiatedAt := partsAcked(entries[:atKill], key)
	completedAt, inFlight := false, map[string]bool{}
	for i, r := range entries {
		if r.Key != key {
			continue
		}
		if i < atKill {
			completedAt = completedAt || r.Op == "CompleteMultipartUpload" && r.Status == 200
		} else if r.Time.Before(killTime) {
			inFlight[r.Op] = true // started before the kill, answered after
		}
	}
	switch {
	case completedAt:
		return "Complete had already been answered"
	case m == beforeFirstPart && ackedAt > 0:
		return fmt.Sprintf("%d parts were already acknowledged", ackedAt)
	case m == afterInitiate && !initiatedAt:
		return "Initiate had not been answered"
	case (m == midPart || m == betweenParts) && (ackedAt == 0 || ackedAt >= parts):
		return fmt.Sprintf("%d of %d parts acknowledged: not between the first and the last", ackedAt, parts)
	case m == midPart && !inFlight["UploadPart"]:
		return "no part was in flight"
	case m == duringComplete && !inFlight["CompleteMultipartUpload"]:
		return fmt.Sprintf("no Complete was in flight (%d of %d parts acknowledged)", ackedAt, parts)
	}
	return ""
}

// killTrigger returns a function that blocks until the moment m of the upload of key has come
// (true) or cannot come any more (false, after a bound, or when stop is closed). Aimed inside
// the paced upload, the targets lie within the first second or so of parts.
func killTrigger(m killMoment, rng *rand.Rand, tail *logTail, key string, parts, threads int) func(stop <-chan struct{}) bool {
	deadline := time.Now().Add(60 * time.Second)
	sleep := func(d time.Duration, stop <-chan struct{}) bool {
		select {
		case <-time.After(d):
			return true
		case <-stop:
			return false
		}
	}
	early := min(parts-1, 10*threads) // ~1 s of paced parts
	var target int
	var extra time.Duration
	switch m {
	case beforeFirstPart:
		delay := time.Duration(rng.Intn(40)) * time.Millisecond
		return func(stop <-chan struct{}) bool { return sleep(delay, stop) }
	case anyTime:
		// Paced, the upload lasts 2 s or more (20 s / threads × 200 parts / 200): 1 s is inside.
		delay := time.Duration(rng.Intn(1000)) * time.Millisecond
		return func(stop <-chan struct{}) bool { return sleep(delay, stop) }
	case afterInitiate:
		return func(stop <-chan struct{}) bool {
			for time.Now().Before(deadline) {
				if _, initiated := partsAcked(tail.poll(), key); initiated {
					return true
				}
				if !sleep(100*time.Microsecond, stop) {
					return false
				}
			}
			return false
		}
	case midPart:
		// A paced part takes ~100 ms: up to 80 ms after an answer, the next parts are mid-body.
		target, extra = 1+rng.Intn(early), time.Duration(5+rng.Intn(75))*time.Millisecond
	case betweenParts:
		target = 1 + rng.Intn(early)
	case duringComplete:
		target, extra = parts, time.Duration(300+rng.Intn(1000))*time.Millisecond
	}
	return func(stop <-chan struct{}) bool {
		for time.Now().Before(deadline) {
			if n, _ := partsAcked(tail.poll(), key); n >= target {
				return sleep(extra, stop)
			}
			if !sleep(time.Millisecond, stop) {
				return false
			}
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
