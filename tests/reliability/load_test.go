//go:build reliability

package reliability

import (
	"context"
	"fmt"
	"math/rand"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ossresume/ossresume/core/oss"
	"github.com/ossresume/ossresume/core/upload"
)

// loadSizes are the mixed sizes of the load campaign: empty, one byte, around the smallest part,
// and several parts with a ragged end.
var loadSizes = []int64{0, 1, 100*1024 - 1, 100 * 1024, 100*1024 + 1, 512 * 1024, 1 << 20, 3<<20 + 7}

func loadFiles(t *testing.T, rng *rand.Rand, n int) (dir string, files []string) {
	dir = t.TempDir()
	for i := 0; i < n; i++ {
		files = append(files, makeFile(t, dir, fmt.Sprintf("f%02d.bin", i), loadSizes[i%len(loadSizes)], rng))
	}
	return dir, files
}

// TestLoadNativeOneProcess runs 64 uploads at once in one process on one shared client through
// the native API, in rounds: every object is verified, and the process's file descriptors after
// the last round equal those after the first (no descriptor leaks per upload).
func TestLoadNativeOneProcess(t *testing.T) {
	b := needBins(t)
	rng := newRand(t)
	drv := buildC(t, b, "driver.c", b.libDir)
	e := startEmu(t, b)
	c := e.client()
	const n = 64
	rounds := pick(3, 10)
	_, files := loadFiles(t, rng, n)
	args := []string{"--timeout-ms", "30000", "--threads", "4", "--rounds", fmt.Sprint(rounds)}
	for i, f := range files {
		args = append(args, fmt.Sprintf("%s=load/native-%02d", f, i))
	}
	out, err, _ := runBounded(e.driver(drv, args...), 3*time.Minute)
	if err != nil {
		t.Fatalf("driver: %v: %s", err, oneLine(firstLine(out, "err ")))
	}
	if got := strings.Count(out, "\nok ") + boolInt(strings.HasPrefix(out, "ok ")); got != n*rounds {
		t.Errorf("%d uploads succeeded, want %d", got, n*rounds)
	}
	fds := map[int]int{}
	for _, line := range strings.Split(out, "\n") {
		var r, cnt int
		if _, err := fmt.Sscanf(line, "fds round=%d count=%d", &r, &cnt); err == nil {
			fds[r] = cnt
		}
	}
	if fds[rounds] != fds[1] || fds[1] == 0 {
		t.Errorf("file descriptors: %d after round 1, %d after round %d (before any: %d)", fds[1], fds[rounds], rounds, fds[0])
	}
	for i, f := range files {
		if err := verifyObject(c, fmt.Sprintf("load/native-%02d", i), f); err != nil {
			t.Error(err)
		}
	}
	t.Logf("load, one process (native API): %d rounds × %d uploads at once on a shared client, %d objects verified, fds %v",
		rounds, n, n, fds)
}

// TestLoadEngineGoroutines runs 64 uploads at once on one shared client in this process through
// the Go engine: all objects correct, and goroutines and file descriptors back to their
// baseline once the client is closed.
func TestLoadEngineGoroutines(t *testing.T) {
	b := needBins(t)
	rng := newRand(t)
	e := startEmu(t, b)
	verifier := e.client()
	const n = 64
	dir, files := loadFiles(t, rng, n)

	runtime.GC()
	baseG, baseFD := runtime.NumGoroutine(), countFDs()
	client, err := oss.New(oss.Config{Endpoint: e.url, SignatureVersion: 1,
		Credentials: staticCreds{oss.Credentials{AccessKeyID: akID, AccessKeySecret: akSecret}}})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range files {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			_, errs[i] = upload.Upload(context.Background(), client, upload.Options{
				Bucket: bucket, Key: fmt.Sprintf("load/engine-%02d", i), FilePath: files[i], Endpoint: e.url,
				PartSize: 100 * 1024, Threads: 4, Checkpoint: true,
				CheckpointPath: filepath.Join(dir, strconv.Itoa(i)+".cp"),
			})
		}(i)
	}
	wg.Wait()
	client.Close()
	for i, err := range errs {
		if err != nil {
			t.Errorf("upload %d: %v", i, err)
		}
	}
	// Goroutines of closed connections end a moment after Close.
	var g, fd int
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		g, fd = runtime.NumGoroutine(), countFDs()
		if g <= baseG && fd <= baseFD || time.Now().After(deadline) {
			break
		}
	}
	if g > baseG || fd > baseFD {
		buf := make([]byte, 1<<16)
		t.Errorf("after the uploads: %d goroutines (baseline %d), %d fds (baseline %d)\n%s", g, baseG, fd, baseFD, buf[:runtime.Stack(buf, true)])
	}
	for i, f := range files {
		if err := verifyObject(verifier, fmt.Sprintf("load/engine-%02d", i), f); err != nil {
			t.Error(err)
		}
	}
	t.Logf("load, engine: %d uploads at once on a shared client, %d objects verified; goroutines %d→%d, fds %d→%d",
		n, n, baseG, g, baseFD, fd)
}

// TestLoadProcesses runs 8 command-line uploaders at once, each on its own files in turn.
func TestLoadProcesses(t *testing.T) {
	b := needBins(t)
	rng := newRand(t)
	e := startEmu(t, b)
	c := e.client()
	const procs = 8
	perProc := pick(2, 8)
	_, files := loadFiles(t, rng, procs*perProc)
	var wg sync.WaitGroup
	errs := make(chan string, procs*perProc)
	for p := 0; p < procs; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			for k := 0; k < perProc; k++ {
				i := p*perProc + k
				out, err, _ := runBounded(e.cli(files[i], fmt.Sprintf("load/cli-%02d", i),
					"--part-size", "102400", "--threads", "4"), 2*time.Minute)
				if err != nil {
					errs <- fmt.Sprintf("process %d, file %d: %v: %s", p, i, err, oneLine(out))
				}
			}
		}(p)
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
	for i, f := range files {
		if err := verifyObject(c, fmt.Sprintf("load/cli-%02d", i), f); err != nil {
			t.Error(err)
		}
	}
	for _, u := range e.openUploads() {
		t.Errorf("multipart upload left open: %v", u)
	}
	t.Logf("load, processes: %d oss-upload processes at once, %d objects verified", procs, len(files))
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
