package checkpoint

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A small file's whole upload, as the engine writes its record (pending record, the record
// naming the upload id, its one part, the check before Complete, removal after it), issues no
// fsync while it lasts less than the delay; stopped by Close instead of Remove, none either.
// An fsync re-added anywhere on that path fails here.
func TestSmallUploadPathNoFsync(t *testing.T) {
	for _, finish := range []string{"remove", "close"} {
		t.Run(finish, func(t *testing.T) {
			s, err := Open(filepath.Join(t.TempDir(), "f.cp"))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			p := &syncProbe{}
			s.fsync, s.syncDelay = p.fsync, time.Hour
			before := Fsyncs()
			pending, rec := pendingRecord(), sampleRecord(102400, 102400)
			full := sampleRecord(102400, 102400, 1)
			for _, step := range []func() error{
				func() error { return s.SaveDeferred(pending) },
				func() error { return s.SaveDeferred(rec) },
				func() error { return s.Append(full.Parts[0]) },
				func() error { return s.SyncIfOlder(time.Hour) },
			} {
				if err := step(); err != nil {
					t.Fatal(err)
				}
			}
			if got, err := s.Load(); err != nil || !reflect.DeepEqual(got, full) {
				t.Fatalf("record before %s: %+v, %v; want the one-part record", finish, got, err)
			}
			// The record replaced by the second save is gone, not left under a temporary name.
			if names := dirNames(t, filepath.Dir(s.Path())); !reflect.DeepEqual(names, []string{"f.cp", "f.cp.lock"}) {
				t.Fatalf("directory holds %v, want f.cp and its lock", names)
			}
			if finish == "remove" {
				if err := s.Remove(); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if n, pkg := p.calls.Load(), Fsyncs()-before; n != 0 || pkg != 0 {
				t.Fatalf("%d fsyncs through the store, %d through the package, want 0", n, pkg)
			}
		})
	}
}

// What SaveDeferred leaves unsynced, Sync and the timer make durable: the file, then its
// directory; an older record, or one a Save made durable, is synced before Complete.
func TestSaveDeferredSyncs(t *testing.T) {
	t.Run("Sync", func(t *testing.T) {
		s, p := deferredStore(t, time.Hour)
		if err := s.Sync(); err != nil {
			t.Fatal(err)
		}
		if n := p.calls.Load(); n != 2 {
			t.Fatalf("%d fsyncs by Sync after SaveDeferred, want 2 (file and directory)", n)
		}
		if err := s.Sync(); err != nil || p.calls.Load() != 2 {
			t.Fatalf("a second Sync with nothing new: %v, %d fsyncs in all", err, p.calls.Load())
		}
	})
	t.Run("timer", func(t *testing.T) {
		s, p := deferredStore(t, 5*time.Millisecond)
		deadline := time.Now().Add(5 * time.Second)
		for p.calls.Load() < 2 {
			if time.Now().After(deadline) {
				t.Fatalf("%d fsyncs 5 s after a SaveDeferred with a 5 ms delay, want 2", p.calls.Load())
			}
			time.Sleep(time.Millisecond)
		}
		s.syncMu.Lock() // the timer's Sync has returned
		s.mu.Lock()
		dirty := s.dirty
		s.mu.Unlock()
		s.syncMu.Unlock()
		if dirty {
			t.Fatal("still dirty after the timer's fsyncs")
		}
	})
	t.Run("SyncIfOlder, old", func(t *testing.T) {
		s, p := deferredStore(t, time.Hour)
		time.Sleep(2 * time.Millisecond)
		if err := s.SyncIfOlder(time.Millisecond); err != nil || p.calls.Load() != 2 {
			t.Fatalf("SyncIfOlder past the age: %v, %d fsyncs, want 2", err, p.calls.Load())
		}
	})
	t.Run("SyncIfOlder after Save", func(t *testing.T) {
		// A resumed record holds older progress: its new lines are synced however young.
		s, parts := savedStore(t, 2)
		p := &syncProbe{}
		s.fsync, s.syncDelay = p.fsync, time.Hour
		if err := s.Append(parts[0]); err != nil {
			t.Fatal(err)
		}
		if err := s.SyncIfOlder(time.Hour); err != nil || p.calls.Load() != 1 {
			t.Fatalf("SyncIfOlder after a durable Save: %v, %d fsyncs, want 1", err, p.calls.Load())
		}
	})
	t.Run("failure", func(t *testing.T) {
		s, p := deferredStore(t, time.Hour)
		p.fail.Store(true)
		if err := s.Sync(); !errors.Is(err, errDisk) {
			t.Fatalf("Sync: %v, want the injected failure", err)
		}
		if err := s.Append(sampleRecord(102400, 102400, 1).Parts[0]); !errors.Is(err, errDisk) {
			t.Fatalf("Append after the deferred Save's fsync failed: %v", err)
		}
	})
}

func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

func deferredStore(t *testing.T, delay time.Duration) (*Store, *syncProbe) {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "f.cp"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	p := &syncProbe{}
	s.fsync, s.syncDelay = p.fsync, delay
	if err := s.SaveDeferred(sampleRecord(102400, 102400)); err != nil {
		t.Fatal(err)
	}
	return s, p
}

// A writer killed (SIGKILL) right after SaveDeferred, Append or Remove returned, before any
// fsync, leaves exactly what it wrote: the page cache holds it, so only a machine crash could
// lose it. The writer is this test binary re-run as a child.
func TestDeferredWritesSurviveKill(t *testing.T) {
	if os.Getenv("CHECKPOINT_KILL_CHILD") != "" {
		return
	}
	full := sampleRecord(3*102400, 102400, 1, 2)
	hdr := *full
	hdr.Parts = nil
	cases := []struct {
		step string
		want *Record // nil: no record
	}{
		{"pending", pendingRecord()},
		{"initiated", &hdr},
		{"parts", full},
		{"removed", nil},
	}
	for _, c := range cases {
		t.Run(c.step, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "f.cp")
			cmd := exec.Command(os.Args[0], "-test.run=^TestDeferredWriterChild$")
			cmd.Env = append(os.Environ(), "CHECKPOINT_KILL_CHILD="+c.step, "CHECKPOINT_KILL_PATH="+path)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			cmd.Stderr = os.Stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer cmd.Wait()
			line, err := bufio.NewReader(out).ReadString('\n')
			if err != nil || !strings.HasPrefix(line, "written ") {
				cmd.Process.Kill()
				t.Fatalf("child said %q, %v", line, err)
			}
			cmd.Process.Signal(syscall.SIGKILL)
			if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
				t.Fatalf("child ended with %v, want killed", err)
			}
			if strings.TrimSpace(line) != "written 0" {
				t.Fatalf("child: %q, want no fsync before the kill", line)
			}
			got, err := Load(path)
			switch {
			case c.want == nil && !errors.Is(err, fs.ErrNotExist):
				t.Fatalf("after a kill right after Remove: %+v, %v; want no record", got, err)
			case c.want != nil && (err != nil || !reflect.DeepEqual(got, c.want)):
				t.Fatalf("after a kill right after %s: %+v, %v; want %+v", c.step, got, err, c.want)
			}
		})
	}
}

// TestDeferredWriterChild is TestDeferredWritesSurviveKill's writer: it writes up to the step
// named, says so with its fsync count, and waits to be killed.
func TestDeferredWriterChild(t *testing.T) {
	step := os.Getenv("CHECKPOINT_KILL_CHILD")
	if step == "" {
		t.Skip("run by TestDeferredWritesSurviveKill")
	}
	s, err := Open(os.Getenv("CHECKPOINT_KILL_PATH"))
	if err != nil {
		t.Fatal(err)
	}
	s.syncDelay = time.Hour // the kill comes long before the timer
	full := sampleRecord(3*102400, 102400, 1, 2)
	hdr := *full
	hdr.Parts = nil
	steps := []struct {
		name string
		do   func() error
	}{
		{"pending", func() error { return s.SaveDeferred(pendingRecord()) }},
		{"initiated", func() error { return s.SaveDeferred(&hdr) }},
		{"parts", func() error {
			for _, p := range full.Parts {
				if err := s.Append(p); err != nil {
					return err
				}
			}
			return s.SyncIfOlder(time.Hour)
		}},
		{"removed", s.Remove},
	}
	for _, st := range steps {
		if err := st.do(); err != nil {
			t.Fatal(err)
		}
		if st.name == step {
			break
		}
	}
	fmt.Printf("written %d\n", Fsyncs())
	time.Sleep(time.Minute)
}
