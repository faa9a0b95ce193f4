package bench

import (
	"os"
	"syscall"
	"time"
)

type usage struct {
	user, sys time.Duration
	maxRSSKiB int64
}

// usageOf reads a finished child's rusage; Linux reports ru_maxrss in KiB.
func usageOf(ps *os.ProcessState) (usage, bool) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok || ru == nil {
		return usage{}, false
	}
	return usage{
		user:      time.Duration(ru.Utime.Nano()),
		sys:       time.Duration(ru.Stime.Nano()),
		maxRSSKiB: ru.Maxrss,
	}, true
}
