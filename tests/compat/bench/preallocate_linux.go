package bench

import (
	"os"
	"syscall"
)

// preallocateFile sizes f and reserves its blocks, as core/download does with its temporary file.
func preallocateFile(f *os.File, size int64) error {
	if err := syscall.Fallocate(int(f.Fd()), 0, 0, size); err == nil {
		return nil
	}
	return f.Truncate(size) // a filesystem without fallocate: sparse, as core/download falls back
}
