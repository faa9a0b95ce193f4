package upload

import (
	"sync"
	"testing"
	"time"
)

func TestProgressBoxKeepsLatestAndNeverGoesBack(t *testing.T) {
	b := NewProgressBox()
	b.publish(10, 100)
	b.publish(30, 100)
	b.publish(20, 100) // lower: ignored
	if d, tot, ok := b.Wait(); !ok || d != 30 || tot != 100 {
		t.Fatalf("Wait = %d, %d, %v; want 30, 100, true", d, tot, ok)
	}
	b.publish(30, 100) // same value: nothing new
	b.close()
	if _, _, ok := b.Wait(); ok {
		t.Fatal("Wait after close with nothing new returned ok")
	}
}

func TestProgressBoxDeliversLastValueBeforeClose(t *testing.T) {
	b := NewProgressBox()
	b.publish(100, 100)
	b.close()
	if d, _, ok := b.Wait(); !ok || d != 100 {
		t.Fatalf("the value published before close was lost: %d, %v", d, ok)
	}
	if _, _, ok := b.Wait(); ok {
		t.Fatal("second Wait after close returned ok")
	}
}

// A slow consumer sees a monotonic subsequence ending at the last value, and publishers never block.
func TestProgressBoxSlowConsumer(t *testing.T) {
	b := NewProgressBox()
	var got []int64
	var wg sync.WaitGroup
	wg.Go(func() {
		deliver(b, func(d, _ int64) {
			got = append(got, d)
			time.Sleep(time.Millisecond)
		})
	})
	start := time.Now()
	var pub sync.WaitGroup
	for w := range 4 {
		pub.Go(func() {
			for i := int64(w); i < 20000; i += 4 {
				b.publish(i, 20000)
			}
		})
	}
	pub.Wait()
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("publishing took %v: a slow consumer stalled the publishers", el)
	}
	b.publish(20000, 20000)
	b.close()
	wg.Wait()
	if len(got) == 0 || got[len(got)-1] != 20000 {
		t.Fatalf("last delivered value %v, want 20000", got)
	}
	for i := 1; i < len(got); i++ {
		if got[i] <= got[i-1] {
			t.Fatalf("values went back: %d then %d", got[i-1], got[i])
		}
	}
	if len(got) > 5000 {
		t.Errorf("%d calls for a 1 ms consumer: intermediate values were not dropped", len(got))
	}
}

func TestTrackerStaysBelowTotalUntilFinish(t *testing.T) {
	b := NewProgressBox()
	tr := &tracker{total: 1000, box: b}
	tr.read(600)
	tr.unread(600) // failed attempt
	tr.read(1000)
	tr.ack(1000)
	if d, _ := b.Load(); d != 999 {
		t.Fatalf("before Complete: %d, want 999", d)
	}
	tr.finish()
	if d, tot := b.Load(); d != 1000 || tot != 1000 {
		t.Fatalf("after finish: %d/%d", d, tot)
	}
}
