//go:build !linux

package bench

import "os"

// preallocateFile sizes f (sparse: reserving blocks is Linux's fallocate).
func preallocateFile(f *os.File, size int64) error { return f.Truncate(size) }
