//go:build unix

package download

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/checkpoint"
	"github.com/ossresume/ossresume/tests/ossemu"
)

// childEnv carries a kill-9 child's job: this test binary started again, running only
// TestKill9Child, which downloads and exits.
const childEnv = "OSSRESUME_DOWNLOAD_CHILD"

type childJob struct {
	URL, Endpoint, Key, Path string
	AKID, Secret             string
}

// TestKill9Child is the child's side of TestKill9; alone it does nothing.
func TestKill9Child(t *testing.T) {
	raw := os.Getenv(childEnv)
	if raw == "" {
		t.Skip("the child of TestKill9; runs only when that test starts it")
	}
	var j childJob
	if err := json.Unmarshal([]byte(raw), &j); err != nil {
		t.Fatal(err)
	}
	api := newClient(t, j.URL, ossemu.Key{ID: j.AKID, Secret: j.Secret})
	_, err := Download(context.Background(), api, Options{Bucket: bucket, Key: j.Key, FilePath: j.Path,
		Endpoint: j.Endpoint, PartSize: 64 * kib, Threads: 4, BufferSize: 16 * kib, Checkpoint: true,
		RetryBase: time.Millisecond, RetryMax: 5 * time.Millisecond,
		Notify: func(m string) { os.Stdout.WriteString("notice: " + m + "\n") }})
	if err != nil {
		t.Fatal(err)
	}
}

// TestKill9 kills a downloading process with SIGKILL at random moments and starts it again
// until it finishes: every file must end byte-identical, with nothing left beside it, and the
// runs together must fetch about one object's worth of ranges (a rerun that started over, or
// trusted nothing of what the killed runs wrote, fetches several). Quick form: 3 objects, 4 kills
// each; OSSRESUME_KILL9_ROUNDS raises the kills.
func TestKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	e := newEnv(t)
	kills := 4
	if v := os.Getenv("OSSRESUME_KILL9_ROUNDS"); v != "" {
		json.Unmarshal([]byte(v), &kills)
	}
	// Each connection paced at 512 KiB/s: a 3 MiB object takes ~1.5 s over 4 threads, so kills
	// land inside the download.
	if err := e.srv.AddFault("op=GetObject,bandwidth=512KiB"); err != nil {
		t.Fatal(err)
	}
	k := e.srv.Keys()[0]
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	for obj, size := range []int{3 << 20, 3<<20 + 12345, 2<<20 - 1} {
		key := "kill" + string(rune('a'+obj))
		data := e.put(key, size, byte(obj))
		path := join(e.dir, key)
		job, _ := json.Marshal(childJob{URL: e.srv.URL(), Endpoint: e.srv.Endpoint(), Key: key, Path: path, AKID: k.ID, Secret: k.Secret})
		e.srv.ResetLog()
		landed := 0
		notices := ""
	runs:
		for run := 0; ; run++ {
			if run > kills+10 {
				t.Fatalf("%s: not done after %d runs", key, run)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestKill9Child$", "-test.count=1")
			cmd.Env = append(os.Environ(), childEnv+"="+string(job))
			var out strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &out
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
			if run < kills {
				select {
				case err = <-done:
				case <-time.After(time.Duration(150+rng.IntN(500)) * time.Millisecond):
					syscall.Kill(cmd.Process.Pid, syscall.SIGKILL)
					<-done
					landed++
					e.quiesce()
					if _, err := os.Stat(path); err == nil {
						// Killed after the rename, on its way out: the download is done (and a
						// rerun, finding no record, would fetch it all again).
						notices += "done before the kill\n"
						landed--
						break runs
					}
					notices += fmtRun(run, len(e.rangeStarts()), out.String())
					if rec, err := checkpoint.LoadDownload(path + ".dcp"); err == nil {
						notices += "recorded " + strconv.Itoa(len(rec.Ranges)) + "\n"
					} else {
						notices += err.Error() + "\n"
					}
					continue
				}
			} else {
				err = <-done
			}
			if err != nil {
				t.Fatalf("%s run %d: %v\n%s", key, run, err, out.String())
			}
			notices += out.String()
			break
		}
		checkFile(t, path, data)
		if landed < 2 {
			t.Errorf("%s: only %d of %d kills landed inside the download", key, landed, kills)
		}
		if left := leftovers(t, e.dir, objs(obj)...); len(left) != 0 {
			t.Fatalf("%s: left behind %v", key, left)
		}
		count := checkpoint.PlanCount(int64(size), 64*kib)
		fetched := len(e.rangeStarts())
		// Each kill may lose the 4 ranges in flight and one finished but not yet recorded.
		if bound := count + landed*5; fetched > bound {
			t.Errorf("%s: %d ranges fetched over %d runs (%d killed), more than %d: the reruns did not resume\n%s",
				key, fetched, landed+1, landed, bound, notices)
		}
		t.Logf("%s: %d bytes, %d kills landed, %d ranges fetched for %d", key, size, landed, fetched, count)
	}
}

// objs lists the targets (and their lock files) objects 0..i made.
func objs(i int) []string {
	var s []string
	for k := 0; k <= i; k++ {
		n := "kill" + string(rune('a'+k))
		s = append(s, n, n+".dcp.lock")
	}
	return s
}

func fmtRun(run, fetched int, out string) string {
	return "run " + strconv.Itoa(run) + ": " + strconv.Itoa(fetched) + " ranges so far\n" + out
}
