package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
)

// MicroResult is one line of `go test -bench` output.
type MicroResult struct {
	Name    string  `json:"name"` // without the "Benchmark" prefix and the -GOMAXPROCS suffix
	Iters   int64   `json:"iterations"`
	NsPerOp float64 `json:"ns_per_op"`
	MBps    float64 `json:"mb_per_s,omitempty"`
}

// runMicro runs the core/crc64 benchmarks (CRC-64 kernels against hash/crc64, sha256-simd
// against crypto/sha256) in the root module and parses their figures.
func runMicro(ctx context.Context, root, benchtime string) ([]MicroResult, error) {
	if root == "" {
		out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Dir}}", "github.com/ossresume/ossresume").Output()
		if err != nil {
			return nil, fmt.Errorf("locate the root module: %w", err)
		}
		root = strings.TrimSpace(string(out))
	}
	if benchtime == "" {
		benchtime = "1s"
	}
	cmd := exec.CommandContext(ctx, "go", "test", "-run", "^$", "-bench", ".", "-benchtime", benchtime, "./core/crc64/")
	cmd.Dir = root
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go test -bench ./core/crc64/: %v: %s%s", err, out, stderr.Bytes())
	}
	res := parseBench(out)
	if len(res) == 0 {
		return nil, fmt.Errorf("go test -bench ./core/crc64/ printed no benchmark lines: %s", out)
	}
	return res, nil
}

// parseBench reads lines like
// "BenchmarkKernels/1MiB/pclmulqdq-2   1000   98765 ns/op   10616.23 MB/s".
func parseBench(out []byte) []MicroResult {
	var res []MicroResult
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		iters, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			continue
		}
		m := MicroResult{Name: trimProcs(strings.TrimPrefix(f[0], "Benchmark")), Iters: iters}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				m.NsPerOp = v
			case "MB/s":
				m.MBps = v
			}
		}
		res = append(res, m)
	}
	return res
}

// trimProcs drops the "-N" GOMAXPROCS suffix go test appends to names.
func trimProcs(name string) string {
	i := strings.LastIndexByte(name, '-')
	if i < 0 {
		return name
	}
	if _, err := strconv.Atoi(name[i+1:]); err != nil {
		return name
	}
	return name[:i]
}
