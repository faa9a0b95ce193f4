//go:build !linux

package bench

import (
	"os"
	"time"
)

type usage struct {
	user, sys time.Duration
	maxRSSKiB int64
}

// usageOf gives up off Linux, where ru_maxrss has other units (bytes on macOS) or is absent.
func usageOf(*os.ProcessState) (usage, bool) { return usage{}, false }
