package upload

import (
	"errors"
	"testing"
)

func TestPlan(t *testing.T) {
	const K, M, G = 1 << 10, 1 << 20, 1 << 30
	cases := []struct {
		name           string
		size, partSize int64
		wantSize       int64
		wantCount      int
		wantGrown      bool
	}{
		{"empty file", 0, 0, 8 * M, 0, false},
		{"1 byte, default size", 1, 0, 8 * M, 1, false},
		{"smaller than a part", 100, 100 * K, 100 * K, 1, false},
		{"exactly one part", 100 * K, 100 * K, 100 * K, 1, false},
		{"one byte over one part", 100*K + 1, 100 * K, 100 * K, 2, false},
		{"exactly 10,000 parts", 10000 * 100 * K, 100 * K, 100 * K, 10000, false},
		{"10,001 parts grows", 10001 * 100 * K, 100 * K, 106496, 9617, true},
		{"1 TB at 8 MiB grows", 1e12, 0, 100003840, 10000, true},
		{"max part size", 5 * G, 5 * G, 5 * G, 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ps, n, grown, err := Plan(c.size, c.partSize)
			if err != nil {
				t.Fatal(err)
			}
			if ps != c.wantSize || n != c.wantCount || grown != c.wantGrown {
				t.Fatalf("Plan(%d, %d) = %d, %d, %v; want %d, %d, %v", c.size, c.partSize, ps, n, grown, c.wantSize, c.wantCount, c.wantGrown)
			}
			if n > MaxParts || int64(n)*ps < c.size || ps%4096 != 0 && grown {
				t.Fatalf("plan does not cover the file within the limits")
			}
		})
	}
}

func TestPlanRejects(t *testing.T) {
	for _, c := range []struct{ size, partSize int64 }{
		{1000, 100<<10 - 1}, {1000, 5<<30 + 1}, {1000, -5}, {10000*(5<<30) + 1, 0},
	} {
		_, _, _, err := Plan(c.size, c.partSize)
		var oe *OptionError
		if !errors.As(err, &oe) {
			t.Errorf("Plan(%d, %d): err = %v, want *OptionError", c.size, c.partSize, err)
		}
	}
}

func TestOptionsNormalize(t *testing.T) {
	base := Options{Bucket: "b", Key: "k", FilePath: "/f"}
	o, err := base.normalize()
	if err != nil {
		t.Fatal(err)
	}
	if o.Threads != DefaultThreads || o.Retries != DefaultRetries || o.RetryBase != defaultRetryBase || o.CheckpointPath != "" {
		t.Errorf("defaults: %+v", o)
	}
	cp := base
	cp.Checkpoint = true
	if o, _ := cp.normalize(); o.CheckpointPath != "/f.cp" {
		t.Errorf("default checkpoint path %q, want /f.cp", o.CheckpointPath)
	}
	neg := base
	neg.Retries = -1
	if o, _ := neg.normalize(); o.Retries != 0 {
		t.Errorf("Retries -1 → %d, want 0", o.Retries)
	}
	bad := []struct {
		field  string
		mutate func(o *Options)
	}{
		{"Bucket", func(o *Options) { o.Bucket = "" }},
		{"Key", func(o *Options) { o.Key = "" }},
		{"Key", func(o *Options) { o.Key = string(make([]byte, 1024)) }},
		{"FilePath", func(o *Options) { o.FilePath = "" }},
		{"Threads", func(o *Options) { o.Threads = -1 }},
		{"Threads", func(o *Options) { o.Threads = 1025 }},
		{"CheckpointPath", func(o *Options) { o.CheckpointPath = "/x.cp" }},
		{"Progress", func(o *Options) { o.Progress = func(int64, int64) {}; o.ProgressBox = NewProgressBox() }},
	}
	for _, c := range bad {
		o := base
		c.mutate(&o)
		_, err := o.normalize()
		var oe *OptionError
		if !errors.As(err, &oe) || oe.Field != c.field {
			t.Errorf("%s: err = %v, want *OptionError for %s", c.field, err, c.field)
		}
	}
}
