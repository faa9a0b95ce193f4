package bench

import (
	"slices"
	"testing"
)

func TestParseSize(t *testing.T) {
	cases := []struct {
		in   string
		want int64
		bad  bool
	}{
		{"256MiB", 256 << 20, false},
		{"2GiB", 2 << 30, false},
		{"100KiB", 100 << 10, false},
		{"5MB", 5e6, false},
		{"4096", 4096, false},
		{" 8MiB ", 8 << 20, false},
		{"0MiB", 0, true},
		{"-1", 0, true},
		{"MiB", 0, true},
		{"1.5GiB", 0, true},
		{"12XB", 0, true},
	}
	for _, c := range cases {
		got, err := ParseSize(c.in)
		if c.bad {
			if err == nil {
				t.Errorf("ParseSize(%q) = %d, want an error", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", c.in, got, err, c.want)
		}
	}
	for _, n := range []int64{2 << 30, 256 << 20, 100 << 10, 1000} {
		if back, err := ParseSize(FormatSize(n)); err != nil || back != n {
			t.Errorf("FormatSize(%d) = %q does not parse back (%d, %v)", n, FormatSize(n), back, err)
		}
	}
}

func TestParseCell(t *testing.T) {
	c, err := ParseCell("2GiB:512MiB:4:tls")
	if err != nil || c != (Cell{Size: 2 << 30, PartSize: 512 << 20, Threads: 4, Scheme: "https"}) {
		t.Fatalf("ParseCell: %+v, %v", c, err)
	}
	if c.String() != "2GiB-512MiB-4t-https" {
		t.Errorf("String() = %q", c.String())
	}
	if c, err := ParseCell("1000x256KiB:8MiB:4:https"); err != nil || c.Files != 1000 || c.Size != 256<<10 ||
		c.String() != "1000x256KiB-8MiB-4t-https" || c.Bytes() != 1000*256<<10 {
		t.Errorf("many-files cell: %+v (%s), %v", c, c, err)
	}
	for _, bad := range []string{"2GiB:512MiB:4", "2GiB:512MiB:0:http", "2GiB:x:4:http", "2GiB:8MiB:4:ftp", "0x1MiB:8MiB:4:http", "ax1MiB:8MiB:4:http"} {
		if _, err := ParseCell(bad); err == nil {
			t.Errorf("ParseCell(%q): no error", bad)
		}
	}
}

func TestMatrix(t *testing.T) {
	extra := []Cell{{Size: 2 << 30, PartSize: 512 << 20, Threads: 4, Scheme: "http"}, {Size: 1 << 20, PartSize: 1 << 20, Threads: 1, Scheme: "http"}}
	cells := Matrix([]int64{256 << 20, 2 << 30}, []int64{8 << 20, 64 << 20}, []int{1, 4}, []string{"http", "https"}, extra)
	if len(cells) != 2*2*2*2+2 {
		t.Fatalf("%d cells, want 18", len(cells))
	}
	// Grouped by size, so each file is written once and removed before the next.
	sizes := []int64{}
	for _, c := range cells {
		if len(sizes) == 0 || sizes[len(sizes)-1] != c.Size {
			sizes = append(sizes, c.Size)
		}
	}
	if !slices.Equal(sizes, []int64{256 << 20, 2 << 30, 1 << 20}) {
		t.Errorf("sizes in order %v: a size comes back after another", sizes)
	}
	if cells[16] != extra[0] {
		t.Errorf("the 2 GiB extra cell is not with the 2 GiB cells: %v", cells[16])
	}
	// An extra cell already in the matrix is not run twice.
	if n := len(Matrix([]int64{1 << 20}, []int64{1 << 20}, []int{1}, []string{"http"}, extra[1:])); n != 1 {
		t.Errorf("duplicate cell kept: %d cells", n)
	}
}

func TestSchedule(t *testing.T) {
	first := map[Kind]int{}
	n := 2 * len(AllKinds)
	for rep := range n {
		order := Schedule(AllKinds, rep)
		sorted := slices.Clone(order)
		slices.Sort(sorted)
		want := slices.Clone(AllKinds)
		slices.Sort(want)
		if !slices.Equal(sorted, want) {
			t.Fatalf("rep %d runs %v: not every kind exactly once", rep, order)
		}
		first[order[0]]++
	}
	for _, k := range AllKinds {
		if first[k] != 2 {
			t.Errorf("%s runs first in %d of %d repetitions, want 2", k, first[k], n)
		}
	}
}

func TestSpecRoundTrip(t *testing.T) {
	s := Spec{Kind: KindV2, File: "/tmp/a b.bin", PartSize: 8 << 20, Threads: 4, Endpoint: "https://127.0.0.1:9000",
		CAFile: "/tmp/ca.pem", Region: "cn-hangzhou", Bucket: "b-1", Key: "bench/v2/x", KeyID: "ak", Secret: "sk", WorkDir: "/tmp/w", Files: 1000}
	back, err := ParseSpec(s.Args())
	if err != nil || back != s {
		t.Fatalf("ParseSpec(Args()) = %+v, %v; want %+v", back, err, s)
	}
	for name, mutate := range map[string]func(*Spec){
		"kind":    func(s *Spec) { s.Kind = "v3" },
		"file":    func(s *Spec) { s.File = "" },
		"part":    func(s *Spec) { s.PartSize = 0 },
		"threads": func(s *Spec) { s.Threads = 0 },
		"key":     func(s *Spec) { s.Key = "" },
		"secret":  func(s *Spec) { s.Secret = "" },
		"workdir": func(s *Spec) { s.WorkDir = "" },
		"files":   func(s *Spec) { s.Files = -1 },
	} {
		bad := s
		mutate(&bad)
		if _, err := ParseSpec(bad.Args()); err == nil {
			t.Errorf("spec with a bad %s accepted", name)
		}
	}
}
