package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// Sample is one run of one client on one cell.
type Sample struct {
	Rep   int     `json:"rep"`
	WallS float64 `json:"wall_s"` // the upload call, as the child timed it
	UserS float64 `json:"user_s"` // the child's whole life, from rusage
	SysS  float64 `json:"sys_s"`
	// MaxRSSKiB is the child's own peak RSS: its VmHWM, read as it finishes. The rusage
	// ru_maxrss (RusageMaxRSSKiB) cannot serve: Linux carries the high-water mark of the
	// address space a process had before exec into the new program's, and a Go child starts on
	// a vfork-style clone sharing the driver's, so ru_maxrss is at least the driver's RSS.
	MaxRSSKiB       int64 `json:"max_rss_kib"`
	RusageMaxRSSKiB int64 `json:"rusage_max_rss_kib"`
}

// CPUS is user+sys.
func (s Sample) CPUS() float64 { return s.UserS + s.SysS }

// runChild runs one client process and measures it. The child's stdout carries its wall time;
// its stderr becomes the error text when it fails.
func runChild(ctx context.Context, exe string, pre []string, env []string, spec Spec) (Sample, error) {
	cmd := exec.CommandContext(ctx, exe, append(append([]string(nil), pre...), spec.Args()...)...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = msg[:2000] + "…"
		}
		return Sample{}, fmt.Errorf("%s client: %v: %s", spec.Kind, err, msg)
	}
	var rep childReport
	if err := json.Unmarshal(bytes.TrimSpace(stdout.Bytes()), &rep); err != nil || rep.WallSeconds <= 0 {
		return Sample{}, fmt.Errorf("%s client: no wall time on stdout (%q)", spec.Kind, stdout.String())
	}
	s := Sample{WallS: rep.WallSeconds}
	u, ok := usageOf(cmd.ProcessState)
	if !ok {
		return Sample{}, fmt.Errorf("%s client: no rusage on this platform", spec.Kind)
	}
	s.UserS, s.SysS, s.RusageMaxRSSKiB = u.user.Seconds(), u.sys.Seconds(), u.maxRSSKiB
	if s.MaxRSSKiB = rep.HWMKiB; s.MaxRSSKiB <= 0 {
		return Sample{}, fmt.Errorf("%s client: it reported no peak RSS (VmHWM)", spec.Kind)
	}
	return s, nil
}
