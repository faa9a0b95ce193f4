//go:build reliability

package reliability

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
)

// faultCell is one row of the server fault matrix. want is "ok" when the library must ride the
// fault out (it is transient and retried), "err" when it must give up with a clear error and
// keep its checkpoint, "either" when both are correct.
type faultCell struct {
	name  string
	spec  string // %s: the cell's key
	want  string
	codes string // with an error: the allowed ossr codes, space-separated
	// resume: the cell's run resumes a checkpoint left by a first run that a permanent fault
	// on part 6 stopped, so that ListParts (sent only on resume) meets the fault.
	resume bool
}

// cellBound is the most any cell may take: with 1 s timeouts and 3 retries, the slowest
// legitimate failure is a few seconds.
const cellBound = 60 * time.Second

func faultCells() []faultCell {
	return []faultCell{
		{"initiate-503", "op=Initiate,key=%s,status=503,code=ServiceUnavailable,times=2", "ok", "", false},
		{"initiate-403", "op=Initiate,key=%s,status=403,code=AccessDenied", "err", "OSSR_E_SERVER", false},
		{"initiate-reset", "op=Initiate,key=%s,reset-after=0,times=1", "ok", "", false},
		{"part-500-some", "op=UploadPart,key=%s,status=500,every=4,times=4", "ok", "", false},
		{"part-500-always", "op=UploadPart,key=%s,part=3,status=500", "err", "OSSR_E_SERVER", false},
		{"part-slowdown-503", "op=UploadPart,key=%s,status=503,code=SlowDown,p=0.3,seed=3,times=6", "ok", "", false},
		{"part-throttle-429", "op=UploadPart,key=%s,status=429,code=SlowDown,every=5,times=3", "ok", "", false},
		{"part-reset-mid-body", "op=UploadPart,key=%s,part=2,reset-after=50KiB,times=2", "ok", "", false},
		{"part-reset-always", "op=UploadPart,key=%s,part=4,reset-after=10KiB", "err", "OSSR_E_NETWORK", false},
		{"part-slow-once", "op=UploadPart,key=%s,part=2,delay=3s,times=1", "ok", "", false},
		{"part-slow-always", "op=UploadPart,key=%s,part=5,delay=4s", "err", "OSSR_E_NETWORK", false},
		{"part-wrong-crc-once", "op=UploadPart,key=%s,part=3,wrong-crc,times=1", "ok", "", false},
		{"part-wrong-crc-always", "op=UploadPart,key=%s,part=3,wrong-crc", "err", "OSSR_E_INCONSISTENT", false},
		{"part-500-after", "op=UploadPart,key=%s,part=6,status=500,when=after,times=1", "ok", "", false},
		{"part-no-such-upload", "op=UploadPart,key=%s,part=5,expire-upload,times=1", "either", "OSSR_E_SERVER", false},
		{"complete-500", "op=Complete,key=%s,status=500,times=1", "ok", "", false},
		{"complete-500-after", "op=Complete,key=%s,status=500,when=after,times=1", "either", "OSSR_E_SERVER", false},
		{"complete-lost-answer", "op=Complete,key=%s,when=after,reset-after=0,times=1", "either", "OSSR_E_SERVER OSSR_E_NETWORK", false},
		{"complete-slow-once", "op=Complete,key=%s,delay=3s,times=1", "either", "OSSR_E_SERVER OSSR_E_NETWORK", false},
		{"complete-wrong-crc", "op=Complete,key=%s,wrong-crc", "err", "OSSR_E_INCONSISTENT", false},
		{"complete-500-always", "op=Complete,key=%s,status=500", "err", "OSSR_E_SERVER", false},
		{"listparts-503", "op=ListParts,key=%s,status=503,code=ServiceUnavailable,times=2", "ok", "", true},
		{"listparts-500-always", "op=ListParts,key=%s,status=500", "err", "OSSR_E_SERVER", true},
		{"listparts-reset", "op=ListParts,key=%s,reset-after=0,times=1", "ok", "", true},
		{"listparts-no-such-upload", "op=ListParts,key=%s,expire-upload,times=1", "ok", "", true},
	}
}

// TestServerFaults runs the fault matrix × thread counts through the native API: each cell ends
// within cellBound with either a verified object or a clear error; every fault must fire. After
// a clear error, whenever the server still has an upload open for the object, the checkpoint
// must be kept, naming that upload, and a rerun without the fault must continue it (no new
// Initiate) sending only parts the checkpoint lacks; the object is then verified.
func TestServerFaults(t *testing.T) {
	b := needBins(t)
	rng := newRand(t)
	drv := buildC(t, b, "driver.c", b.libDir)
	dir := t.TempDir()
	threadCounts := []int{1, 4, 16}
	parts := 12
	if soak() {
		threadCounts = []int{1, 2, 4, 8, 16, 64}
		parts = 40
	}
	file := makeFile(t, dir, "faults.bin", int64(parts)*100*1024-int64(rng.Intn(100*1024)), rng)

	var mu sync.Mutex
	var total faultTally
	t.Run("threads", func(t *testing.T) {
		for _, threads := range threadCounts {
			t.Run(fmt.Sprint(threads), func(t *testing.T) {
				// Each thread count has its own server, so the columns run in parallel (the
				// cells mostly wait on timeouts and backoff, not on the CPU).
				t.Parallel()
				tally := runFaultColumn(t, b, drv, file, threads)
				mu.Lock()
				total.add(tally)
				mu.Unlock()
			})
		}
	})
	t.Logf("fault matrix: %d cells (%d faults × threads %v), %d faults fired, %d succeeded, %d clear errors (%d kept their checkpoint, %d reruns continued the kept upload sending only the parts it lacked), %d objects verified",
		total.cells, len(faultCells()), threadCounts, total.fired, total.oks, total.errs, total.kept, total.continued, total.verified)
}

type faultTally struct{ cells, fired, oks, errs, verified, kept, continued int }

func (a *faultTally) add(b faultTally) {
	a.cells += b.cells
	a.fired += b.fired
	a.oks += b.oks
	a.errs += b.errs
	a.verified += b.verified
	a.kept += b.kept
	a.continued += b.continued
}

// runFaultColumn runs every fault cell with one thread count against a server of its own.
func runFaultColumn(t *testing.T, b bins, drv, file string, threads int) faultTally {
	e := startEmu(t, b)
	c := e.client()
	dir := t.TempDir()
	var n faultTally
	for _, cell := range faultCells() {
		n.cells++
		key := fmt.Sprintf("faults/%s-t%d", cell.name, threads)
		cpdir := filepath.Join(dir, cell.name)
		if err := os.MkdirAll(cpdir, 0o755); err != nil {
			t.Fatal(err)
		}
		args := []string{"--timeout-ms", "1000", "--threads", fmt.Sprint(threads), "--checkpoint-dir", cpdir, file + "=" + key}
		if cell.resume {
			e.setFaults(fmt.Sprintf("op=UploadPart,key=%s,part=6,status=500", key))
			if out, err, _ := runBounded(e.driver(drv, args...), cellBound); err == nil {
				t.Fatalf("%s: the preparing run succeeded despite its fault: %s", cell.name, oneLine(out))
			}
			e.quiesce()
		}
		e.setFaults(fmt.Sprintf(cell.spec, key))
		tail := e.tailFromEnd()
		out, err, took := runBounded(e.driver(drv, args...), cellBound)
		fired := countFaults(tail, 0)
		if fired == 0 {
			// A delayed request is logged when the server finishes it, after the client gave up.
			fired = countFaults(tail, 5*time.Second)
		}
		n.fired += fired
		e.setFaults()
		name := fmt.Sprintf("%s × %d threads", cell.name, threads)
		if testing.Verbose() {
			t.Logf("%s: %d faults fired, %v, %s", name, fired, took.Round(time.Millisecond), firstLine(out, "ok ", "err "))
		}
		if took >= cellBound {
			t.Errorf("%s: did not end within %v", name, cellBound)
			continue
		}
		if fired == 0 {
			t.Errorf("%s: the fault never fired; the cell proves nothing", name)
		}
		cp := filepath.Join(cpdir, "0.cp")
		if err == nil {
			n.oks++
			if cell.want == "err" {
				t.Errorf("%s: succeeded although the fault is permanent: %s", name, oneLine(out))
			}
			if verr := verifyObject(c, key, file); verr != nil {
				t.Errorf("%s: %v", name, verr)
			} else {
				n.verified++
			}
			if _, serr := os.Stat(cp); !os.IsNotExist(serr) {
				t.Errorf("%s: checkpoint left after success", name)
			}
			continue
		}
		n.errs++
		if cell.want == "ok" {
			t.Errorf("%s: failed although the fault is transient: %s", name, oneLine(out))
		}
		code := fieldOf(out, "code")
		if !strings.Contains(" "+cell.codes+" ", " "+code+" ") || fieldOf(out, "msg") == "" {
			t.Errorf("%s: error %q, want one of %q with a message: %s", name, code, cell.codes, oneLine(out))
		}
		// Once the object has an upload (this run's Initiate was answered, or the cell resumes
		// one), a clear error keeps the checkpoint, intact, and the upload it names stays open,
		// unless the server itself ended it (its Complete landed, or the fault expired it).
		e.quiesce()
		hadUpload := cell.resume
		for _, r := range tail.poll() {
			hadUpload = hadUpload || r.Key == key && r.Op == "InitiateMultipartUpload" && r.Status == 200
		}
		open := map[string]bool{}
		for _, u := range e.openUploads() {
			if u.Key == key {
				open[u.UploadID] = true
			}
		}
		rec, lerr := checkpoint.Load(cp)
		switch {
		case hadUpload && lerr != nil:
			t.Errorf("%s: failed after the upload began, and kept no checkpoint that loads: %v", name, lerr)
		case lerr == nil && rec.UploadID != "" && !open[rec.UploadID] && !objectExists(c, key) && !strings.Contains(cell.spec, "expire-upload"):
			t.Errorf("%s: the kept checkpoint names upload %s, which is no longer open (open: %v)", name, rec.UploadID, open)
		}
		if lerr == nil {
			n.kept++
		}
		if objectExists(c, key) {
			if verr := verifyObject(c, key, file); verr != nil {
				t.Errorf("%s: failed, and left a wrong object: %v", name, verr)
			}
		}
		rerunTail, rerunStart := e.tailFromEnd(), time.Now()
		out2, err2, _ := runBounded(e.driver(drv, args...), cellBound)
		if err2 != nil {
			t.Errorf("%s: the rerun without the fault failed: %s", name, oneLine(out2))
			continue
		}
		// The rerun continues the kept upload and sends only the parts it does not record.
		if lerr == nil && open[rec.UploadID] {
			e.quiesce()
			recorded := map[int]bool{}
			for _, p := range rec.Parts {
				recorded[p.Number] = true
			}
			var resent []int
			others := map[int]bool{}
			for _, r := range rerunTail.poll() {
				switch {
				case r.Key != key || r.Time.Before(rerunStart):
					// another key, or the failed run's held request logged late
				case r.Op == "InitiateMultipartUpload":
					t.Errorf("%s: the rerun started a new upload although the kept one, %s, was open", name, rec.UploadID)
				case r.Op == "UploadPart" && r.UploadID == rec.UploadID && recorded[r.PartNumber]:
					resent = append(resent, r.PartNumber)
				case r.Op == "UploadPart" && r.UploadID == rec.UploadID && r.Status == 200:
					others[r.PartNumber] = true
				}
			}
			if len(resent) > 0 {
				t.Errorf("%s: the rerun sent again parts %v that the kept checkpoint records", name, resent)
			}
			if len(others) > rec.PartCount-len(recorded) {
				t.Errorf("%s: the rerun sent %d parts; the checkpoint lacked only %d", name, len(others), rec.PartCount-len(recorded))
			}
			n.continued++
		}
		if verr := verifyObject(c, key, file); verr != nil {
			t.Errorf("%s: after the rerun: %v", name, verr)
		} else {
			n.verified++
		}
	}
	for _, u := range e.openUploads() {
		t.Errorf("multipart upload left open: %v", u)
	}
	return n
}

// runBounded runs cmd, killing it after bound; it returns its standard output and error, its
// exit error and how long it ran (bound or more when it was killed).
func runBounded(cmd *exec.Cmd, bound time.Duration) (string, error, time.Duration) {
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return err.Error(), err, 0
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		return out.String(), err, time.Since(start)
	case <-time.After(bound):
		cmd.Process.Kill()
		<-done
		return out.String(), fmt.Errorf("killed after %v", bound), bound
	}
}

// fieldOf extracts "name=value" from a driver line; the msg field runs to the line's end.
func fieldOf(out, name string) string {
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "err ") {
			continue
		}
		i := strings.Index(line, " "+name+"=")
		if i < 0 {
			return ""
		}
		v := line[i+len(name)+2:]
		if name != "msg" {
			if j := strings.IndexByte(v, ' '); j >= 0 {
				v = v[:j]
			}
		}
		return v
	}
	return ""
}

// countFaults counts the fired faults in the log, waiting up to patience for the first one.
func countFaults(tail *logTail, patience time.Duration) int {
	deadline := time.Now().Add(patience)
	for {
		n := 0
		for _, r := range tail.poll() {
			if r.Fault != "" {
				n++
			}
		}
		if n > 0 || time.Now().After(deadline) {
			return n
		}
		time.Sleep(50 * time.Millisecond)
	}
}
