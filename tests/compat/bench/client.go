package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"
)

// ChildEnv, set to "1" in a child's environment, tells a test binary that re-executes itself to
// run ClientMain instead of its tests.
const ChildEnv = "OSSBENCH_CHILD"

// childReport is the one JSON line a child writes on stdout.
type childReport struct {
	WallSeconds float64 `json:"wall_s"`
	HWMKiB      int64   `json:"vm_hwm_kib"` // 0 where /proc/self/status has no VmHWM
}

// ClientMain runs one upload described by args (Spec.Args) and writes its wall time and peak
// RSS as JSON to stdout; it returns the process exit status. Only the upload call is timed: process start-up,
// flag parsing and client construction are not.
func ClientMain(args []string, stdout, stderr io.Writer) int {
	spec, err := ParseSpec(args)
	if err != nil {
		fmt.Fprintln(stderr, "ossbench client:", err)
		return 2
	}
	run, err := newRunner(spec)
	if err != nil {
		fmt.Fprintf(stderr, "ossbench client %s: %v\n", spec.Kind, err)
		return 1
	}
	start := time.Now()
	err = run(context.Background())
	wall := time.Since(start)
	if err != nil {
		fmt.Fprintf(stderr, "ossbench client %s: %v\n", spec.Kind, err)
		return 1
	}
	rep := childReport{WallSeconds: wall.Seconds(), HWMKiB: selfHWM()}
	if err := json.NewEncoder(stdout).Encode(rep); err != nil {
		fmt.Fprintln(stderr, "ossbench client:", err)
		return 1
	}
	return 0
}

// newRunner builds the client of spec.Kind and returns the upload (or download) to time.
func newRunner(spec Spec) (func(context.Context) error, error) {
	if !spec.Kind.Downloads() {
		if _, err := os.Stat(spec.File); err != nil {
			return nil, err
		}
	}
	switch spec.Kind {
	case KindOursDL:
		return newOursDL(spec)
	case KindV1DL:
		return newV1DL(spec)
	case KindV2DL:
		return newV2DL(spec)
	case KindRawDL:
		return newRawDL(spec)
	case KindOurs, KindOursSHA:
		if spec.Files > 1 {
			return newOursMany(spec)
		}
		return newOurs(spec)
	case KindV1:
		if spec.Files > 1 {
			return newV1Many(spec)
		}
		return newV1(spec)
	case KindV2:
		return newV2(spec)
	case KindRaw:
		return newRaw(spec)
	}
	return nil, fmt.Errorf("no runner for kind %q", spec.Kind)
}
