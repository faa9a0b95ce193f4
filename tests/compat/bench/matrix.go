package bench

import (
	"fmt"
	"strconv"
	"strings"
)

// Cell is one point of the matrix; every kind is measured on it.
type Cell struct {
	Size     int64  `json:"size"`
	PartSize int64  `json:"part_size"`
	Threads  int    `json:"threads"`
	Scheme   string `json:"scheme"` // "http" or "https"
	// Files > 1 makes a many-files cell: Files files of Size bytes each, uploaded one after the
	// other through one client (0 and 1: one file).
	Files int `json:"files,omitempty"`
}

// String names the cell in reports and object keys: "256MiB-8MiB-4t-http",
// "1000x256KiB-8MiB-4t-https".
func (c Cell) String() string {
	size := FormatSize(c.Size)
	if c.Many() {
		size = strconv.Itoa(c.Files) + "x" + size
	}
	return fmt.Sprintf("%s-%s-%dt-%s", size, FormatSize(c.PartSize), c.Threads, c.Scheme)
}

// Many says the cell uploads many files.
func (c Cell) Many() bool { return c.Files > 1 }

// Bytes is what the cell uploads in all.
func (c Cell) Bytes() int64 { return c.Size * int64(max(c.Files, 1)) }

// Matrix lists the cells of sizes × part sizes × threads × schemes, then the extra cells,
// grouped by file size so each test file is generated once.
func Matrix(sizes, parts []int64, threads []int, schemes []string, extra []Cell) []Cell {
	var cells []Cell
	seen := map[Cell]bool{}
	add := func(c Cell) {
		if !seen[c] {
			seen[c] = true
			cells = append(cells, c)
		}
	}
	for _, size := range sizes {
		for _, scheme := range schemes {
			for _, part := range parts {
				for _, t := range threads {
					add(Cell{Size: size, PartSize: part, Threads: t, Scheme: scheme})
				}
			}
		}
		for _, c := range extra {
			if c.Size == size {
				add(c)
			}
		}
	}
	for _, c := range extra {
		add(c)
	}
	return cells
}

// Schedule returns the order of the kinds for repetition rep: the same kinds interleaved, each
// repetition starting one kind later, so no kind always runs first (on a cold connection cache
// or right after the file was written) or always right after the same neighbour.
func Schedule(kinds []Kind, rep int) []Kind {
	out := make([]Kind, len(kinds))
	for i := range kinds {
		out[i] = kinds[(i+rep)%len(kinds)]
	}
	return out
}

// ParseSize reads "256MiB", "2GiB", "512KiB", "100KB" or a plain byte count.
func ParseSize(s string) (int64, error) {
	t := strings.TrimSpace(s)
	units := []struct {
		suffix string
		mult   int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"KB", 1e3}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSuffix(t, u.suffix), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(t), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("size %q: want a positive integer with an optional unit (KiB, MiB, GiB, KB, MB, GB)", s)
	}
	return n * mult, nil
}

// FormatSize writes n in the largest binary unit that divides it.
func FormatSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%dGiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%dMiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%dKiB", n>>10)
	}
	return fmt.Sprintf("%dB", n)
}

// ParseCell reads "size:part:threads:scheme", e.g. "2GiB:512MiB:4:http", or with size as
// "COUNTxSIZE" a many-files cell, e.g. "1000x256KiB:8MiB:4:https".
func ParseCell(s string) (Cell, error) {
	f := strings.Split(s, ":")
	if len(f) != 4 {
		return Cell{}, fmt.Errorf("cell %q: want size:part:threads:scheme", s)
	}
	var c Cell
	var err error
	if n, size, ok := strings.Cut(f[0], "x"); ok {
		if c.Files, err = strconv.Atoi(n); err != nil || c.Files < 1 {
			return c, fmt.Errorf("cell %q: file count %q is not a positive integer", s, n)
		}
		f[0] = size
	}
	if c.Size, err = ParseSize(f[0]); err != nil {
		return c, fmt.Errorf("cell %q: %w", s, err)
	}
	if c.PartSize, err = ParseSize(f[1]); err != nil {
		return c, fmt.Errorf("cell %q: %w", s, err)
	}
	if c.Threads, err = strconv.Atoi(f[2]); err != nil || c.Threads < 1 {
		return c, fmt.Errorf("cell %q: threads %q is not a positive integer", s, f[2])
	}
	if c.Scheme, err = ParseScheme(f[3]); err != nil {
		return c, fmt.Errorf("cell %q: %w", s, err)
	}
	return c, nil
}

// ParseScheme accepts "http" and "https" ("tls" too).
func ParseScheme(s string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "http", "plain":
		return "http", nil
	case "https", "tls":
		return "https", nil
	}
	return "", fmt.Errorf("scheme %q: want http or https", s)
}
