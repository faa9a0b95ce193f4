//go:build unix

package download

import (
	"errors"
	"os"
	"strconv"

	"golang.org/x/sys/unix"
)

func writable(dir string) error {
	return unix.Access(dir, unix.W_OK|unix.X_OK)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// preallocateHook replaces preallocate in tests (a disk that is full).
var preallocateHook func(f *os.File, size int64) error

func preallocate(f *os.File, size int64) error {
	if preallocateHook != nil {
		return preallocateHook(f, size)
	}
	err := fallocate(f, size)
	if errors.Is(err, unix.EOPNOTSUPP) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		return nil // the filesystem cannot: the file stays sparse, and a full disk shows on write
	}
	return err
}
