package upload

import (
	"fmt"
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

func TestProgressBoxTryTake(t *testing.T) {
	type val struct{ done, total int64 }
	cases := []struct {
		name     string
		waited   []val // published, then taken by Wait
		publish  []val
		close    bool
		want     val
		wantOK   bool
		wantLoad val
	}{
		{name: "empty"},
		{name: "latest wins", publish: []val{{10, 100}, {30, 100}}, want: val{30, 100}, wantOK: true, wantLoad: val{30, 100}},
		{name: "lower dropped", publish: []val{{10, 100}, {5, 100}, {30, 100}, {20, 100}}, want: val{30, 100}, wantOK: true, wantLoad: val{30, 100}},
		{name: "new total taken", publish: []val{{50, 100}, {10, 200}}, want: val{10, 200}, wantOK: true, wantLoad: val{10, 200}},
		{name: "survives close", publish: []val{{100, 100}}, close: true, want: val{100, 100}, wantOK: true, wantLoad: val{100, 100}},
		{name: "taken by Wait", waited: []val{{40, 100}}, wantLoad: val{40, 100}},
		{name: "same as waited", waited: []val{{40, 100}}, publish: []val{{40, 100}, {30, 100}}, close: true, wantLoad: val{40, 100}},
		{name: "above waited", waited: []val{{40, 100}}, publish: []val{{50, 100}}, want: val{50, 100}, wantOK: true, wantLoad: val{50, 100}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := NewProgressBox()
			for _, v := range c.waited {
				b.publish(v.done, v.total)
			}
			if len(c.waited) > 0 {
				b.Wait()
			}
			for _, v := range c.publish {
				b.publish(v.done, v.total)
			}
			if c.close {
				b.close()
			}
			if d, tot, ok := b.TryTake(); ok != c.wantOK || (ok && (val{d, tot}) != c.want) {
				t.Fatalf("TryTake = %d, %d, %v; want %d, %d, %v", d, tot, ok, c.want.done, c.want.total, c.wantOK)
			}
			if d, tot, ok := b.TryTake(); ok {
				t.Fatalf("second TryTake handed out %d, %d again", d, tot)
			}
			if d, tot := b.Load(); (val{d, tot}) != c.wantLoad {
				t.Fatalf("Load = %d, %d; want %d, %d", d, tot, c.wantLoad.done, c.wantLoad.total)
			}
		})
	}
}

// A reader that selects on Ready and takes with TryTake, as the C API's relay does, sees values
// that never go back while writers race, and the last value is never lost.
func TestProgressBoxTryTakeWithConcurrentWriters(t *testing.T) {
	b := NewProgressBox()
	const writers, each = 4, 2000
	const last = (each-1)*writers + writers - 1 + 100
	stop := make(chan struct{})
	var readErr error
	seen := int64(-1)
	var rg sync.WaitGroup
	rg.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-b.Ready():
			}
			if d, _, ok := b.TryTake(); ok {
				if d < seen {
					readErr = fmt.Errorf("went back from %d to %d", seen, d)
					return
				}
				seen = d
			}
		}
	})
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				b.publish(int64(i*writers+w+100), 100000)
			}
		})
	}
	wg.Wait()
	close(stop)
	rg.Wait()
	if readErr != nil {
		t.Fatal(readErr)
	}
	if d, _, ok := b.TryTake(); ok {
		seen = d
	}
	if seen != last {
		t.Fatalf("reader ended at %d, want %d", seen, last)
	}
	if d, _ := b.Load(); d != last {
		t.Fatalf("final value %d, want %d", d, last)
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
	tr.read(999)
	tr.ack(999, 1000)
	if d, _ := b.Load(); d != 999 {
		t.Fatalf("before Complete: %d, want 999", d)
	}
	tr.finish()
	if d, tot := b.Load(); d != 1000 || tot != 1000 {
		t.Fatalf("after finish: %d/%d", d, tot)
	}
}

// A reader slower than the parts still sees every part's acknowledgement as a value of its own,
// in order, between the values that coalesce (issue 17: "at least once per part").
func TestProgressBoxKeepsEveryMark(t *testing.T) {
	b := NewProgressBox()
	tr := &tracker{total: 4000, box: b}
	// Four parts of 1000 bytes in flight together, each written in two halves, then
	// acknowledged in the order 2, 1, 4, 3, with nothing read until the end.
	for range 4 {
		tr.read(500)
	}
	for range 4 {
		tr.read(499)
	}
	for range 4 {
		tr.ack(999, 1000)
	}
	tr.finish()
	b.close()
	var got []int64
	for {
		d, tot, ok := b.Wait()
		if !ok {
			break
		}
		if tot != 4000 {
			t.Fatalf("total %d", tot)
		}
		got = append(got, d)
	}
	// The writes coalesce into the last one (3996); each ack adds its withheld byte; the last
	// ack is capped at total-1 until finish.
	want := []int64{3997, 3998, 3999, 4000}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("values %v, want %v", got, want)
	}
}

func TestProgressBoxMarks(t *testing.T) {
	type op struct {
		done int64
		mark bool
		take bool // take a value instead of publishing
	}
	cases := []struct {
		name string
		ops  []op
		want []int64 // every value taken, in order, including those drained at the end
	}{
		{"marks queue, plain values coalesce", []op{{10, false, false}, {20, true, false}, {30, false, false}, {40, true, false}, {50, false, false}, {60, false, false}}, []int64{20, 40, 60}},
		{"a mark that is the latest is taken once", []op{{10, true, false}, {20, true, false}}, []int64{10, 20}},
		{"a mark below the latest is not queued", []op{{50, false, false}, {40, true, false}}, []int64{50}},
		{"a taken mark, then the latest", []op{{10, true, false}, {0, false, true}, {15, false, false}}, []int64{10, 15}},
		{"a plain value coalesces into a later mark", []op{{10, true, false}, {20, false, false}, {0, false, true}, {30, true, false}}, []int64{10, 30}},
		{"a plain value read before the next mark", []op{{10, true, false}, {20, false, false}, {0, false, true}, {0, false, true}, {30, true, false}}, []int64{10, 20, 30}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := NewProgressBox()
			var got []int64
			for _, o := range c.ops {
				switch {
				case o.take:
					if d, _, ok := b.TryTake(); ok {
						got = append(got, d)
					}
				case o.mark:
					b.publishMark(o.done, 100)
				default:
					b.publish(o.done, 100)
				}
			}
			for b.Unread() {
				d, _, ok := b.TryTake()
				if !ok {
					t.Fatal("Unread true but TryTake found nothing")
				}
				got = append(got, d)
			}
			if _, _, ok := b.TryTake(); ok {
				t.Fatal("TryTake found a value after Unread went false")
			}
			if fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Fatalf("taken %v, want %v", got, c.want)
			}
		})
	}
}
