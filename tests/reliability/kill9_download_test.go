//go:build reliability

package reliability

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/core/oss"
)

// dlMoment is where in a download a SIGKILL lands.
type dlMoment int

const (
	dlBeforeFirstRange dlMoment = iota // HEAD answered or not, no range answered yet
	dlMidRange                         // ranges in flight, some answered
	dlBetweenRanges                    // one thread, right after a range's answer
	dlAnyTime                          // uniform over the download's first second
	nDLMoments
)

func (m dlMoment) String() string {
	return [...]string{"before-first-range", "mid-range", "between-ranges", "any-time"}[m]
}

// TestKill9Download (issue 21) kills the command-line downloader, a C program over
// oss_resumable_download_file, with SIGKILL at seeded random moments and reruns it until it
// succeeds. Every file must end byte-identical to the object; after every kill the target's
// name holds nothing new (absent, or the older file that was there, never a part); no rerun may
// fetch again a range the checkpoint it started from had recorded (the killed process's writes
// are in the page cache: re-read and CRC-checked, they are kept); and the record and temporary
// file are gone after success. Every first-attempt kill must land at its moment, judged from
// the server's log.
func TestKill9Download(t *testing.T) {
	b := needBins(t)
	dl := filepath.Join(b.libDir, "bin", "oss-download")
	if _, err := os.Stat(dl); err != nil {
		t.Fatalf("%s is missing: run `make lib cli ossemu` first (make test-reliability does)", dl)
	}
	rng := newRand(t)
	runs := pick(12, 120)
	const rangeSize = 100 * 1024
	ranges := pick(60, 200)
	e := startEmu(t, b)
	c := e.client()
	dir := t.TempDir()
	src := makeFile(t, dir, "src.bin", int64(ranges)*rangeSize-int64(rng.Intn(rangeSize-1)), rng)
	want, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	const key = "kill-dl/object.bin"
	if _, err := c.PutObject(context.Background(), &oss.PutObjectInput{Bucket: bucket, Key: key,
		Body: bytes.NewReader(want), Size: int64(len(want))}); err != nil {
		t.Fatal(err)
	}
	old := []byte("an older file under the target's name")

	var kills, reruns, reread int
	scheduled, landed := map[dlMoment]int{}, map[dlMoment]int{}
	for i := 0; i < runs; i++ {
		m := dlMoment(i % int(nDLMoments))
		scheduled[m]++
		target := filepath.Join(dir, fmt.Sprintf("run%d.bin", i))
		hadOld := i%2 == 1
		if hadOld {
			if err := os.WriteFile(target, old, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		threads := []int{1, 4, 8}[rng.Intn(3)]
		if m == dlBetweenRanges {
			threads = 1
		}
		for attempt := 0; ; attempt++ {
			if attempt > 12 {
				t.Fatalf("run %d: no success after %d attempts", i, attempt)
			}
			if attempt == 0 {
				// Paced: a range takes ~100 ms, so the moments aimed inside the download land
				// there whatever the machine's speed. Reruns are not paced.
				e.setFaults(fmt.Sprintf("op=GetObject,key=%s,bandwidth=%s", key, paceRate))
			} else {
				e.setFaults()
			}
			before, _ := checkpoint.LoadDownload(target + ".dcp")
			tail := e.tailFromEnd()
			cmd := exec.Command(dl, "--endpoint", e.url, "--part-size", strconv.Itoa(rangeSize),
				"--threads", strconv.Itoa(threads), fmt.Sprintf("oss://%s/%s", bucket, key), target)
			cmd.Env = append(os.Environ(), "OSS_ACCESS_KEY_ID="+akID, "OSS_ACCESS_KEY_SECRET="+akSecret,
				"OSS_SESSION_TOKEN=", "OSS_ENDPOINT=", "OSS_REGION=")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			var trigger func(stop <-chan struct{}) bool
			switch {
			case attempt == 0:
				trigger = dlKillTrigger(m, rng, e.tailFromEnd(), ranges, threads)
			case rng.Intn(4) == 0:
				trigger = dlKillTrigger(dlAnyTime, rng, e.tailFromEnd(), ranges, threads)
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
			var atKill int
			select {
			case err = <-done:
			case <-hit:
				atKill = len(tail.poll())
				syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
				err = <-done
			case <-time.After(90 * time.Second):
				cmd.Process.Kill()
				<-done
				t.Fatalf("run %d attempt %d: oss-download hung for 90 s: %s", i, attempt, oneLine(stderr.String()))
			}
			close(stop)
			e.quiesce()
			what := fmt.Sprintf("run %d attempt %d (%d threads)", i, attempt, threads)
			reread += checkNoRefetch(t, tail.poll(), before, what)
			if attempt > 0 {
				reruns++
			}
			var ee *exec.ExitError
			signaled := errors.As(err, &ee) && ee.Sys().(syscall.WaitStatus).Signaled()
			if attempt == 0 {
				if why := dlLandedAt(m, tail.poll(), atKill, signaled, ranges); why != "" {
					t.Errorf("run %d (%d threads): the %s kill did not land: %s", i, threads, m, why)
				} else {
					landed[m]++
				}
			}
			if signaled {
				kills++
				got, rerr := os.ReadFile(target)
				switch {
				case rerr != nil && !os.IsNotExist(rerr):
					t.Errorf("%s: reading the target after the kill: %v", what, rerr)
				case rerr == nil && !(hadOld && bytes.Equal(got, old)):
					t.Errorf("%s: after the kill the target holds %d bytes that are not the older file", what, len(got))
				case rerr != nil && hadOld:
					t.Errorf("%s: the older file under the target's name is gone after the kill", what)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: oss-download failed without a kill: %v: %s", what, err, oneLine(stderr.String()))
			}
			break
		}
		got, err := os.ReadFile(target)
		switch {
		case err != nil:
			t.Errorf("run %d: %v", i, err)
		case !bytes.Equal(got, want):
			t.Errorf("run %d: the file (%d bytes) differs from the object (%d bytes)", i, len(got), len(want))
		}
		for _, side := range []string{".dcp", ".tmp"} {
			if _, err := os.Stat(target + side); !os.IsNotExist(err) {
				t.Errorf("run %d: %s%s outlived the successful download (%v)", i, target, side, err)
			}
		}
	}
	for m := dlMoment(0); m < nDLMoments; m++ {
		if landed[m] < scheduled[m] || landed[m] < runs/int(nDLMoments) {
			t.Errorf("moment %s: %d of the %d first-attempt kills aimed at it landed there", m, landed[m], scheduled[m])
		}
	}
	t.Logf("kill -9 (download): %d runs of %d ranges, %d kills, first-attempt kills landed per moment %v, %d reruns, %d files byte-identical, %d recorded ranges fetched again (must be 0)",
		runs, ranges, kills, landed, reruns, runs, reread)
}

// rangesAnswered counts the ranged GETs of key the server answered 206.
func rangesAnswered(entries []logEntry) int {
	n := 0
	for _, r := range entries {
		if r.Op == "GetObject" && r.Status == 206 && r.Range != "" {
			n++
		}
	}
	return n
}

// dlLandedAt returns "" when a first attempt was killed at moment m, judged from the log:
// entries[:atKill] are what the server had answered when the kill was sent.
func dlLandedAt(m dlMoment, entries []logEntry, atKill int, signaled bool, ranges int) string {
	if !signaled {
		return "the download ended before any kill"
	}
	n := rangesAnswered(entries[:atKill])
	switch {
	case m == dlBeforeFirstRange && n > 0:
		return fmt.Sprintf("%d ranges were already answered", n)
	case (m == dlMidRange || m == dlBetweenRanges) && (n == 0 || n >= ranges):
		return fmt.Sprintf("%d of %d ranges answered: not between the first and the last", n, ranges)
	case m == dlMidRange && rangesAnswered(entries[atKill:]) == 0:
		return "no range was in flight"
	case n >= ranges:
		return "every range had been answered"
	}
	return ""
}

// dlKillTrigger blocks until moment m of the paced download has come (true), or cannot come
// any more (false). An any-time kill falls within the first three quarters of what the paced
// download takes with threads in flight (~100 ms a range): a fixed 0-1 s missed 8-thread runs,
// which end in about 0.8 s.
func dlKillTrigger(m dlMoment, rng *rand.Rand, tail *logTail, ranges, threads int) func(stop <-chan struct{}) bool {
	deadline := time.Now().Add(60 * time.Second)
	sleep := func(d time.Duration, stop <-chan struct{}) bool {
		select {
		case <-time.After(d):
			return true
		case <-stop:
			return false
		}
	}
	var target int
	var extra time.Duration
	switch m {
	case dlBeforeFirstRange:
		delay := time.Duration(rng.Intn(40)) * time.Millisecond
		return func(stop <-chan struct{}) bool { return sleep(delay, stop) }
	case dlAnyTime:
		span := (ranges + threads - 1) / threads * 75 // ms: three quarters of ~100 ms a range
		delay := time.Duration(rng.Intn(max(span, 40))) * time.Millisecond
		return func(stop <-chan struct{}) bool { return sleep(delay, stop) }
	case dlMidRange:
		target, extra = 1+rng.Intn(min(ranges-1, 8)), time.Duration(5+rng.Intn(75))*time.Millisecond
	case dlBetweenRanges:
		target = 1 + rng.Intn(min(ranges-1, 8))
	}
	return func(stop <-chan struct{}) bool {
		for time.Now().Before(deadline) {
			if rangesAnswered(tail.poll()) >= target {
				return sleep(extra, stop)
			}
			if !sleep(time.Millisecond, stop) {
				return false
			}
		}
		return false
	}
}

// checkNoRefetch fails for every range a run fetched that the record it started from had
// recorded (the bytes a killed process wrote are still in the file: re-read and checked, they
// must be kept), and returns their count.
func checkNoRefetch(t *testing.T, entries []logEntry, before *checkpoint.DownloadRecord, what string) int {
	t.Helper()
	if before == nil {
		return 0
	}
	recorded := map[int64]bool{}
	for _, r := range before.Ranges {
		recorded[r.Offset] = true
	}
	n := 0
	for _, r := range entries {
		start, ok := strings.CutPrefix(r.Range, "bytes=")
		if r.Op != "GetObject" || !ok {
			continue
		}
		start, _, _ = strings.Cut(start, "-")
		if off, err := strconv.ParseInt(start, 10, 64); err == nil && recorded[off] {
			t.Errorf("%s: the range at %d was fetched again although the checkpoint recorded it", what, off)
			n++
		}
	}
	return n
}
