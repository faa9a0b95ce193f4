package checkpoint

import (
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// syncProbe replaces a Store's fsync: it counts calls and fails them while fail is set.
type syncProbe struct {
	calls atomic.Int32
	fail  atomic.Bool
}

var errDisk = errors.New("injected fsync failure")

func (p *syncProbe) fsync(f *os.File) error {
	p.calls.Add(1)
	if p.fail.Load() {
		return errDisk
	}
	return f.Sync()
}

// openProbed opens a 20-part store whose fsync is probed and delayed by delay.
func openProbed(t *testing.T, delay time.Duration) (*Store, *syncProbe, []Part) {
	t.Helper()
	s, parts := savedStore(t, 20)
	p := &syncProbe{}
	s.fsync, s.syncDelay = p.fsync, delay
	return s, p, parts
}

// Append puts the line in the file before returning (a killed process loses nothing) but does
// not wait for its fsync; Sync does it once for every line so far, and not again for nothing.
func TestAppendWritesNowSyncsLater(t *testing.T) {
	s, p, parts := openProbed(t, time.Hour)
	for _, pt := range parts[:5] {
		if err := s.Append(pt); err != nil {
			t.Fatal(err)
		}
	}
	if n := p.calls.Load(); n != 0 {
		t.Fatalf("%d fsyncs during Append with an hour's delay, want 0", n)
	}
	got, err := Load(s.Path())
	if err != nil || len(got.Parts) != 5 {
		t.Fatalf("read back before any fsync: %v parts, err %v; want 5", partsOf(got), err)
	}
	for range 2 {
		if err := s.Sync(); err != nil {
			t.Fatal(err)
		}
	}
	if n := p.calls.Load(); n != 1 {
		t.Fatalf("%d fsyncs after two Syncs of five lines, want 1", n)
	}
}

// With nobody calling Sync, the timer fsyncs within the delay.
func TestAppendSyncsWithinDelay(t *testing.T) {
	s, p, parts := openProbed(t, 10*time.Millisecond)
	if err := s.Append(parts[0]); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for p.calls.Load() == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no fsync 5 s after an Append with a 10 ms delay")
		}
		time.Sleep(time.Millisecond)
	}
	// Later appends arm the timer again.
	if err := s.Append(parts[1]); err != nil {
		t.Fatal(err)
	}
	for p.calls.Load() < 2 {
		if time.Now().After(deadline) {
			t.Fatal("no second fsync after a second Append")
		}
		time.Sleep(time.Millisecond)
	}
}

// Neither Close nor Remove waits for an fsync, and no timer fires after them; the lines are in
// the file all the same.
func TestCloseAndRemoveDoNotSync(t *testing.T) {
	for _, remove := range []bool{false, true} {
		s, p, parts := openProbed(t, 5*time.Millisecond)
		s.Append(parts[0])
		if remove {
			if err := s.Remove(); err != nil {
				t.Fatal(err)
			}
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
		if n := p.calls.Load(); n != 0 {
			t.Fatalf("remove=%v: %d fsyncs after the store closed, want 0", remove, n)
		}
		if !remove {
			if got, err := Load(s.Path()); err != nil || len(got.Parts) != 1 {
				t.Fatalf("after Close: %d parts, err %v; want 1", partsOf(got), err)
			}
		}
	}
}

// A failed fsync, in Sync or in the background, is reported by the next Append and Sync and by
// Close, and cleared by Save.
func TestSyncFailureIsReported(t *testing.T) {
	for _, background := range []bool{false, true} {
		delay := time.Hour
		if background {
			delay = time.Millisecond
		}
		s, p, parts := openProbed(t, delay)
		p.fail.Store(true)
		s.Append(parts[0])
		if background {
			deadline := time.Now().Add(5 * time.Second)
			for p.calls.Load() == 0 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			s.syncMu.Lock() // the failed fsync has returned and been kept
			s.syncMu.Unlock()
		} else if err := s.Sync(); !errors.Is(err, errDisk) {
			t.Fatalf("Sync: %v, want the injected failure", err)
		}
		if err := s.Append(parts[1]); !errors.Is(err, errDisk) {
			t.Fatalf("background=%v: Append after a failed fsync: %v, want the injected failure", background, err)
		}
		if err := s.Sync(); !errors.Is(err, errDisk) {
			t.Fatalf("background=%v: Sync after a failed fsync: %v", background, err)
		}
		p.fail.Store(false)
		rec, err := s.Load()
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Save(rec); err != nil {
			t.Fatal(err)
		}
		if err := s.Append(parts[1]); err != nil {
			t.Fatalf("Append after Save: %v", err)
		}
		if err := s.Close(); err != nil {
			t.Fatalf("Close: %v", err)
		}
	}
}

// Appends from many goroutines racing Syncs and timers lose no line (run with -race).
func TestAppendSyncRace(t *testing.T) {
	s, p, parts := openProbed(t, 100*time.Microsecond)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(parts); i += 4 {
				if err := s.Append(parts[i]); err != nil {
					t.Error(err)
				}
				if i%3 == 0 {
					if err := s.Sync(); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	if err := s.Sync(); err != nil {
		t.Fatal(err)
	}
	got, err := s.Load()
	if err != nil || len(got.Parts) != len(parts) {
		t.Fatalf("%v parts read back, err %v; want %d", partsOf(got), err, len(parts))
	}
	if p.calls.Load() == 0 {
		t.Fatal("no fsync at all")
	}
}

func partsOf(r *Record) int {
	if r == nil {
		return -1
	}
	return len(r.Parts)
}
